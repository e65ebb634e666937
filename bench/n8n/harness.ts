/**
 * The real n8n the e2e suite boots (the pinned 2.41.1 in test/e2e/runtime), with this package
 * installed from its tarball and the vendor sandbox beside it, for benchmarks that put our
 * nodes next to what users build today from n8n's own nodes. Every workflow starts at a
 * Webhook node answering when the last node is done; a figure is a node's own execution time
 * as n8n records it, so n8n's webhook handling and the item generator count on neither side.
 */
import { randomUUID } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { cpus, tmpdir, totalmem } from 'os';
import { join } from 'path';

import { startSandbox, type Sandbox } from '../../test/sandbox/server';
import {
	freePort,
	installPackage,
	N8nServer,
	packPackage,
	runtimeInstalled,
} from '../../test/e2e/n8n';

export interface BenchN8n {
	n8n: N8nServer;
	sandbox: Sandbox;
	/** Runs a deployed workflow once with `body` posted to its webhook; returns the execution. */
	run(workflow: DeployedWorkflow, body: Record<string, unknown>): Promise<Execution>;
	deploy(name: string, nodes: WorkflowNode[]): Promise<DeployedWorkflow>;
	close(): Promise<void>;
}

export interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface DeployedWorkflow {
	id: string;
	path: string;
}

export interface Execution {
	/** The node's own time as n8n records it (ms). */
	nodeMs(node: string): number;
	/** How many items the node output on its first output. */
	itemCount(node: string): number;
	/** The JSON of the node's first output item. */
	firstJson(node: string): Record<string, any>;
	/** Wall time of the webhook call (ms): from the request until n8n answered. */
	wallMs: number;
}

/** Boots the sandbox and a fresh n8n with the package installed; about a minute. */
export async function startBenchN8n(): Promise<BenchN8n> {
	if (!runtimeInstalled())
		throw new Error('n8n is not installed: run `bash test/e2e/install.sh` (npm run bench does)');
	const folder = mkdtempSync(join(tmpdir(), 'n8n-audio-tasks-bench-'));
	installPackage(folder, packPackage(join(folder, 'pack')));
	const sandbox = await startSandbox();
	const n8n = new N8nServer({
		userFolder: folder,
		port: await freePort(),
		brokerPort: await freePort(),
		logFile: join(folder, 'n8n.log'),
		// BENCH_CPU_PROFILE=<folder>: n8n writes a V8 CPU profile there when it stops.
		nodeArgs: process.env.BENCH_CPU_PROFILE
			? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
			: [],
	});
	await n8n.start();
	await n8n.login();

	const deploy = async (name: string, nodes: WorkflowNode[]): Promise<DeployedWorkflow> => {
		const path = `bench-${randomUUID()}`;
		const webhook = {
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
		};
		const id = await deployChain(n8n, name, [webhook, ...nodes], path);
		return { id, path };
	};

	const run = async (workflow: DeployedWorkflow, body: Record<string, unknown>) => {
		const started = process.hrtime.bigint();
		const reply = await n8n.root.post(`/webhook/${workflow.path}`, body, { timeout: 600_000 });
		const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
		const listed = await n8n.api.get('/executions', {
			params: { workflowId: workflow.id, limit: 1 },
		});
		const id = listed.data?.data?.[0]?.id;
		if (!id)
			throw new Error(`no execution listed: ${listed.status} ${JSON.stringify(listed.data)}`);
		const read = await n8n.api.get(`/executions/${id}`, { params: { includeData: true } });
		if (read.status !== 200) throw new Error(`execution ${id}: ${read.status}`);
		const execution = read.data as Record<string, any>;
		if (reply.status !== 200) {
			const error = execution?.data?.resultData?.error;
			throw new Error(
				`workflow ${workflow.id}: ${reply.status}; ${error?.node?.name ?? ''}: ${error?.message ?? JSON.stringify(reply.data)} ${error?.description ?? ''}`,
			);
		}
		const runData = execution?.data?.resultData?.runData ?? {};
		const task = (node: string) => {
			const found = runData[node]?.[0];
			if (!found) throw new Error(`no run of node ${node} in execution ${execution?.id}`);
			if (found.error) throw new Error(`node ${node} failed: ${JSON.stringify(found.error)}`);
			return found;
		};
		return {
			wallMs,
			nodeMs: (node: string) => Number(task(node).executionTime),
			itemCount: (node: string) => (task(node).data?.main?.[0] ?? []).length,
			firstJson: (node: string) => task(node).data?.main?.[0]?.[0]?.json ?? {},
		};
	};

	return {
		n8n,
		sandbox,
		deploy,
		run,
		close: async () => {
			await n8n.stop();
			await sandbox.close();
			rmSync(folder, { recursive: true, force: true });
		},
	};
}

/**
 * Deploys `nodes` chained in order (each node's first output to the next one) and active, and
 * waits until the first node's webhook at `webhookPath` (under /webhook/) is registered.
 */
export async function deployChain(
	n8n: N8nServer,
	name: string,
	nodes: Array<{ name: string }>,
	webhookPath: string,
): Promise<string> {
	const all = nodes.map((node, index) => ({
		id: randomUUID(),
		position: [index * 220, 0],
		...node,
	}));
	const connections: Record<string, unknown> = {};
	for (let index = 0; index + 1 < all.length; index++)
		connections[all[index].name] = {
			main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]],
		};
	const id = await n8n.createWorkflow({ name, nodes: all, connections });
	await n8n.activate(id);
	await n8n.waitForWebhook(webhookPath);
	return id;
}

/** A Code node that outputs `body.items` copies of `item` (from the webhook's body). */
export function itemGenerator(item: Record<string, unknown>): WorkflowNode {
	return {
		name: 'Items',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: {
			jsCode: `const n = $input.first().json.body.items;\nconst item = ${JSON.stringify(item)};\nreturn Array.from({ length: n }, () => ({ json: { ...item } }));`,
		},
	};
}

export const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Warm-up once each, then `rounds` alternating rounds (ours, baseline, ours, ...); the median
 * time of each side and their ratio. `measure` returns one round's figure in ms.
 */
export async function alternate(
	rounds: number,
	ours: () => Promise<number>,
	baseline: () => Promise<number>,
): Promise<{ oursMs: number; baselineMs: number; ratio: number }> {
	await ours();
	await baseline();
	const oursRuns: number[] = [];
	const baselineRuns: number[] = [];
	for (let round = 0; round < rounds; round++) {
		oursRuns.push(await ours());
		baselineRuns.push(await baseline());
	}
	const oursMs = median(oursRuns);
	const baselineMs = median(baselineRuns);
	return { oursMs, baselineMs, ratio: oursMs / baselineMs };
}

/** The machine a figure was measured on, for bench/RESULTS.md. */
export function machine(): string {
	const cores = cpus();
	return `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
}
