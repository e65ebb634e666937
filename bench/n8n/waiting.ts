/**
 * Helpers for the waiting benchmark (bench/waiting.bench.ts): workflows whose graph is not a
 * line (a status loop back through a Wait node), executions that outlive any HTTP request (a
 * Webhook node answering at once, the execution read back from n8n's API), and a sampler of
 * the states n8n reports while executions run, which is how a wait held in memory ("running")
 * is told from one parked in the database ("waiting", with its waitTill).
 */
import { randomUUID } from 'crypto';

import type { N8nServer } from '../../test/e2e/n8n';
import type { DeployedWorkflow, WorkflowNode } from './harness';

export interface GraphNode extends WorkflowNode {
	/** Nodes with webhooks (Webhook, Wait, ours in "wait for the callback") need one. */
	webhookId?: string;
}

/** `{ from: [[to, ...] for output 0, [to, ...] for output 1, ...] }`. */
export type Wiring = Record<string, string[][]>;

/**
 * Deploys a workflow started by a Webhook node named "Webhook" that answers as soon as it is
 * called: these executions last minutes (or are parked), longer than an HTTP request should
 * be held open. `wiring` connects the Webhook itself too.
 */
export async function deployGraph(
	n8n: N8nServer,
	name: string,
	nodes: GraphNode[],
	wiring: Wiring,
): Promise<DeployedWorkflow> {
	const path = `bench-${randomUUID()}`;
	const webhook: GraphNode = {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
	const all = [webhook, ...nodes].map((node, index) => ({
		id: randomUUID(),
		position: [index * 220, 0],
		...node,
	}));
	const connections = Object.fromEntries(
		Object.entries(wiring).map(([from, outputs]) => [
			from,
			{ main: outputs.map((targets) => targets.map((node) => ({ node, type: 'main', index: 0 }))) },
		]),
	);
	const id = await n8n.createWorkflow({ name, nodes: all, connections });
	await n8n.activate(id);
	await n8n.waitForWebhook(path);
	return { id, path };
}

/** Starts one execution of a workflow deployed by deployGraph. */
export async function startExecution(n8n: N8nServer, workflow: DeployedWorkflow): Promise<void> {
	const reply = await n8n.root.post(`/webhook/${workflow.path}`, {});
	if (reply.status !== 200)
		throw new Error(
			`starting workflow ${workflow.id}: ${reply.status} ${JSON.stringify(reply.data)}`,
		);
}

const ENDED = ['success', 'error', 'crashed', 'canceled'];

/** The workflow's first execution once it has ended (with its data), or undefined at the deadline. */
export async function endedExecution(
	n8n: N8nServer,
	workflowId: string,
	deadline: number,
): Promise<Record<string, any> | undefined> {
	while (Date.now() < deadline) {
		const ended = (await n8n.executions(workflowId)).find((execution) =>
			ENDED.includes(execution.status),
		);
		if (ended) return ended;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	return undefined;
}

export interface NodeRun {
	startTime: number;
	executionTime: number;
	data?: { main?: Array<Array<{ json: Record<string, any> }> | null> };
	error?: unknown;
}

/** Every run of a node in an execution, oldest first (a node in a loop runs many times). */
export function nodeRuns(execution: Record<string, any>, node: string): NodeRun[] {
	return execution.data?.resultData?.runData?.[node] ?? [];
}

/** When a run handed its output on (epoch ms, n8n's clock: the same machine as ours). */
export const runEnd = (run: NodeRun) => run.startTime + run.executionTime;

/** The JSON of a run's first item on its first output. */
export const runJson = (run: NodeRun | undefined) => run?.data?.main?.[0]?.[0]?.json ?? {};

export interface SeenStates {
	/** Every status n8n reported for the workflow's execution while it was sampled. */
	states: Set<string>;
	/** The waitTill values seen while it was "waiting" (ISO strings). */
	waitTills: Set<string>;
}

/**
 * Samples n8n's execution list every `everyMs`: which executions are running and which are
 * waiting (parked in the database until waitTill or a resume call). The public API leaves
 * running executions out unless asked for them by status, so both are asked for.
 */
export class StateSampler {
	private readonly seen = new Map<string, SeenStates>();

	private timer?: NodeJS.Timeout;

	private sampling = false;

	constructor(
		private readonly n8n: N8nServer,
		private readonly everyMs = 2000,
	) {}

	start(): void {
		this.timer = setInterval(() => void this.sample(), this.everyMs);
		void this.sample();
	}

	stop(): void {
		clearInterval(this.timer);
	}

	statesOf(workflowId: string): SeenStates {
		return this.seen.get(workflowId) ?? { states: new Set(), waitTills: new Set() };
	}

	private async sample(): Promise<void> {
		// A slow answer must not pile samples up on a busy machine.
		if (this.sampling) return;
		this.sampling = true;
		try {
			for (const status of ['running', 'waiting']) {
				const reply = await this.n8n.api.get('/executions', { params: { status, limit: 250 } });
				for (const execution of reply.data?.data ?? []) {
					const seen = this.seen.get(execution.workflowId) ?? {
						states: new Set<string>(),
						waitTills: new Set<string>(),
					};
					seen.states.add(String(execution.status));
					if (execution.status === 'waiting' && execution.waitTill)
						seen.waitTills.add(String(execution.waitTill));
					this.seen.set(execution.workflowId, seen);
				}
			}
		} catch {
			// A missed sample only thins the evidence.
		} finally {
			this.sampling = false;
		}
	}
}
