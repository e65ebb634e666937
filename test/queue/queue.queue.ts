import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import axios from 'axios';

import { callbackSignature, huaweiTime } from '../sandbox/vendors/huawei';
import { PACKAGE_NAME } from '../harness/packageTypes';
import { startQueueCluster, type QueueCluster } from './cluster';

/**
 * The package on n8n's distributed set-up: Redis and Postgres, a main instance, two workers and
 * a webhook processor (test/queue/cluster.ts), every process with the package installed.
 */
let cluster: QueueCluster;

beforeAll(async () => {
	cluster = await startQueueCluster();
}, 600_000);

afterAll(async () => {
	await cluster?.stop();
}, 120_000);

/** The webhook processor, answering with any status. */
const webhookProcessor = () =>
	axios.create({ baseURL: cluster.webhook.url, proxy: false, validateStatus: () => true });

/** Resolves once the webhook processor knows the webhook at `path` (activation is by main). */
async function registered(path: string, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const reply = await webhookProcessor().get(`/webhook/${path}`);
		const message = String(reply.data?.message ?? '');
		if (reply.status !== 404 || !/"GET [^"]*" is not registered/.test(message)) return;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	throw new Error(`webhook ${path} not registered at the webhook processor`);
}

/** A finished execution of the workflow (polled through the main instance's public API). */
async function finished(workflowId: string, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const [execution] = await cluster.main.executions(workflowId);
		if (execution?.finished || ['success', 'error', 'crashed'].includes(execution?.status))
			return execution;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`no finished execution of workflow ${workflowId} within ${timeoutMs / 1000} s`);
}

test('a Huawei callback at the webhook processor starts an execution that a worker runs', async () => {
	const seed = randomUUID().replace(/-/g, '_');
	const webhookId = randomUUID();
	const id = await cluster.main.createWorkflow({
		name: 'queue: Huawei trigger',
		nodes: [
			{
				id: randomUUID(),
				name: 'Trigger',
				type: `${PACKAGE_NAME}.huaweiCloudModerationTrigger`,
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: { verification: 'seed', callbackSeed: seed },
			},
			{
				id: randomUUID(),
				name: 'Done',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { Trigger: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	});
	await cluster.main.activate(id);
	const path = `${webhookId}/callback`;
	await registered(path);

	const now = new Date();
	const job = {
		job_id: `queue_${randomUUID().replace(/-/g, '_')}`,
		request_id: randomUUID().replace(/-/g, ''),
		status: 'succeeded',
		result: { suggestion: 'pass', audio_text: '你好', details: [] },
		request_params: { event_type: 'default', data: { url: 'https://audio.example/a.wav' } },
		create_time: huaweiTime(now),
		update_time: huaweiTime(now),
	};
	const reply = await webhookProcessor().post(`/webhook/${path}`, job, {
		headers: { 'x-auth-signature': callbackSignature(job, seed, 'hex') },
	});
	expect(reply.status).toBe(200);

	const execution = await finished(id);
	expect(execution.status).toBe('success');
	const output = execution.data.resultData.runData.Trigger[0].data.main[0];
	expect(output[0].json).toMatchObject({
		vendor: 'huawei',
		taskId: job.job_id,
		status: 'succeeded',
	});
	// A worker ran it: the main instance runs none in queue mode, and one worker's log says so.
	const started = `Worker started execution ${execution.id} (job`;
	const ran = ['worker-1', 'worker-2'].filter((name) =>
		readFileSync(cluster.logs[name], 'utf8').includes(started),
	);
	expect(ran).toHaveLength(1);
});
