import type { INode, INodeParameters } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../harness/engine';
import { singleNodeWorkflow, useSandbox, useWebhookServer } from '../harness/fixtures';
import { capturedLogs } from '../harness/logs';
import { PACKAGE_NAME } from '../harness/packageTypes';
import { expectNoSecrets } from '../harness/secrets';
import { DEMO_ACCOUNT } from '../sandbox/vendors/tencent';

const { sandbox, client } = useSandbox();
const webhooks = useWebhookServer();

const TOKEN = 'cb-token-3f9a1c7e5d2b8a406e1f';
const credentials = () => ({
	tencentCloudAsrApi: { ...DEMO_ACCOUNT, baseUrl: sandbox().vendorUrl('tencent') },
	neunitAsrApi: { baseUrl: sandbox().vendorUrl('neunit') },
});

function triggerWorkflow(parameters: INodeParameters = {}, next?: INode): WorkflowJson {
	const trigger: INode = {
		id: 'trigger',
		name: 'Tencent Trigger',
		type: `${PACKAGE_NAME}.tencentCloudAsrTrigger`,
		typeVersion: 1,
		position: [0, 0],
		webhookId: '6b0f2c1e-3a44-4d55-9e66-77f8a9b0c1d2',
		parameters: { callbackToken: TOKEN, ...parameters },
		credentials: { tencentCloudAsrApi: { id: '1', name: 'Tencent' } },
	};
	return {
		nodes: next ? [trigger, next] : [trigger],
		connections: next
			? {
					'Tencent Trigger': {
						main: [[{ node: next.name, type: NodeConnectionTypes.Main, index: 0 }]],
					},
				}
			: {},
	};
}

/** A node after the trigger that fails: a Neunit status read of a task that does not exist. */
const failingNode: INode = {
	id: 'after',
	name: 'Look Up',
	type: `${PACKAGE_NAME}.neunitAsr`,
	typeVersion: 1,
	position: [200, 0],
	parameters: { operation: 'getTaskStatus', taskId: 'does-not-exist' },
	credentials: { neunitAsrApi: { id: '2', name: 'Neunit' } },
};

const fields = (extra: Record<string, string | number> = {}) => ({
	code: 0,
	message: 'success',
	requestId: 4242,
	appid: DEMO_ACCOUNT.appId,
	projectid: 0,
	audioUrl: 'http://test.qq.com/voice_url',
	text: '您好',
	audioTime: 2.5,
	...extra,
});

async function activate(parameters: INodeParameters = {}, next?: INode) {
	const urls = await webhooks().activate(triggerWorkflow(parameters, next), {
		credentials: credentials(),
	});
	return urls['Tencent Trigger'];
}

const startedRuns = async () => {
	await webhooks().settle();
	return webhooks().executions;
};

