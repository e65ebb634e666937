/**
 * What every queue-mode test file shares: one cluster (main, two workers, a webhook processor
 * on Redis and Postgres), the vendor sandbox, a credential per vendor made on the main
 * instance, and helpers that reach n8n the way a queue-mode user's traffic does (webhooks and
 * resume calls at the webhook processor, the API at the main instance).
 */
import { readFileSync } from 'fs';
import axios from 'axios';

import { SandboxClient } from '../sandbox/client';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { DEMO_ACCOUNT } from '../sandbox/vendors/tencent';
import { demoHuaweiCredential } from '../sandbox/vendors/huawei';
import { demoNiceCredential } from '../sandbox/vendors/nice';
import { demoYidunCredential } from '../sandbox/vendors/yidun';
import {
	loadExample,
	startedByWebhook,
	until as waitFor,
	webhookPathsOf,
	type ExampleWorkflow,
} from '../e2e/workflows';
import { startQueueCluster, type QueueCluster } from './cluster';

export interface QueueSuite {
	cluster: QueueCluster;
	sandbox: Sandbox;
	client: SandboxClient;
	credentialIds: Record<string, string>;
}

/** Starts the cluster and the sandbox for the calling test file, and stops them after it. */
export function queueSuite(): QueueSuite {
	const suite = {} as QueueSuite;
	beforeAll(async () => {
		suite.sandbox = await startSandbox();
		suite.client = new SandboxClient(suite.sandbox.url);
		suite.cluster = await startQueueCluster();
		const { main } = suite.cluster;
		const url = (vendor: string) => suite.sandbox.vendorUrl(vendor);
		suite.credentialIds = {
			neunitAsrApi: await main.createCredential('Neunit ASR (sandbox)', 'neunitAsrApi', {
				baseUrl: url('neunit'),
			}),
			tencentCloudAsrApi: await main.createCredential(
				'Tencent Cloud ASR (sandbox)',
				'tencentCloudAsrApi',
				{
					...DEMO_ACCOUNT,
					baseUrl: url('tencent'),
					apiEndpoint: url('tencent3'),
					signatureValiditySeconds: 3600,
				},
			),
			yidunApi: await main.createCredential(
				'NetEase Yidun (sandbox)',
				'yidunApi',
				demoYidunCredential(url('yidun'), 'SM3'),
			),
			huaweiCloudApi: await main.createCredential(
				'Huawei Cloud (sandbox)',
				'huaweiCloudApi',
				demoHuaweiCredential(url('huawei')),
			),
			niceApi: await main.createCredential(
				'NICE (sandbox)',
				'niceApi',
				demoNiceCredential(url('nice')),
			),
		};
	}, 600_000);
	afterAll(async () => {
		await suite.cluster?.stop();
		await suite.sandbox?.close();
	}, 120_000);
	beforeEach(async () => {
		await suite.client.reset();
	});
	return suite;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it gives a value. */
export const until = <T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000) =>
	waitFor(check, what, timeoutMs, { everyMs: 300 });

/** The webhook processor, answering with any status. */
export const webhookProcessor = (suite: QueueSuite) =>
	axios.create({ baseURL: suite.cluster.webhook.url, proxy: false, validateStatus: () => true });

/** Resolves once the webhook processor serves the webhook at `path` (activation is by main). */
export const registered = (suite: QueueSuite, path: string) =>
	suite.cluster.webhook.waitForWebhook(path);

/**
 * A sandbox push's reply as `[status, body]`: the body parsed as JSON, or the raw text when it
 * is not JSON, so that a failed assertion shows what the webhook processor really answered.
 */
export function replyOf(push: {
	status: number | string;
	answer: string;
}): [number | string, unknown] {
	try {
		return [push.status, JSON.parse(push.answer)];
	} catch {
		return [push.status, push.answer];
	}
}

/** Creates and activates a workflow; resolves once the webhook processor serves its webhooks. */
export async function deployWorkflow(
	suite: QueueSuite,
	workflow: ExampleWorkflow,
): Promise<string> {
	const id = await suite.cluster.main.createWorkflow(workflow as never);
	await suite.cluster.main.activate(id);
	for (const path of webhookPathsOf(workflow)) await registered(suite, path);
	return id;
}

/** An example workflow started by a Webhook node at `path` instead of a click, deployed. */
export function deployExample(
	suite: QueueSuite,
	file: string,
	path: string,
	edit?: (workflow: ExampleWorkflow) => void,
): Promise<string> {
	const workflow = startedByWebhook(
		loadExample(file, suite.cluster.webhook.url, suite.credentialIds),
		path,
	);
	edit?.(workflow);
	return deployWorkflow(suite, workflow);
}

/** The workflow's executions, newest first, with their data (through the main instance's API, page by page). */
export async function executionsOf(
	suite: QueueSuite,
	workflowId: string,
): Promise<Array<Record<string, any>>> {
	const all: Array<Record<string, any>> = [];
	let cursor: string | undefined;
	do {
		const reply = await suite.cluster.main.api.get('/executions', {
			params: { workflowId, includeData: true, limit: 100, cursor },
		});
		if (reply.status >= 400)
			throw new Error(`listing executions failed: ${reply.status} ${JSON.stringify(reply.data)}`);
		all.push(...reply.data.data);
		cursor = reply.data.nextCursor ?? undefined;
	} while (cursor);
	return all;
}

/** Resolves once the workflow has `count` executions and every one has ended. */
export const endedExecutions = (
	suite: QueueSuite,
	workflowId: string,
	count = 1,
	timeoutMs = 60_000,
) =>
	until(
		async () => {
			const found = await executionsOf(suite, workflowId);
			return found.length >= count &&
				found.every((execution) => ['success', 'error', 'crashed'].includes(execution.status))
				? found
				: undefined;
		},
		`${count} ended executions of workflow ${workflowId}`,
		timeoutMs,
	);

/** Each execution's status, with its error when it did not succeed (for a failing test to show). */
export const statusesOf = (executions: Array<Record<string, any>>) =>
	executions.map((execution) =>
		execution.status === 'success'
			? 'success'
			: `${execution.status}: ${execution.data?.resultData?.error?.message ?? ''} ${execution.data?.resultData?.error?.description ?? ''}`,
	);

export const runData = (execution: Record<string, any>) =>
	execution.data?.resultData?.runData ?? {};

/** The JSON of every item a node output last, in the execution. */
export const outputOf = (execution: Record<string, any>, node: string): any[] =>
	(runData(execution)[node]?.at(-1)?.data?.main?.[0] ?? []).map(
		(item: { json: unknown }) => item.json,
	);

/**
 * The workers whose log says they ran (or resumed) the execution: the main instance runs none
 * in queue mode.
 */
export function workersThatRan(suite: QueueSuite, executionId: string): string[] {
	const started = `Worker started execution ${executionId} (job`;
	return Object.keys(suite.cluster.logs)
		.filter((name) => name.startsWith('worker-'))
		.filter((name) => readFileSync(suite.cluster.logs[name], 'utf8').includes(started));
}
