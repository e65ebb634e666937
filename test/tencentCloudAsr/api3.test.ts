import type { INodeParameters } from 'n8n-workflow';

import { runWorkflow, startWorkflow, type RunOptions } from '../harness/engine';
import {
	sandboxCredentials,
	singleNodeWorkflow,
	useSandbox,
	useWebhookServer,
} from '../harness/fixtures';
import { capturedLogs } from '../harness/logs';
import { expectNoSecrets } from '../harness/secrets';
import { DEMO_ACCOUNT } from '../sandbox/vendors/tencent';

const { sandbox, client } = useSandbox();
const webhooks = useWebhookServer();
const credentials = () => ({
	tencentCloudAsrApi: sandboxCredentials(sandbox()).tencentCloudAsrApi,
});

/** A node added today: version 2, API 3.0 by default. */
const workflow = (parameters: INodeParameters, nodeExtra = {}) =>
	singleNodeWorkflow('tencentCloudAsr', parameters, 'tencentCloudAsrApi', {
		typeVersion: 2,
		...nodeExtra,
	});
const tencent = (parameters: INodeParameters, options: RunOptions = {}, nodeExtra = {}) =>
	runWorkflow(workflow(parameters, nodeExtra), { credentials: credentials(), ...options });
const fastWait = { pollIntervalSeconds: 0.05, maxPollIntervalSeconds: 0.1, waitTimeoutSeconds: 10 };
const create = (extra: INodeParameters = {}, options: RunOptions = {}) =>
	tencent(
		{
			operation: 'createTask',
			audioSource: 'url',
			audioUrl: 'https://audio.example/call.wav',
			...extra,
		},
		options,
	);
const calls = async (action: string) =>
	(await client().requests('tencent3')).filter(
		(request) => request.headers['x-tc-action'] === action,
	);

const dialogue = {
	sentences: [
		{ text: '您好，请问有什么可以帮您？', startMs: 0, endMs: 2400, speakerId: 0 },
		{ text: '我想查一下订单。', startMs: 2600, endMs: 4100, speakerId: 1 },
	],
	audioDuration: 4.1,
};

