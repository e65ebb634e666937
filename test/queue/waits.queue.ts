import {
	deployExample,
	endedExecutions,
	executionsOf,
	outputOf,
	queueSuite,
	replyOf,
	until,
	webhookProcessor,
	workersThatRan,
} from './suite';

/**
 * Waiting in queue mode: "Wait for the Callback Here" parks the execution in Postgres on the
 * worker that ran it and is resumed through the webhook processor (the resume URL is built from
 * N8N_WEBHOOK_URL); "Wait for Completion" polls on a worker.
 */
const suite = queueSuite();

const waiting = (workflowId: string) =>
	until(async () => {
		const [execution] = await executionsOf(suite, workflowId);
		return execution?.status === 'waiting' ? execution : undefined;
	}, 'the waiting execution');

test('Tencent: Wait for the Callback Here parks on a worker and is resumed through the webhook processor', async () => {
	await suite.client.tencent.configure({ callbackDelayMs: 3000 });
	await suite.client.tencent.queueResults({ text: '请稍候，正在为您转接。', audioTime: 4.25 });
	const id = await deployExample(suite, 'tencent-asr-wait-for-callback.json', 'q-tencent-wait');
	expect((await webhookProcessor(suite).post('/webhook/q-tencent-wait', {})).status).toBe(200);

	const parked = await waiting(id);
	expect(workersThatRan(suite, parked.id)).toHaveLength(1);
	const [create] = await suite.client.requests('tencent');
	const resumeUrl = new URL(create.query.callback_url);
	expect(resumeUrl.origin).toBe(suite.cluster.webhook.url);
	expect(resumeUrl.pathname).toBe(`/webhook-waiting/${parked.id}`);

	const [execution] = await endedExecutions(suite, id);
	expect(execution.id).toBe(parked.id);
	expect(execution.status).toBe('success');
	expect(outputOf(execution, 'Tencent Cloud ASR')).toMatchObject([
		{ vendor: 'tencent', status: 'succeeded', transcript: '请稍候，正在为您转接。' },
	]);
	const [callback] = await suite.client.tencent.callbacks();
	expect(replyOf(callback)).toEqual([200, { code: 0, message: '成功' }]);
});

test('Huawei: Wait for the Callback Here is resumed through the webhook processor; a forged callback is refused there', async () => {
	await suite.client.huawei.configure({ finishAfterMs: 3000 });
	const id = await deployExample(
		suite,
		'huawei-moderation-wait-for-callback.json',
		'q-huawei-wait',
	);
	await webhookProcessor(suite).post('/webhook/q-huawei-wait', {});
	const parked = await waiting(id);
	const [create] = await suite.client.requests('huawei');
	const resumeUrl = JSON.parse(create.body).callback;
	expect(new URL(resumeUrl).origin).toBe(suite.cluster.webhook.url);
	const [jobId] = await suite.client.huawei.jobs();
	expect(
		(await suite.client.huawei.sendCallback({ url: resumeUrl, jobId, forge: 'wrongSeed' })).status,
	).toBe(401);

	const [execution] = await endedExecutions(suite, id);
	expect([execution.id, execution.status]).toEqual([parked.id, 'success']);
	expect(outputOf(execution, 'Huawei Cloud Moderation')).toMatchObject([
		{ vendor: 'huawei', taskId: jobId, status: 'succeeded' },
	]);
	expect(
		(await suite.client.huawei.callbacks()).filter((attempt) => attempt.accepted),
	).toHaveLength(1);
});

test('a worker killed while its execution waits for the callback, then restarted: the execution is resumed, nothing lost', async () => {
	// Long enough to kill and restart the worker before Huawei calls back.
	await suite.client.huawei.configure({ finishAfterMs: 25_000 });
	const id = await deployExample(
		suite,
		'huawei-moderation-wait-for-callback.json',
		'q-huawei-kill',
	);
	await webhookProcessor(suite).post('/webhook/q-huawei-kill', {});
	const parked = await waiting(id);
	const [ranOn] = workersThatRan(suite, parked.id);
	const worker = suite.cluster.workers[Number(ranOn.split('-')[1]) - 1];

	await worker.kill();
	await worker.start();
	expect((await suite.client.huawei.callbacks()).length).toBe(0);

	const [execution] = await endedExecutions(suite, id, 1, 60_000);
	expect([execution.id, execution.status]).toEqual([parked.id, 'success']);
	expect(outputOf(execution, 'Huawei Cloud Moderation')).toMatchObject([
		{ vendor: 'huawei', status: 'succeeded' },
	]);
	expect(
		(await suite.client.huawei.callbacks()).filter((attempt) => attempt.accepted),
	).toHaveLength(1);
}, 120_000);

test('Tencent API 3.0: Wait for Completion polls on a worker to the transcript', async () => {
	const id = await deployExample(suite, 'tencent-asr-api3-create-and-wait.json', 'q-tencent3-wait');
	await webhookProcessor(suite).post('/webhook/q-tencent3-wait', {});
	const [execution] = await endedExecutions(suite, id);
	expect(execution.status).toBe('success');
	expect(workersThatRan(suite, execution.id)).toHaveLength(1);
	const [task] = outputOf(execution, 'Tencent Cloud ASR');
	expect(task).toMatchObject({ vendor: 'tencent', status: 'succeeded' });
	expect(task.segments[0]).toMatchObject({ speaker: 0, text: expect.any(String) });
	const polls = (await suite.client.requests('tencent3')).filter((request) =>
		String(request.headers['x-tc-action']).includes('DescribeTaskStatus'),
	);
	expect(polls.length).toBeGreaterThan(0);
});

test('n8n limitation: a worker killed during Wait for Completion loses that execution; n8n marks it crashed, and the task goes on at the vendor', async () => {
	await suite.client.tencent3.configure({ finishAfterMs: 300_000 });
	const id = await deployExample(suite, 'tencent-asr-api3-create-and-wait.json', 'q-tencent3-kill');
	await webhookProcessor(suite).post('/webhook/q-tencent3-kill', {});
	const running = await until(async () => {
		const [execution] = await executionsOf(suite, id);
		const polled = (await suite.client.requests('tencent3')).some((request) =>
			String(request.headers['x-tc-action']).includes('DescribeTaskStatus'),
		);
		return execution?.status === 'running' && polled ? execution : undefined;
	}, 'the execution polling on a worker');
	const [ranOn] = workersThatRan(suite, running.id);
	const worker = suite.cluster.workers[Number(ranOn.split('-')[1]) - 1];

	await worker.kill();
	await worker.start();
	// Bull moves the job of the killed worker to failed (n8n sets maxStalledCount 0: no job
	// runs twice), and the main instance's queue recovery marks the execution crashed.
	const [execution] = await endedExecutions(suite, id, 1, 150_000);
	expect([execution.id, execution.status]).toEqual([running.id, 'crashed']);
	const creates = (await suite.client.requests('tencent3')).filter((request) =>
		String(request.headers['x-tc-action']).includes('CreateRecTask'),
	);
	expect(creates).toHaveLength(1);
}, 240_000);
