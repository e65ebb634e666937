import { randomUUID } from 'crypto';

import { PACKAGE_NAME } from '../harness/packageTypes';
import { callbackSignature, huaweiTime } from '../sandbox/vendors/huawei';
import {
	deployExample,
	deployWorkflow,
	endedExecutions,
	executionsOf,
	outputOf,
	queueSuite,
	registered,
	replyOf,
	sleep,
	webhookProcessor,
	workersThatRan,
} from './suite';

/**
 * Vendor callbacks at the webhook processor: each genuine one becomes an execution that a
 * worker runs; a refused one starts nothing; repeats are ignored per process, and the dedupe
 * key every output carries lets n8n's Remove Duplicates node drop them across processes.
 */
const suite = queueSuite();

/** A workflow of a Huawei trigger (verified by its seed) feeding a No Op. */
async function huaweiTriggerWorkflow(seed: string) {
	const webhookId = randomUUID();
	const id = await deployWorkflow(suite, {
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
	return { id, path: `/webhook/${webhookId}/callback` };
}

/** A finished Huawei job as its callback carries it. */
function huaweiJob() {
	const now = huaweiTime(new Date());
	return {
		job_id: `queue_${randomUUID().replace(/-/g, '_')}`,
		request_id: randomUUID().replace(/-/g, ''),
		status: 'succeeded',
		result: { suggestion: 'pass', audio_text: '你好', details: [] },
		request_params: { event_type: 'default', data: { url: 'https://audio.example/a.wav' } },
		create_time: now,
		update_time: now,
	};
}

const signed = (job: ReturnType<typeof huaweiJob>, seed: string) => ({
	headers: { 'x-auth-signature': callbackSignature(job, seed, 'hex') },
});

test('a Huawei callback at the webhook processor starts an execution that a worker runs; a forged one starts nothing', async () => {
	const seed = randomUUID().replace(/-/g, '_');
	const { id, path } = await huaweiTriggerWorkflow(seed);
	const job = huaweiJob();
	const forged = await webhookProcessor(suite).post(path, job, signed(job, 'not-the-seed'));
	expect(forged.status).toBe(401);
	const reply = await webhookProcessor(suite).post(path, job, signed(job, seed));
	expect(reply.status).toBe(200);

	const [execution] = await endedExecutions(suite, id);
	expect(execution.status).toBe('success');
	expect(outputOf(execution, 'Trigger')).toMatchObject([
		{ vendor: 'huawei', taskId: job.job_id, status: 'succeeded' },
	]);
	expect(workersThatRan(suite, execution.id)).toHaveLength(1);
	await sleep(1000);
	expect(await executionsOf(suite, id)).toHaveLength(1);
});

test('200 Huawei callbacks at once: 200 executions, each job once, run by both workers', async () => {
	const seed = randomUUID().replace(/-/g, '_');
	const { id, path } = await huaweiTriggerWorkflow(seed);
	const jobs = Array.from({ length: 200 }, huaweiJob);
	const replies = await Promise.all(
		jobs.map((job) => webhookProcessor(suite).post(path, job, signed(job, seed))),
	);
	expect(replies.filter((reply) => reply.status === 200)).toHaveLength(200);

	const executions = await endedExecutions(suite, id, 200, 180_000);
	expect(executions).toHaveLength(200);
	expect(executions.filter((execution) => execution.status === 'success')).toHaveLength(200);
	const taskIds = executions.map((execution) => outputOf(execution, 'Trigger')[0].taskId);
	expect([...taskIds].sort()).toEqual(jobs.map((job) => job.job_id).sort());
	const workers = new Set(executions.flatMap((execution) => workersThatRan(suite, execution.id)));
	expect([...workers].sort()).toEqual(['worker-1', 'worker-2']);
}, 240_000);

test('Yidun push repeats: ignored by the webhook processor that saw the push; after a restart (another process) the repeat runs, and Remove Duplicates on taskId drops it', async () => {
	const id = await deployExample(
		suite,
		'yidun-submit-and-push-trigger.json',
		'q-yidun-push',
		(workflow) => {
			workflow.nodes.push({
				id: randomUUID(),
				name: 'Remove Duplicates',
				type: 'n8n-nodes-base.removeDuplicates',
				typeVersion: 2,
				position: [480, 200],
				parameters: {
					operation: 'removeItemsSeenInPreviousExecutions',
					dedupeValue: '={{ $json.taskId }}',
				},
			});
			workflow.connections['Yidun Trigger'] = {
				main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]],
			};
		},
	);
	expect((await webhookProcessor(suite).post('/webhook/q-yidun-push', {})).status).toBe(200);
	// The submit and the push executions.
	const first = await endedExecutions(suite, id, 2);
	const pushed = first.find((execution) => outputOf(execution, 'Yidun Trigger').length > 0)!;
	const [{ taskId }] = outputOf(pushed, 'Yidun Trigger');
	expect(outputOf(pushed, 'Remove Duplicates')).toMatchObject([{ taskId }]);
	const [push] = await suite.client.yidun.pushes();

	const repeat = await suite.client.yidun.push({ url: push.url, taskId });
	expect(replyOf(repeat)).toEqual([200, { code: 200, msg: 'ok (repeat ignored)' }]);
	await sleep(1500);
	expect(await executionsOf(suite, id)).toHaveLength(2);

	// The repeat filter is this process's memory: a restarted (or another) webhook processor
	// has not seen the push, so the repeat runs, and the dedupe key in its output drops it.
	await suite.cluster.webhook.stop();
	await suite.cluster.webhook.start();
	await registered(suite, new URL(push.url).pathname.replace('/webhook/', ''));
	const again = await suite.client.yidun.push({ url: push.url, taskId });
	expect(replyOf(again)).toEqual([200, { code: 200, msg: 'ok' }]);
	const all = await endedExecutions(suite, id, 3);
	const [latest] = all;
	expect(latest.status).toBe('success');
	expect(outputOf(latest, 'Yidun Trigger')).toMatchObject([{ taskId }]);
	expect(outputOf(latest, 'Remove Duplicates')).toEqual([]);
}, 180_000);
