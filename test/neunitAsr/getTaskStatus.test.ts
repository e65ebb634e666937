import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow, startWorkflow, type RunOptions } from '../harness/engine';
import { items, singleNodeWorkflow, useSandbox } from '../harness/fixtures';
import { capturedLogs } from '../harness/logs';
import { expectNoSecrets } from '../harness/secrets';

const { sandbox, client } = useSandbox();

const credentials = (extra: ICredentialDataDecryptedObject = {}) => ({
	neunitAsrApi: { baseUrl: sandbox().vendorUrl('neunit'), ...extra },
});
const fastWait = {
	waitForCompletion: true,
	pollIntervalSeconds: 0.02,
	maxPollIntervalSeconds: 0.05,
	backoffFactor: 1.5,
	waitTimeoutSeconds: 10,
};

function getTaskStatus(parameters: INodeParameters, options: RunOptions = {}, nodeExtra = {}) {
	const workflow = singleNodeWorkflow(
		'neunitAsr',
		{ operation: 'getTaskStatus', ...parameters },
		'neunitAsrApi',
		nodeExtra,
	);
	return runWorkflow(workflow, { credentials: credentials(), ...options });
}

describe('Neunit ASR: Get Task Status', () => {
	test('one item: a finished task becomes the common task model', async () => {
		const taskId = await client().neunit.createTask({
			status: 2,
			percent: 100,
			result: '这是个一成功样例',
		});
		const result = await getTaskStatus({ taskId });
		expect(result.output('Node')).toEqual([
			{
				json: {
					vendor: 'neunit',
					taskId,
					status: 'succeeded',
					progress: 100,
					transcript: '这是个一成功样例',
				},
				pairedItem: { item: 0 },
			},
		]);
		const [request] = await client().requests('neunit');
		expect(request).toMatchObject({ method: 'POST', path: '/cloud/asr/v1/get_task_status' });
		expect(JSON.parse(request.body)).toEqual({ task_id: taskId });
		expect(request.headers['content-type']).toContain('application/json');
	});

	test('the raw reply is added under `raw` only when asked for', async () => {
		const taskId = await client().neunit.createTask({ status: 1, percent: 42.5 });
		const plain = await getTaskStatus({ taskId });
		expect(plain.output('Node')[0].json).toEqual({
			vendor: 'neunit',
			taskId,
			status: 'running',
			progress: 42.5,
		});
		const withRaw = await getTaskStatus({ taskId, options: { includeRawResponse: true } });
		expect(withRaw.output('Node')[0].json.raw).toMatchObject({
			code: 0,
			msg: 'OK',
			data: { status: 1, percent: 42.5 },
		});
	});

	test('100 items: one status per item, each paired with its own input item', async () => {
		const taskIds = await Promise.all(
			Array.from({ length: 100 }, (_, index) =>
				client().neunit.createTask({
					status: index % 2 ? 2 : 1,
					result: index % 2 ? `text ${index}` : '',
				}),
			),
		);
		const input = items(100).map((item, index) => ({
			json: { ...item.json, taskId: taskIds[index] },
		}));
		const result = await getTaskStatus({ taskId: '={{ $json.taskId }}' }, { input });
		const output = result.output('Node');
		expect(output).toHaveLength(100);
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.taskId).toBe(taskIds[index]);
			expect(item.json.status).toBe(index % 2 ? 'succeeded' : 'running');
			if (index % 2) expect(item.json.transcript).toBe(`text ${index}`);
		});
		expect(await client().requests('neunit')).toHaveLength(100);
	});

	test('Wait for Completion follows waiting → running → succeeded', async () => {
		const taskId = await client().neunit.createTask({
			status: 0,
			steps: [
				{ status: 1, percent: 35 },
				{ status: 1, percent: 80 },
				{ status: 2, percent: 100, result: '您好，欢迎使用。' },
			],
		});
		const result = await getTaskStatus({
			taskId,
			...fastWait,
			options: { includeRawResponse: true },
		});
		expect(result.output('Node')[0].json).toMatchObject({
			taskId,
			status: 'succeeded',
			progress: 100,
			transcript: '您好，欢迎使用。',
		});
		const seen = (await client().requests('neunit')).length;
		expect(seen).toBe(4);
	});

	test('Wait for Completion times out with the last status and a clear error', async () => {
		const taskId = await client().neunit.createTask({ status: 1, percent: 10 });
		const result = await getTaskStatus({ taskId, ...fastWait, waitTimeoutSeconds: 0.2 });
		const error = result.nodeError('Node');
		expect(error?.message).toMatch(
			new RegExp(
				`Neunit ASR task ${taskId} did not finish within [\\d.]+ s \\(last status: running, 10% done\\)`,
			),
		);
		expect(String(error?.description)).toContain('raise the timeout');
		expect((await client().requests('neunit')).length).toBeGreaterThan(2);
	});

	test('stopping the execution ends the wait at once', async () => {
		const taskId = await client().neunit.createTask({ status: 1 });
		const running = startWorkflow(
			singleNodeWorkflow(
				'neunitAsr',
				{
					operation: 'getTaskStatus',
					taskId,
					...fastWait,
					pollIntervalSeconds: 30,
					maxPollIntervalSeconds: 30,
					waitTimeoutSeconds: 600,
				},
				'neunitAsrApi',
			),
			{
				credentials: credentials(),
			},
		);
		while ((await client().requests('neunit')).length === 0)
			await new Promise((resolve) => setTimeout(resolve, 10));
		const stoppedAt = Date.now();
		running.cancel();
		const result = await running.result;
		expect(Date.now() - stoppedAt).toBeLessThan(5000);
		expect(result.run.status).toBe('canceled');
		expect(await client().requests('neunit')).toHaveLength(1);
	});

	test("a failed task is output as status failed with Neunit's reason", async () => {
		const taskId = await client().neunit.createTask({
			status: 0,
			steps: [{ status: 3, error_msg: '音频格式不支持' }],
		});
		const result = await getTaskStatus({ taskId, ...fastWait });
		expect(result.output('Node')[0].json).toEqual({
			vendor: 'neunit',
			taskId,
			status: 'failed',
			progress: 0,
			error: { code: 'TASK_FAILED', message: '音频格式不支持' },
		});
	});

	test.each([
		[10101001, '音频文件 url 获取失败。', 'the audio file URL could not be fetched'],
		[10101002, '参数 url 不能为空。', 'the url parameter is empty'],
		[10101003, '参数 data 不能为空。', 'the data parameter is empty'],
		[10101004, '参数 data 解析失败。', 'the data parameter could not be parsed'],
		[10101005, 'asr 转义失败，请稍后重试。', 'speech recognition failed, retry later'],
	])('business code %i is explained', async (code, msg, meaning) => {
		const taskId = await client().neunit.createTask({ replyCode: { code, msg } });
		const error = (await getTaskStatus({ taskId })).nodeError('Node');
		expect(error?.message).toContain(`Neunit ASR error ${code}: ${meaning}`);
		expect(String(error?.description)).toContain('What to do:');
		expect(String(error?.description)).toMatch(/Request id: [0-9a-f-]{36}/);
	});

	test("an unknown task gets the vendor's message and a note that the code is unpublished", async () => {
		const error = (await getTaskStatus({ taskId: 'no-such-task' })).nodeError('Node');
		expect(error?.message).toBe('Neunit ASR error 404: task not found');
		expect(String(error?.description)).toContain("not in Neunit ASR's published code table");
	});

	test('an empty task id is refused before anything is sent', async () => {
		const error = (await getTaskStatus({ taskId: '  ' })).nodeError('Node');
		expect(error?.message).toBe('Task ID is empty');
		expect(await client().requests('neunit')).toHaveLength(0);
	});

	test('Continue On Fail: failing items become error items, the rest still run, pairing intact', async () => {
		const good1 = await client().neunit.createTask({ status: 2, result: 'one' });
		const bad = await client().neunit.createTask({
			replyCode: { code: 10101001, msg: '音频文件 url 获取失败。' },
		});
		const good2 = await client().neunit.createTask({ status: 2, result: 'three' });
		const input = [good1, bad, 'missing', good2].map((taskId) => ({ json: { taskId } }));
		const result = await getTaskStatus(
			{ taskId: '={{ $json.taskId }}' },
			{ input },
			{ onError: 'continueRegularOutput' },
		);
		const output = result.output('Node');
		expect(output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(output[0].json).toMatchObject({ status: 'succeeded', transcript: 'one' });
		expect(output[1].json.error).toContain('Neunit ASR error 10101001');
		expect(output[1].json.description).toContain('What to do:');
		expect(output[2].json.error).toBe('Neunit ASR error 404: task not found');
		expect(output[3].json).toMatchObject({ status: 'succeeded', transcript: 'three' });
		expect(result.run.status).toBe('success');
	});

	test('Continue (using error output): failing items leave by the error output with what to do in message', async () => {
		const good = await client().neunit.createTask({ status: 2, result: 'one' });
		const bad = await client().neunit.createTask({
			replyCode: { code: 10101001, msg: '音频文件 url 获取失败。' },
		});
		const input = [good, bad].map((taskId) => ({ json: { taskId } }));
		const result = await getTaskStatus(
			{ taskId: '={{ $json.taskId }}' },
			{ input },
			{ onError: 'continueErrorOutput' },
		);
		expect(result.output('Node', 0).map((item) => [item.json.status, item.pairedItem])).toEqual([
			['succeeded', { item: 0 }],
		]);
		const [failed] = result.output('Node', 1);
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(Object.keys(failed.json).sort()).toEqual(['error', 'message']);
		expect(failed.json.error).toContain('Neunit ASR error 10101001');
		expect(failed.json.message).toContain('What to do:');
		expect(result.run.status).toBe('success');
	});

	test('without Continue On Fail the first failing item stops the node with its item index', async () => {
		const good = await client().neunit.createTask({ status: 2 });
		const input = [good, 'missing', good].map((taskId) => ({ json: { taskId } }));
		const result = await getTaskStatus({ taskId: '={{ $json.taskId }}' }, { input });
		expect(result.nodeError('Node')?.message).toBe('Neunit ASR error 404: task not found');
		expect((result.nodeError('Node')?.context as { itemIndex?: number })?.itemIndex).toBe(1);
		expect(result.run.status).toBe('error');
	});
});

