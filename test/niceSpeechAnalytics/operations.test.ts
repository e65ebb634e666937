import { createHash, randomBytes } from 'crypto';
import type { INodeParameters } from 'n8n-workflow';

import { niceJwt } from '../../credentials/NiceApi.credentials';
import { runWorkflow, type RunOptions } from '../harness/engine';
import { sandboxCredentials, singleNodeWorkflow, useSandbox } from '../harness/fixtures';
import { testCredential } from '../harness/credentialTest';
import { capturedLogs } from '../harness/logs';
import { expectNoSecrets } from '../harness/secrets';
import { DEMO_NICE_ACCOUNT } from '../sandbox/vendors/nice';

const { sandbox, client } = useSandbox();
const credentials = () => sandboxCredentials(sandbox()).niceApi;

function nice(parameters: INodeParameters, options: RunOptions = {}, nodeExtra = {}) {
	return runWorkflow(singleNodeWorkflow('niceSpeechAnalytics', parameters, 'niceApi', nodeExtra), {
		credentials: { niceApi: credentials() },
		...options,
	});
}
const fastWait = { pollIntervalSeconds: 0.05, maxPollIntervalSeconds: 0.1, waitTimeoutSeconds: 10 };
const createFromUrl = (extra: INodeParameters = {}, options: RunOptions = {}) =>
	nice(
		{
			operation: 'createTask',
			taskType: 'audio',
			fileSource: 'url',
			taskFileUrl: 'https://audio.example/call.wav',
			...extra,
		},
		options,
	);
const taskNoOf = async (extra: INodeParameters = {}) =>
	String((await createFromUrl(extra)).output('Node')[0].json.taskId);