describe('Tencent Cloud ASR API 3.0: Create Recognition Task', () => {
	test('the documented request: engine, channels, format, speakers, hotwords, filters; output the queued task', async () => {
		const result = await create({
			engineModel: '16k_zh_en',
			resultTextFormat: 3,
			recognition: {
				speakerDiarization: true,
				speakerNumber: 2,
				hotwordList: '腾讯云|10',
				filterDirty: 2,
				filterModal: 1,
				filterPunc: 0,
				convertNumMode: 3,
				customizationId: 'c-1',
				hotwordId: 'h-1',
			},
		});
		expect(result.nodeError('Node')).toBeUndefined();
		expect(result.output('Node')[0].json).toMatchObject({
			vendor: 'tencent',
			status: 'queued',
			taskId: '7000001',
		});
		const [request] = await calls('CreateRecTask');
		expect(JSON.parse(request.body)).toEqual({
			EngineModelType: '16k_zh_en',
			ChannelNum: 1,
			ResTextFormat: 3,
			SpeakerDiarization: 1,
			SpeakerNumber: 2,
			HotwordId: 'h-1',
			HotwordList: '腾讯云|10',
			CustomizationId: 'c-1',
			FilterDirty: 2,
			FilterModal: 1,
			FilterPunc: 0,
			ConvertNumMode: 3,
			SourceType: 0,
			Url: 'https://audio.example/call.wav',
		});
		expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(request.headers['x-tc-region']).toBeUndefined();
	});

	test('wait for completion: the sentences become segments with speakers, the transcript and the duration', async () => {
		await client().tencent3.queueResults(dialogue);
		const json = (await create({ resultDelivery: 'waitForCompletion', ...fastWait })).output(
			'Node',
		)[0].json;
		expect(json).toEqual({
			vendor: 'tencent',
			taskId: '7000001',
			status: 'succeeded',
			transcript: '您好，请问有什么可以帮您？我想查一下订单。',
			audioDuration: 4.1,
			segments: [
				{ start: 0, end: 2.4, speaker: 0, text: '您好，请问有什么可以帮您？' },
				{ start: 2.6, end: 4.1, speaker: 1, text: '我想查一下订单。' },
			],
		});
	});

	test('format 0 has no sentence details: the timed lines of Result become segments', async () => {
		await client().tencent3.queueResults(dialogue);
		const json = (
			await create({ resultDelivery: 'waitForCompletion', resultTextFormat: 0, ...fastWait })
		).output('Node')[0].json;
		expect(json.segments).toEqual([
			{ start: 0, end: 2.4, text: '您好，请问有什么可以帮您？' },
			{ start: 2.6, end: 4.1, text: '我想查一下订单。' },
		]);
	});

	test('a binary file up to 5 MB is sent as base64 Data with its length; larger ones are refused before sending', async () => {
		const audio = Buffer.from('RIFF fake wav 中文');
		const input = [
			{
				json: {},
				binary: {
					data: { data: audio.toString('base64'), mimeType: 'audio/wav', fileName: 'a.wav' },
				},
			},
		];
		expect((await create({ audioSource: 'binary' }, { input })).nodeError('Node')).toBeUndefined();
		const [request] = await calls('CreateRecTask');
		expect(JSON.parse(request.body)).toMatchObject({
			SourceType: 1,
			Data: audio.toString('base64'),
			DataLen: audio.length,
		});
		const big = [
			{
				json: {},
				binary: {
					data: { data: '', bytes: 6 * 1024 * 1024, mimeType: 'audio/wav', fileName: 'big.wav' },
				},
			},
		];
		const error = (await create({ audioSource: 'binary' }, { input: big })).nodeError('Node');
		expect(error?.message).toBe('The file in "data" is 6.0 MB; API 3.0 takes at most 5 MB as data');
		expect(String(error?.description)).toContain('use Audio Source: URL');
		expect(await calls('CreateRecTask')).toHaveLength(1);
	});

	test('bad combinations are refused before sending', async () => {
		expect((await create({ channelNum: 2 })).nodeError('Node')?.message).toBe(
			'Two channels need an 8k telephone engine, not "16k_zh"',
		);
		expect(
			(
				await create({
					engineModel: '8k_zh',
					channelNum: 2,
					recognition: { speakerDiarization: true },
				})
			).nodeError('Node')?.message,
		).toBe('Speaker diarization needs mono audio (Channel Count 1)');
		expect(
			(await create({ recognition: { speakerDiarization: true, speakerNumber: 20 } })).nodeError(
				'Node',
			)?.message,
		).toBe('Speaker Count is 20; Tencent takes 1 to 10, or 0 to detect the number');
		const hotwords = (await create({ recognition: { hotwordList: '腾讯云|10,foo' } })).nodeError(
			'Node',
		);
		expect(hotwords?.message).toBe('Hotwords: "foo" is not word|weight');
		expect(hotwords?.description).toContain('腾讯云|10,语音识别|5');
		expect(await calls('CreateRecTask')).toHaveLength(0);
	});

	test('a task that fails is output as failed with ErrorMsg', async () => {
		await client().tencent3.queueResults({ errorMsg: '音频下载失败' });
		const json = (await create({ resultDelivery: 'waitForCompletion', ...fastWait })).output(
			'Node',
		)[0].json;
		expect(json).toMatchObject({
			status: 'failed',
			error: { code: 'TASK_FAILED', message: '音频下载失败' },
		});
	});

	test('60 items created in one run stay within 20 creates per second: no RequestLimitExceeded', async () => {
		const input = Array.from({ length: 60 }, (_, index) => ({ json: { index } }));
		const result = await create({}, { input });
		expect(result.output('Node')).toHaveLength(60);
		expect((await client().tencent3.stats()).limitRefusals).toBe(0);
	}, 20_000);
});