describe('Neunit ASR: faults on the wire', () => {
	test.each([
		['HTTP 500', { kind: 'status', status: 500 }],
		['HTTP 429', { kind: 'status', status: 429, retryAfterSeconds: 0 }],
		['a connection reset', { kind: 'reset' }],
		['a reply slower than the request timeout', { kind: 'slow', delayMs: 1500 }],
	] as const)('the status read succeeds after a retry when it meets %s', async (_name, fault) => {
		const taskId = await client().neunit.createTask({ status: 2, result: 'ok' });
		await client().injectFault({ vendor: 'neunit', ...fault, times: 1 });
		const result = await getTaskStatus({ taskId, options: { requestTimeoutMs: 500 } });
		expect(result.nodeError('Node')).toBeUndefined();
		expect(result.output('Node')[0].json).toMatchObject({ status: 'succeeded', transcript: 'ok' });
		expect((await client().requests('neunit')).length).toBe(2);
	});

	test('a server that keeps failing gives a clear error after 4 attempts', async () => {
		const taskId = await client().neunit.createTask({ status: 2 });
		await client().injectFault({ vendor: 'neunit', kind: 'status', status: 503, times: 10 });
		const error = (await getTaskStatus({ taskId })).nodeError('Node');
		expect(error?.message).toBe('Neunit ASR answered HTTP 503 (server error) (after 4 attempts)');
		expect(String(error?.description)).toContain('try again later');
		expect(await client().requests('neunit')).toHaveLength(4);
	});

	test('connections that keep resetting give a clear error', async () => {
		const taskId = await client().neunit.createTask({ status: 2 });
		await client().injectFault({ vendor: 'neunit', kind: 'reset', times: 10 });
		const error = (await getTaskStatus({ taskId })).nodeError('Node');
		expect(error?.message).toBe(
			'Neunit ASR closed the connection before answering (after 4 attempts)',
		);
		expect(String(error?.description)).toContain('network error ECONNRESET');
	});

	test('a reply that is not JSON gives a clear error', async () => {
		const taskId = await client().neunit.createTask({ status: 2 });
		await client().injectFault({ vendor: 'neunit', kind: 'malformed', times: 1 });
		const error = (await getTaskStatus({ taskId })).nodeError('Node');
		expect(error?.message).toContain(
			'Neunit ASR answered with something that is not a Neunit ASR API reply (HTTP 200',
		);
		expect(String(error?.description)).toContain('Check the base URL');
	});

	test('a base URL where nothing listens is reported as a refused connection', async () => {
		const result = await getTaskStatus(
			{ taskId: 'x' },
			{ credentials: { neunitAsrApi: { baseUrl: 'http://127.0.0.1:9' } } },
		);
		expect(result.nodeError('Node')?.message).toBe('Neunit ASR refused the connection');
		expect(String(result.nodeError('Node')?.description)).toContain('Check the base URL and port');
	});
});

