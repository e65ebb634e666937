import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { INode, INodeType } from 'n8n-workflow';

import { nodeTypesByName, PACKAGE_NAME, ROOT } from '../harness/packageTypes';

export interface ExampleWorkflow {
	name: string;
	nodes: INode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export const EXAMPLE_N8N_URL = 'http://127.0.0.1:5678';

/** An example workflow, with the n8n URL it mentions rewritten and credential ids mapped. */
export function loadExample(
	file: string,
	n8nUrl: string,
	credentialIds: Record<string, string>,
): ExampleWorkflow {
	const text = readFileSync(join(ROOT, 'examples', file), 'utf8')
		.split(EXAMPLE_N8N_URL)
		.join(n8nUrl);
	const workflow = JSON.parse(text) as ExampleWorkflow;
	for (const node of workflow.nodes) {
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			if (credentialIds[type])
				node.credentials![type] = { id: credentialIds[type], name: reference.name };
		}
	}
	return workflow;
}

/**
 * The same workflow started by an HTTP call instead of a click: its Manual Trigger becomes a
 * Webhook node (same name, so connections hold). n8n's public API cannot start manual runs.
 */
export function startedByWebhook(workflow: ExampleWorkflow, path: string): ExampleWorkflow {
	const copy = JSON.parse(JSON.stringify(workflow)) as ExampleWorkflow;
	for (const node of copy.nodes) {
		if (node.type !== 'n8n-nodes-base.manualTrigger') continue;
		node.type = 'n8n-nodes-base.webhook';
		node.typeVersion = 2;
		node.webhookId = randomUUID();
		node.parameters = { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} };
	}
	return copy;
}

/** Polls `check` every `everyMs` until it gives a value; `hint` ends the timeout's message. */
export async function until<T>(
	check: () => Promise<T | undefined>,
	what: string,
	timeoutMs = 60_000,
	{ everyMs = 250, hint = '' }: { everyMs?: number; hint?: string } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await check();
		if (value !== undefined) return value;
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
	throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${hint}`);
}

/**
 * A workflow of the Yidun Poll Trigger alone, polling every minute (n8n's shortest interval).
 * n8n's "Every Minute" fires at a second it picks at random when the workflow is activated;
 * `atSecondZero` polls at second 0 instead (a custom cron), for tests that start something
 * just before the poll.
 */
export function yidunPollWorkflow(
	name: string,
	credentialId: string,
	{ atSecondZero = false } = {},
): ExampleWorkflow {
	return {
		name,
		nodes: [
			{
				id: 'poll',
				name: 'Yidun Poll Trigger',
				type: `${PACKAGE_NAME}.yidunPollTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: {
						item: [
							atSecondZero
								? { mode: 'custom', cronExpression: '0 * * * * *' }
								: { mode: 'everyMinute' },
						],
					},
					apiVersion: 'v4',
					maxResults: 500,
				},
				credentials: { yidunApi: { id: credentialId, name: 'NetEase Yidun (sandbox)' } },
			},
		],
		connections: {},
	};
}

/**
 * The production webhook paths a workflow serves once active: each Webhook node's path, and
 * `<webhookId>/<path>` of each of our triggers, as its description declares it.
 */
export function webhookPathsOf(workflow: ExampleWorkflow): string[] {
	return workflow.nodes.flatMap((node) => {
		if (node.type === 'n8n-nodes-base.webhook') return [String(node.parameters.path)];
		const webhooks = (nodeTypesByName[node.type] as INodeType | undefined)?.description?.webhooks;
		return (webhooks ?? [])
			.filter((webhook) => !webhook.restartWebhook && webhook.path && node.webhookId)
			.map((webhook) => `${node.webhookId}/${String(webhook.path)}`);
	});
}