describe('Tencent Cloud ASR API 3.0: Get Task Status and errors', () => {
	test('queued or running, then succeeded when waiting; Include Raw Response gives the reply', async () => {
		await client().tencent3.queueResults(dialogue);
		await create();
		expect(
			(await tencent({ operation: 'getTaskStatus', taskId: '7000001' })).output('Node')[0].json,
		).toMatchObject({ status: 'queued' });
		const done = await tencent({
			operation: 'getTaskStatus',
			taskId: '7000001',
			waitForCompletion: true,
			...fastWait,
			options: { includeRawResponse: true },
		});
		expect(done.output('Node')[0].json).toMatchObject({
			status: 'succeeded',
			raw: { Data: { Status: 2, StatusStr: 'success' } },
		});
	});

	test('FailedOperation.NoSuchTask explained; a task ID that is not a number refused; Continue On Fail', async () => {
		const error = (await tencent({ operation: 'getTaskStatus', taskId: '123' })).nodeError('Node');
		expect(error?.message).toBe(
			'Tencent Cloud ASR error FailedOperation.NoSuchTask: the task does not exist (results are kept 24 hours)',
		);
		expect(
			(await tencent({ operation: 'getTaskStatus', taskId: 'abc' })).nodeError('Node')?.message,
		).toBe('Task ID "abc" is not a number');
		const continued = await tencent(
			{ operation: 'getTaskStatus', taskId: '={{ $json.id }}' },
			{ input: [{ json: { id: '9' } }, { json: { id: 'x' } }] },
			{ onError: 'continueRegularOutput' },
		);
		expect(continued.output('Node').map((item) => String(item.json.error).split(':')[0])).toEqual([
			'Tencent Cloud ASR error FailedOperation.NoSuchTask',
			'Task ID "x" is not a number',
		]);
	});

	test('RequestLimitExceeded is sent again, creates included (refused before the action ran)', async () => {
		await create();
		await client().tencent3.limitNext(2);
		expect(
			(await tencent({ operation: 'getTaskStatus', taskId: '7000001' })).nodeError('Node'),
		).toBeUndefined();
		expect(await calls('DescribeTaskStatus')).toHaveLength(3);
		await client().tencent3.limitNext(1);
		const created = await create();
		expect(created.nodeError('Node')).toBeUndefined();
		expect(created.output('Node')[0].json.status).toBe('queued');
		// The first create, the refused one and the one sent again.
		expect(await calls('CreateRecTask')).toHaveLength(3);
	});

	test('RequestLimitExceeded that outlasts the retries: an error that says what to do', async () => {
		await client().tencent3.limitNext(4);
		const error = (await create()).nodeError('Node');
		expect(error?.message).toBe(
			'Tencent Cloud ASR error RequestLimitExceeded: too many requests per second',
		);
		expect(error?.description).toContain('lower Concurrent Items');
		expect(await calls('CreateRecTask')).toHaveLength(4);
	});

	test('a wrong key: AuthFailure explained', async () => {
		const wrong = await tencent(
			{ operation: 'getTaskStatus', taskId: '1' },
			{
				credentials: {
					tencentCloudAsrApi: {
						...credentials().tencentCloudAsrApi,
						secretKey: 'wrong-wrong-wrong',
					},
				},
			},
		);
		expect(wrong.nodeError('Node')?.message).toBe(
			'Tencent Cloud ASR error AuthFailure.SignatureFailure: the signature does not match',
		);
	});

	test('old workflows (version 1) keep the legacy API and its parameters', async () => {
		const legacy = await runWorkflow(
			singleNodeWorkflow(
				'tencentCloudAsr',
				{
					operation: 'createRecognitionTask',
					audioSource: 'url',
					audioUrl: 'https://audio.example/a.wav',
					callbackUrl: 'https://n8n.example/cb',
				},
				'tencentCloudAsrApi',
			),
			{ credentials: credentials() },
		);
		expect(legacy.nodeError('Node')).toBeUndefined();
		expect(await client().requests('tencent')).toHaveLength(1);
		expect(await client().requests('tencent3')).toHaveLength(0);
	});
});