describe('Neunit ASR: account headers and secrets', () => {
	const secretValue = 'nk-secret-value-7f3a9c';
	const secretExtra = 'tok-extra-secret-55e1';

	test('the credential sends its header and extra headers on every request', async () => {
		await client().neunit.requireHeaders({ 'X-Api-Key': secretValue, 'X-Token': secretExtra });
		const taskId = await client().neunit.createTask({ status: 2, result: 'ok' });
		const result = await getTaskStatus(
			{ taskId },
			{
				credentials: credentials({
					keyHeaderName: 'X-Api-Key',
					apiKey: secretValue,
					extraSecretHeaders: JSON.stringify({ 'X-Token': secretExtra }),
				}),
			},
		);
		expect(result.output('Node')[0].json.status).toBe('succeeded');
		const [request] = await client().requests('neunit');
		expect(request.headers['x-api-key']).toBe(secretValue);
		expect(request.headers['x-token']).toBe(secretExtra);
	});

	test('a wrong key is refused with a clear error', async () => {
		await client().neunit.requireHeaders({ 'X-Api-Key': secretValue });
		const error = (
			await getTaskStatus(
				{ taskId: 'x' },
				{ credentials: credentials({ keyHeaderName: 'X-Api-Key', apiKey: 'wrong-key-000' }) },
			)
		).nodeError('Node');
		expect(error?.message).toBe('Neunit ASR refused the credentials (HTTP 401)');
		expect(String(error?.description)).toContain('Check the keys or headers in the credential');
	});

	test('no secret header value appears in any output or error, whatever fails', async () => {
		const secretCredentials = credentials({
			keyHeaderName: 'X-Api-Key',
			apiKey: secretValue,
			extraSecretHeaders: JSON.stringify({ 'X-Token': secretExtra }),
		});
		await client().neunit.requireHeaders({ 'X-Api-Key': secretValue, 'X-Token': secretExtra });
		const good = await client().neunit.createTask({ status: 2, result: 'ok' });
		const failing = await client().neunit.createTask({
			replyCode: { code: 10101005, msg: 'asr 转义失败，请稍后重试。' },
		});
		const runs = [
			await getTaskStatus(
				{ taskId: good, options: { includeRawResponse: true } },
				{ credentials: secretCredentials },
			),
			await getTaskStatus({ taskId: failing }, { credentials: secretCredentials }),
			await getTaskStatus({ taskId: 'missing' }, { credentials: secretCredentials }),
			await getTaskStatus(
				{ taskId: good, ...fastWait, waitTimeoutSeconds: 0 },
				{ credentials: secretCredentials },
			),
		];
		await client().injectFault({ vendor: 'neunit', kind: 'status', status: 500, times: 10 });
		runs.push(await getTaskStatus({ taskId: good }, { credentials: secretCredentials }));
		await client().injectFault({ vendor: 'neunit', kind: 'malformed', times: 1 });
		runs.push(await getTaskStatus({ taskId: good }, { credentials: secretCredentials }));
		runs.push(
			await getTaskStatus(
				{ taskId: good },
				{
					credentials: credentials({
						keyHeaderName: 'X-Api-Key',
						apiKey: secretValue,
						extraSecretHeaders: `{"X-Token": "${secretExtra}"`,
					}),
				},
			),
		);
		runs.push(
			await getTaskStatus(
				{ taskId: good },
				{
					credentials: {
						neunitAsrApi: {
							baseUrl: 'http://127.0.0.1:9',
							keyHeaderName: 'X-Api-Key',
							apiKey: secretValue,
						},
					},
				},
			),
		);

		expect(runs.filter((run) => run.run.status === 'error')).toHaveLength(6);
		for (const { run } of runs) expectNoSecrets(run, [secretValue, secretExtra]);
		// What n8n itself logged about these failures (it logs every node error).
		expect(capturedLogs().some((line) => line.includes('Neunit ASR error 10101005'))).toBe(true);
		expectNoSecrets(capturedLogs(), [secretValue, secretExtra]);
	});

	test('extra headers that are not JSON give an error that does not quote them', async () => {
		const error = (
			await getTaskStatus(
				{ taskId: 'x' },
				{ credentials: credentials({ extraSecretHeaders: `{"X-Token": "${secretExtra}"` }) },
			)
		).nodeError('Node');
		expect(error?.message).toContain('Extra Secret Headers is not valid JSON');
		expect(await client().requests('neunit')).toHaveLength(0);
	});
});