describe('Tencent Cloud ASR Trigger', () => {
	test('a valid callback starts a run with the task and is acknowledged {"code":0}', async () => {
		const url = await activate();
		const answer = await client().tencent.sendCallback({
			url: `${url}?token=${TOKEN}`,
			fields: fields({ text: '您好，请问 100% & 更多 + more?' }),
		});
		expect(answer).toMatchObject({ status: 200, accepted: true });
		expect(JSON.parse(answer.answer)).toEqual({ code: 0, message: '成功' });

		const [execution] = await startedRuns();
		const output = execution.runs[0].data.resultData.runData['Tencent Trigger'][0].data!.main[0]!;
		expect(output[0].json).toMatchObject({
			vendor: 'tencent',
			taskId: '4242',
			status: 'succeeded',
			transcript: '您好，请问 100% & 更多 + more?',
			audioDuration: 2.5,
		});
	});

	test.each([
		['a missing Content-Type', null],
		['a wrong Content-Type (text/plain)', 'text/plain'],
		['a wrong Content-Type (application/json)', 'application/json'],
		['a charset in the Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
	])('parses the form body with %s', async (_name, contentType) => {
		const url = await activate();
		const answer = await client().tencent.sendCallback({
			url: `${url}?token=${TOKEN}`,
			fields: fields({ text: 'a+b=c & 50% 中文' }),
			contentType,
		});
		expect(answer.status).toBe(200);
		const [execution] = await startedRuns();
		expect(
			execution.runs[0].data.resultData.runData['Tencent Trigger'][0].data!.main[0]![0].json
				.transcript,
		).toBe('a+b=c & 50% 中文');
	});

	test('the whole path: create with the trigger URL as callback_url, the sandbox calls back, the trigger runs', async () => {
		const url = await activate({ options: { includeRawResponse: true } });
		await client().tencent.queueResults({ text: '订单号 #A&B+C 100%', audioTime: 31.5 });
		const created = await runWorkflow(
			singleNodeWorkflow(
				'tencentCloudAsr',
				{
					operation: 'createRecognitionTask',
					audioSource: 'url',
					audioUrl: 'https://audio.example/a.wav',
					resultDelivery: 'callbackUrl',
					callbackUrl: `${url}?token=${TOKEN}`,
				},
				'tencentCloudAsrApi',
			),
			{ credentials: credentials() },
		);
		const taskId = created.output('Node')[0].json.taskId;
		for (
			let attempt = 0;
			attempt < 100 && (await client().tencent.callbacks()).length === 0;
			attempt++
		)
			await new Promise((resolve) => setTimeout(resolve, 20));
		const [execution] = await startedRuns();
		const [item] = execution.runs[0].data.resultData.runData['Tencent Trigger'][0].data!.main[0]!;
		expect(item.json).toMatchObject({
			taskId,
			status: 'succeeded',
			transcript: '订单号 #A&B+C 100%',
			audioDuration: 31.5,
		});
		expect(item.json.raw).toMatchObject({
			requestId: taskId,
			appid: DEMO_ACCOUNT.appId,
			audioUrl: 'https://audio.example/a.wav',
		});
		expect((await client().tencent.callbacks()).map((attempt) => attempt.accepted)).toEqual([true]);
	});

	test.each([
		['no token', ''],
		['a wrong token', '?token=cb-token-3f9a1c7e5d2b8a406e1X'],
		['a token of the wrong length', `?token=${TOKEN}0`],
		['the token in another parameter', `?tok=${TOKEN}`],
	])('%s: 401 and no execution', async (_name, query) => {
		const url = await activate();
		const answer = await client().tencent.sendCallback({ url: `${url}${query}`, fields: fields() });
		expect(answer.status).toBe(401);
		expect(await startedRuns()).toHaveLength(0);
	});

	test.each([
		['a JSON body', '{"code":0,"requestId":1}', 'application/json'],
		['an empty body', '', 'application/x-www-form-urlencoded'],
		['no requestId', 'code=0&message=success&text=x', 'application/x-www-form-urlencoded'],
		[
			'a broken percent escape',
			'code=0&requestId=5&text=%E4%BD',
			'application/x-www-form-urlencoded',
		],
		['a non-numeric code', 'code=ok&requestId=5', 'application/x-www-form-urlencoded'],
	])('%s: 400 and no execution', async (_name, rawBody, contentType) => {
		const url = await activate();
		const answer = await client().tencent.sendCallback({
			url: `${url}?token=${TOKEN}`,
			rawBody,
			contentType,
		});
		expect(answer.status).toBe(400);
		expect(JSON.parse(answer.answer).message).toMatch(/^Not a Tencent ASR callback: /);
		expect(await startedRuns()).toHaveLength(0);
	});

	test('a callback for another App ID: 403 and no execution', async () => {
		const url = await activate();
		expect(
			(
				await client().tencent.sendCallback({
					url: `${url}?token=${TOKEN}`,
					fields: fields({ appid: '1000000001' }),
				})
			).status,
		).toBe(403);
		expect(await startedRuns()).toHaveLength(0);
	});

	test('activation refuses a token too short to protect an unsigned callback', async () => {
		await expect(activate({ callbackToken: 'short' })).rejects.toThrow(
			'The Callback Token must be at least 16 characters',
		);
		await expect(activate({ callbackToken: 'has spaces in it, long enough' })).rejects.toThrow(
			'Callback Token',
		);
	});

	test('acknowledge immediately: a failing workflow still answers {"code":0} (the result is in the execution)', async () => {
		const url = await activate({ acknowledge: 'immediately' }, failingNode);
		await client().tencent.configure({ retryDelayMs: 20 });
		const answer = await client().tencent.sendCallback({
			url: `${url}?token=${TOKEN}`,
			fields: fields(),
		});
		expect(answer.accepted).toBe(true);
		const [execution] = await startedRuns();
		expect(execution.runs[0].status).toBe('error');
	});

	test('acknowledge after success: a failed run answers non-zero, so the sandbox notifies again; nothing is lost', async () => {
		const url = await activate({ acknowledge: 'afterWorkflowSucceeds' }, failingNode);
		await client().tencent.configure({ callbackDelayMs: 10, retryDelayMs: 30 });
		await runWorkflow(
			singleNodeWorkflow(
				'tencentCloudAsr',
				{
					operation: 'createRecognitionTask',
					audioSource: 'url',
					audioUrl: 'https://a/b.wav',
					resultDelivery: 'callbackUrl',
					callbackUrl: `${url}?token=${TOKEN}`,
				},
				'tencentCloudAsrApi',
			),
			{ credentials: credentials() },
		);
		for (
			let attempt = 0;
			attempt < 200 && (await client().tencent.callbacks()).length < 3;
			attempt++
		)
			await new Promise((resolve) => setTimeout(resolve, 20));
		const attempts = await client().tencent.callbacks();
		expect(attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.accepted])).toEqual([
			[1, 500, false],
			[2, 500, false],
			[3, 500, false],
		]);
		const runs = await startedRuns();
		expect(runs).toHaveLength(3);
		for (const execution of runs) {
			expect(execution.runs[0].status).toBe('error');
			// Every delivery carried the result into an execution: the data is there to retry from.
			expect(
				execution.runs[0].data.resultData.runData['Tencent Trigger'][0].data!.main[0]![0].json,
			).toMatchObject({ taskId: '500', status: 'succeeded' });
		}
	});

	test('acknowledge after success: a successful run ending in Acknowledge Callback answers {"code":0} once', async () => {
		const respond: INode = {
			id: 'respond',
			name: 'Respond',
			type: `${PACKAGE_NAME}.tencentCloudAsr`,
			typeVersion: 1,
			position: [200, 0],
			parameters: { operation: 'acknowledgeCallback' },
			credentials: { tencentCloudAsrApi: { id: '1', name: 'Tencent' } },
		};
		const url = await activate({ acknowledge: 'afterWorkflowSucceeds' }, respond);
		const answer = await client().tencent.sendCallback({
			url: `${url}?token=${TOKEN}`,
			fields: fields(),
		});
		expect(answer).toMatchObject({ status: 200, accepted: true });
		const [execution] = await startedRuns();
		expect(execution.runs[0].status).toBe('success');
		expect(
			execution.runs[0].data.resultData.runData.Respond[0].data!.main[0]![0].json,
		).toMatchObject({ taskId: '4242' });
	});

	test('acknowledge after success: a successful run without Acknowledge Callback answers an empty 200, which Tencent retries', async () => {
		const url = await activate({ acknowledge: 'afterWorkflowSucceeds' });
		const answer = await client().tencent.sendCallback({
			url: `${url}?token=${TOKEN}`,
			fields: fields(),
		});
		expect(answer).toMatchObject({ status: 200, answer: '', accepted: false });
	});

	test('secrets: the token and the Secret Key appear in no output, answer or log', async () => {
		const url = await activate({ options: { includeRawResponse: true } });
		const answers = [
			await client().tencent.sendCallback({ url: `${url}?token=${TOKEN}`, fields: fields() }),
			await client().tencent.sendCallback({ url: `${url}?token=wrong-${TOKEN}`, fields: fields() }),
			await client().tencent.sendCallback({ url: `${url}?token=${TOKEN}`, rawBody: 'garbage' }),
		];
		const runs = await startedRuns();
		expectNoSecrets({ answers, runs: runs.map((execution) => execution.runs) }, [
			TOKEN,
			DEMO_ACCOUNT.secretKey,
		]);
		expectNoSecrets(capturedLogs(), [TOKEN, DEMO_ACCOUNT.secretKey]);
	});
});