describe('Tencent Cloud ASR API 3.0: callbacks', () => {
	test('Wait for the Callback Here: the 3.0 callback (with resultDetail) resumes the execution with segments and is answered "success"', async () => {
		await client().tencent3.queueResults(dialogue);
		const running = webhooks().startWorkflow(
			workflow({
				operation: 'createTask',
				audioSource: 'url',
				audioUrl: 'https://audio.example/a.wav',
				resultDelivery: 'waitForCallback',
				maxWaitMinutes: 30,
			}),
			{
				credentials: credentials(),
			},
		);
		expect((await running.result).run.status).toBe('waiting');
		for (
			let attempt = 0;
			attempt < 200 &&
			!(await client().tencent3.callbacks()).some((callback) => callback.status !== 0);
			attempt++
		) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await webhooks().settle();
		const [callback] = await client().tencent3.callbacks();
		expect(callback).toMatchObject({ accepted: true, status: 200 });
		expect(JSON.parse(callback.answer)).toEqual({ code: 0, message: 'success' });
		const output = running.execution.runs.at(-1)!.data.resultData.runData.Node.at(-1)!.data!
			.main[0]!;
		expect(output[0].json).toMatchObject({
			status: 'succeeded',
			segments: [{ speaker: 0 }, { speaker: 1 }],
			audioDuration: 4.1,
		});
	});

	test('the trigger takes 3.0 callbacks too: segments, and the answer 3.0 expects', async () => {
		const TOKEN = 'cb-token-3f9a1c7e5d2b8a406e1f';
		const trigger = {
			...workflow({}),
			nodes: [
				{
					id: 't',
					name: 'Trigger',
					type: 'n8n-nodes-audio-tasks.tencentCloudAsrTrigger',
					typeVersion: 2,
					position: [0, 0] as [number, number],
					webhookId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
					parameters: { callbackToken: TOKEN },
					credentials: { tencentCloudAsrApi: { id: '1', name: 't' } },
				},
			],
		};
		const url = (await webhooks().activate(trigger, { credentials: credentials() })).Trigger;
		await client().tencent3.queueResults(dialogue);
		await create({ resultDelivery: 'callbackUrl', callbackUrl: `${url}?token=${TOKEN}` });
		for (
			let attempt = 0;
			attempt < 200 &&
			!(await client().tencent3.callbacks()).some((callback) => callback.status !== 0);
			attempt++
		) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await webhooks().settle();
		const [callback] = await client().tencent3.callbacks();
		expect(JSON.parse(callback.answer)).toEqual({ code: 0, message: 'success' });
		const [execution] = webhooks().executions.filter(
			(candidate) => candidate.runs[0]?.data.resultData.runData.Trigger,
		);
		expect(
			execution.runs[0].data.resultData.runData.Trigger[0].data!.main[0]![0].json,
		).toMatchObject({
			taskId: '7000001',
			status: 'succeeded',
			transcript: '您好，请问有什么可以帮您？我想查一下订单。',
			segments: [
				{ start: 0, end: 2.4, speaker: 0 },
				{ start: 2.6, end: 4.1, speaker: 1 },
			],
		});
		expect(callback.body).toContain(`appid=${DEMO_ACCOUNT.appId}`);
	});
});

test("Tencent API 3.0: no secret in outputs, errors or n8n's log", async () => {
	const sessionToken = 'sts-session-token-0000000000';
	await client().tencent3.configure({ tokens: [sessionToken] });
	const stored = { ...credentials().tencentCloudAsrApi, sessionToken };
	const runs = [
		await create(
			{ resultDelivery: 'waitForCompletion', ...fastWait, options: { includeRawResponse: true } },
			{ credentials: { tencentCloudAsrApi: stored } },
		),
		await tencent(
			{ operation: 'getTaskStatus', taskId: '1' },
			{
				credentials: { tencentCloudAsrApi: { ...stored, sessionToken: 'wrong-session-token-000' } },
			},
		),
	];
	expect(runs[0].nodeError('Node')).toBeUndefined();
	const secrets = [DEMO_ACCOUNT.secretKey, sessionToken, 'wrong-session-token-000'];
	for (const result of runs)
		expectNoSecrets(
			JSON.stringify({ output: result.output('Node'), error: result.nodeError('Node') }),
			secrets,
		);
	expectNoSecrets(capturedLogs().join('\n'), secrets);
	void startWorkflow;
});