describe('Neunit ASR: several items at once', () => {
	test('Concurrent Items 4: requests reach Neunit four at a time, output in input order', async () => {
		const taskIds = await Promise.all(
			Array.from({ length: 8 }, (_, index) =>
				client().neunit.createTask({ status: 1, percent: index }),
			),
		);
		// Every answer takes a second: a fifth request can only start when one of the first four
		// has been answered, while the first four are all sent before any answer.
		await client().injectFault({ vendor: 'neunit', kind: 'slow', delayMs: 1000, times: 8 });
		const result = await getTaskStatus(
			{ taskId: '={{ $json.taskId }}', options: { concurrency: 4 } },
			{ input: taskIds.map((taskId) => ({ json: { taskId } })) },
		);
		expect(result.output('Node').map((item) => [item.json.taskId, item.pairedItem])).toEqual(
			taskIds.map((taskId, index) => [taskId, { item: index }]),
		);
		const requests = await client().requests('neunit');
		const received = requests.map((request) => request.receivedAt).sort((a, b) => a - b);
		const firstAnswer = Math.min(...requests.map((request) => request.answeredAt!));
		expect(received).toHaveLength(8);
		// Causal, not timed: four were in before any answer, the fifth only after one.
		expect(received[3]).toBeLessThan(firstAnswer);
		expect(received[4]).toBeGreaterThanOrEqual(firstAnswer);
	});
});