describe('NICE credential', () => {
	test("the JWT has the header and payload of the seed's example token", () => {
		const [header, payload] = niceJwt('N991808258', 'any', 1629457937).split('.');
		expect(`${header}.${payload}`).toBe(
			'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhcHBfaWQiOiJOOTkxODA4MjU4IiwiaWF0IjoxNjI5NDU3OTM3fQ',
		);
	});

	test('Test button: a business errcode for a task that cannot exist proves the keys; a wrong secret is a 401', async () => {
		expect(await testCredential('niceApi', credentials())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(
			await testCredential('niceApi', { ...credentials(), appSecret: 'wrong-secret-0000' }),
		).toEqual({
			status: 'Error',
			message:
				'NICE refused the token: check the App ID and App Secret, and the clock of the n8n host',
		});
		expect(
			(
				await testCredential('niceApi', {
					...credentials(),
					baseUrl: `${sandbox().url}/__control/not-an-api`,
				})
			).message,
		).toContain('not like the NICE API');
	});

	test('every request carries a fresh JWT signed with the App Secret, never the secret', async () => {
		await taskNoOf();
		await taskNoOf();
		const requests = await client().requests('nice');
		const tokens = requests.map((request) => String(request.headers.authorization));
		expect(tokens.every((token) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(token))).toBe(true);
		expect(JSON.stringify(requests)).not.toContain(DEMO_NICE_ACCOUNT.appSecret);
	});
});

describe('NICE: Create Task', () => {
	test('from a URL: the documented fields, the project key from the credential; output the running task', async () => {
		const result = await createFromUrl({
			language: 'cn_cantonese',
			options: { userCode: 'u-1', startTime: '2026-11-21T10:00:00Z' },
		});
		expect(result.output('Node')[0].json).toMatchObject({ vendor: 'nice', status: 'running' });
		const [upload] = await client().nice.uploads();
		expect(upload.fields).toMatchObject({
			project_key: DEMO_NICE_ACCOUNT.projectKeys[0],
			task_type: '1',
			task_file_url: 'https://audio.example/call.wav',
			task_language_type: 'cn_cantonese',
			user_code: 'u-1',
			start_time: String(Date.parse('2026-11-21T10:00:00Z') / 1000),
		});
		expect(Math.abs(Number(upload.fields.ts) - Date.now() / 1000)).toBeLessThan(60);
	});

	test('wait, then parse: the task with segments and transcript, or one item per segment (1.0 and 1.1 alike)', async () => {
		for (const version of ['1.0', '1.1']) {
			const whole = (await createFromUrl({ afterCreate: 'parsed', version, ...fastWait })).output(
				'Node',
			);
			expect(whole).toHaveLength(1);
			expect(whole[0].json).toMatchObject({
				vendor: 'nice',
				status: 'succeeded',
				transcript: '啊啊你好啊王先生,啊欢迎来到我们项目,啊你之前有来过我们项目吗?我们项目占地20亩',
				segments: [{ start: 0.4, end: 6.24, speaker: 'advisor' }],
				result: { kind: 'audio', sex: 'man' },
			});
			const perSegment = (
				await createFromUrl({ afterCreate: 'items', version, ...fastWait })
			).output('Node');
			expect(
				perSegment.map((item) => [
					item.json.speaker,
					item.json.start,
					item.json.end,
					item.pairedItem,
				]),
			).toEqual([['advisor', 0.4, 6.24, { item: 0 }]]);
		}
	});

	test.each([
		[3, 'speech recognition failed (语音识别失败)'],
		[4, 'analysis failed (分析失败)'],
		[5, 'execution error (执行异常)'],
	] as const)(
		'a task ending with status %i is output as failed, with what to do',
		async (endStatus, words) => {
			await client().nice.queueOutcomes({ endStatus });
			const json = (await createFromUrl({ afterCreate: 'parsed', ...fastWait })).output('Node')[0]
				.json;
			expect(json).toMatchObject({ status: 'failed', error: { code: `END_STATUS_${endStatus}` } });
			expect(String((json.error as { message: string }).message)).toContain(words);
		},
	);

	test('text built from the input items: one task for all, or one per item', async () => {
		const input = [
			{ json: { id: 'a', content: '第一条评论' } },
			{ json: { id: 'b', content: '第二条评论' } },
		];
		const text = {
			operation: 'createTask',
			taskType: 'text',
			fileSource: 'items',
			idField: 'id',
			contentField: 'content',
		};
		const one = await nice({ ...text, textTaskPer: 'execution' }, { input });
		expect(one.output('Node')).toHaveLength(1);
		const [upload] = await client().nice.uploads();
		expect(upload.fields).toMatchObject({ task_type: '2', rows: '2' });
		expect(upload.file).toMatchObject({ fileName: 'n8n-items.txt' });
		const expected = JSON.stringify({
			data: [
				{ id: 'a', content: '第一条评论' },
				{ id: 'b', content: '第二条评论' },
			],
		});
		expect(upload.file?.sha256).toBe(createHash('sha256').update(expected).digest('hex'));

		const perItem = await nice(
			{ ...text, textTaskPer: 'item', afterCreate: 'items', ...fastWait },
			{ input },
		);
		expect(
			perItem.output('Node').map((item) => [item.json.kind, item.json.id, item.pairedItem]),
		).toEqual([
			['text', '1', { item: 0 }],
			['text', '1', { item: 1 }],
		]);
		expect(await client().nice.uploads()).toHaveLength(3);
	});

	test('limits and bad input are refused before sending', async () => {
		expect((await createFromUrl({ taskFileUrl: 'ftp://x/a.wav' })).nodeError('Node')?.message).toBe(
			'File URL is not an http(s) URL',
		);
		const items = await nice(
			{ operation: 'createTask', taskType: 'audio', fileSource: 'items' },
			{ input: [{ json: { id: 1, content: 'x' } }] },
		);
		expect(items.nodeError('Node')?.message).toBe('Only text tasks can be built from input items');
		const noText = await nice(
			{ operation: 'createTask', taskType: 'text', fileSource: 'items' },
			{ input: [{ json: { id: 1 } }] },
		);
		expect(noText.nodeError('Node')?.message).toBe('Item 0 has no text in "content"');
		const noProject = await createFromUrl(
			{},
			{ credentials: { niceApi: { ...credentials(), projectKey: '' } } },
		);
		expect(noProject.nodeError('Node')?.message).toBe('No project key');
		expect(await client().nice.uploads()).toHaveLength(0);
	});

	test("NICE's errcode is an error with NICE's message; Continue On Fail gives an error item per failing item", async () => {
		const wrongProject = await createFromUrl({ projectKey: 'not-a-project' });
		expect(wrongProject.nodeError('Node')?.message).toBe('NICE error 40003: 项目不存在');
		// NICE publishes no code list: the error says so and what to check, not "not in the table".
		expect(wrongProject.nodeError('Node')?.description).toContain(
			'NICE publishes no list of its codes',
		);
		expect(wrongProject.nodeError('Node')?.description).toContain('project key');
		const continued = await nice(
			{ operation: 'getStatus', taskNo: '={{ $json.taskNo }}' },
			{ input: [{ json: { taskNo: 'missing-1' } }, { json: { taskNo: await taskNoOf() } }] },
			{ onError: 'continueRegularOutput' },
		);
		expect(continued.output('Node').map((item) => item.json.error ?? item.json.status)).toEqual([
			'NICE error 40004: 任务不存在',
			'running',
		]);
	});
});

describe('NICE: status, files and info', () => {
	test('Get Status, once and waiting', async () => {
		const taskNo = await taskNoOf();
		expect((await nice({ operation: 'getStatus', taskNo })).output('Node')[0].json).toMatchObject({
			taskId: taskNo,
			status: 'running',
		});
		const done = await nice({
			operation: 'getStatus',
			taskNo,
			waitForCompletion: true,
			...fastWait,
			options: { includeRawResponse: true },
		});
		expect(done.output('Node')[0].json).toMatchObject({
			status: 'succeeded',
			raw: { task_end_status: 2, task_status_str: 'NLP处理完成' },
		});
	});

	test('Get Task File: the URL and its deadline, or the file downloaded without the credential', async () => {
		const taskNo = await taskNoOf();
		const link = (await nice({ operation: 'getTaskFile', taskNo })).output('Node')[0].json;
		expect(link.url).toContain(`/nice/files/task-${taskNo}`);
		expect(Date.parse(String(link.deadline)) - Date.now()).toBeGreaterThan(23 * 3600_000);
		const fileRun = await nice({ operation: 'getTaskFile', taskNo, resultOutput: 'file' });
		expect(fileRun.nodeError('Node')).toBeUndefined();
		const file = fileRun.output('Node')[0];
		expect(Buffer.from(file.binary!.data.data, 'base64').toString()).toBe(
			`sandbox file of task ${taskNo}`,
		);
		const download = (await client().requests('nice')).find((request) =>
			request.path.startsWith('/files/'),
		);
		expect(download?.headers.authorization).toBeUndefined();
	});

	test('Get Result File: every output, and an expired URL explained', async () => {
		const taskNo = await taskNoOf();
		await new Promise((resolve) => setTimeout(resolve, 300));
		const file = (
			await nice({ operation: 'getResultFile', taskNo, version: '1.1', resultOutput: 'file' })
		).output('Node')[0];
		expect(JSON.parse(Buffer.from(file.binary!.data.data, 'base64').toString())).toMatchObject({
			sex: 'man',
		});
		const items = (
			await nice({ operation: 'getResultFile', taskNo, resultOutput: 'items' })
		).output('Node');
		expect(items[0].json).toMatchObject({ kind: 'audio', speaker: 'advisor', taskId: taskNo });
		await client().nice.configure({ fileUrlTtlSeconds: -10 });
		const expired = await nice({ operation: 'getResultFile', taskNo, resultOutput: 'parsed' });
		expect(expired.nodeError('Node')?.message).toBe(
			'NICE error URL_EXPIRED: the file URL has expired (NICE file URLs are valid for 24 hours)',
		);
		expect(String(expired.nodeError('Node')?.description)).toContain(
			'Run Get Task File or Get Result File again',
		);
	});

	test('e-commerce results come out one item per comment', async () => {
		await client().nice.queueOutcomes({ endStatus: 2, ecommerce: true });
		const input = [{ json: { id: '1', content: '挺好喝' } }];
		const result = await nice(
			{
				operation: 'createTask',
				taskType: 'text',
				fileSource: 'items',
				afterCreate: 'items',
				...fastWait,
			},
			{ input },
		);
		expect(result.output('Node')[0].json).toMatchObject({
			kind: 'ecommerce',
			index: '0',
			generalSentiment: 'positive',
		});
	});

	test('Get Task Info', async () => {
		const taskNo = await taskNoOf();
		expect((await nice({ operation: 'getTaskInfo', taskNo })).output('Node')[0].json).toMatchObject(
			{
				vendor: 'nice',
				taskId: taskNo,
				task_source: 'API接口',
				task_file_path: 'call.wav',
			},
		);
	});
});

test("NICE: no secret in outputs, errors or n8n's log", async () => {
	const outputs = [
		await createFromUrl({
			afterCreate: 'parsed',
			...fastWait,
			options: { includeRawResponse: true },
		}),
		await nice(
			{ operation: 'getStatus', taskNo: 'x' },
			{ credentials: { niceApi: { ...credentials(), appSecret: 'wrong-secret-9999' } } },
		),
	];
	const secrets = [DEMO_NICE_ACCOUNT.appSecret, 'wrong-secret-9999'];
	for (const result of outputs)
		expectNoSecrets(
			JSON.stringify({ output: result.output('Node'), error: result.nodeError('Node') }),
			secrets,
		);
	expectNoSecrets(capturedLogs().join('\n'), secrets);
	void randomBytes;
});
