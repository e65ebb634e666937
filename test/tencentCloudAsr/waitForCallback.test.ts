import { singleNodeWorkflow, useSandbox, useWebhookServer } from '../harness/fixtures';
import { DEMO_ACCOUNT } from '../sandbox/vendors/tencent';

const { sandbox, client } = useSandbox();
const webhooks = useWebhookServer();

const credentials = () => ({
	tencentCloudAsrApi: { ...DEMO_ACCOUNT, baseUrl: sandbox().vendorUrl('tencent') },
});
const waitParameters = {
	operation: 'createRecognitionTask',
	audioSource: 'url',
	audioUrl: 'https://audio.example/call.wav',
	resultDelivery: 'waitForCallback',
	maxWaitMinutes: 30,
};

async function until<T>(
	check: () => Promise<T | undefined> | T | undefined,
	what: string,
): Promise<T> {
	for (let attempt = 0; attempt < 200; attempt++) {
		const value = await check();
		if (value) return value;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	throw new Error(`Timed out waiting for ${what}`);
}

describe('Tencent Cloud ASR: Wait for the Callback Here', () => {
	test('parks the execution with the signed resume URL as callback_url, then the callback resumes it with the transcript', async () => {
		await client().tencent.configure({ callbackDelayMs: 300 });
		await client().tencent.queueResults({
			text: '您好，欢迎致电。请问 50% & more + 更多?',
			audioTime: 12.75,
		});
		const running = webhooks().startWorkflow(
			singleNodeWorkflow('tencentCloudAsr', waitParameters, 'tencentCloudAsrApi'),
			{ credentials: credentials() },
		);

		const parked = await running.result;
		expect(parked.run.status).toBe('waiting');
		expect(parked.run.waitTill).toBeDefined();
		expect(new Date(parked.run.waitTill!).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
		const [create] = await client().requests('tencent');
		const callbackUrl = new URL(create.query.callback_url);
		expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(
			`${webhooks().webhookWaitingBaseUrl}/${running.execution.id}`,
		);
		expect(callbackUrl.searchParams.get('signature')).toBe(parked.run.data.resumeToken);

		const [attempt] = await until(async () => {
			const attempts = await client().tencent.callbacks();
			return attempts.length > 0 ? attempts : undefined;
		}, 'the callback');
		expect(attempt).toMatchObject({ accepted: true, status: 200 });
		expect(JSON.parse(attempt.answer)).toEqual({ code: 0, message: '成功' });

		await webhooks().settle();
		const finished = running.execution.runs.at(-1)!;
		expect(finished.status).toBe('success');
		const output = finished.data.resultData.runData.Node.at(-1)!.data!.main[0]!;
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			vendor: 'tencent',
			taskId: '500',
			status: 'succeeded',
			transcript: '您好，欢迎致电。请问 50% & more + 更多?',
			audioDuration: 12.75,
		});
		expect(await client().tencent.callbacks()).toHaveLength(1);
	});

	test('a failed recognition resumes the execution with a failed task', async () => {
		await client().tencent.configure({ callbackDelayMs: 200 });
		await client().tencent.queueResults({ code: 10, message: '音频解码失败' });
		const running = webhooks().startWorkflow(
			singleNodeWorkflow('tencentCloudAsr', waitParameters, 'tencentCloudAsrApi'),
			{ credentials: credentials() },
		);
		expect((await running.result).run.status).toBe('waiting');
		await until(async () => (await client().tencent.callbacks()).length > 0, 'the callback');
		await webhooks().settle();
		const output = running.execution.runs.at(-1)!.data.resultData.runData.Node.at(-1)!.data!
			.main[0]!;
		expect(output[0].json).toMatchObject({
			status: 'failed',
			error: { code: 10, message: '音频解码失败' },
		});
	});

	test('a call to the resume URL without the execution resume token is refused and the execution keeps waiting', async () => {
		await client().tencent.configure({ callbackDelayMs: 60_000 });
		const running = webhooks().startWorkflow(
			singleNodeWorkflow('tencentCloudAsr', waitParameters, 'tencentCloudAsrApi'),
			{ credentials: credentials() },
		);
		await running.result;
		const callbackUrl = new URL((await client().requests('tencent'))[0].query.callback_url);
		const fields = {
			code: 0,
			message: 'success',
			requestId: 500,
			appid: DEMO_ACCOUNT.appId,
			text: 'forged',
			audioTime: 1,
		};

		const unsigned = new URL(callbackUrl);
		unsigned.searchParams.delete('signature');
		expect((await client().tencent.sendCallback({ url: unsigned.toString(), fields })).status).toBe(
			401,
		);
		const forged = new URL(callbackUrl);
		forged.searchParams.set('signature', 'f'.repeat(64));
		expect((await client().tencent.sendCallback({ url: forged.toString(), fields })).status).toBe(
			401,
		);
		// n8n 1.x checks no resume token: the node's own resume key must hold by itself.
		for (const resumeKey of [undefined, 'f'.repeat(64)]) {
			const unkeyed = new URL(callbackUrl);
			if (resumeKey) unkeyed.searchParams.set('resume_key', resumeKey);
			else unkeyed.searchParams.delete('resume_key');
			expect(
				(await client().tencent.sendCallback({ url: unkeyed.toString(), fields })).status,
			).toBe(401);
		}
		expect(
			(
				await client().tencent.sendCallback({
					url: callbackUrl.toString(),
					rawBody: '{"not":"a form"}',
					contentType: 'application/json',
				})
			).status,
		).toBe(400);

		await webhooks().settle();
		expect(running.execution.runs).toHaveLength(1);
		expect(running.execution.stored).toBeDefined();

		const genuine = await client().tencent.sendCallback({
			url: callbackUrl.toString(),
			fields: { ...fields, text: 'the real one' },
		});
		expect(genuine).toMatchObject({ status: 200, accepted: true });
		await webhooks().settle();
		expect(
			running.execution.runs.at(-1)!.data.resultData.runData.Node.at(-1)!.data!.main[0]![0].json
				.transcript,
		).toBe('the real one');

		// The execution is finished: a late duplicate from Tencent finds nothing to resume.
		expect(
			(await client().tencent.sendCallback({ url: callbackUrl.toString(), fields })).status,
		).toBe(409);
	});

	test('when the wait expires, the node outputs a failed "timed out" task', async () => {
		await client().tencent.configure({ callbackDelayMs: 60_000 });
		const running = webhooks().startWorkflow(
			singleNodeWorkflow(
				'tencentCloudAsr',
				{ ...waitParameters, maxWaitMinutes: 5 },
				'tencentCloudAsrApi',
			),
			{
				credentials: credentials(),
				input: [{ json: { caller: '+86 138 0000 0000' } }],
			},
		);
		expect((await running.result).run.status).toBe('waiting');
		const expired = await webhooks().expireWait(running.execution);
		expect(expired.run.status).toBe('success');
		expect(expired.output('Node')).toEqual([
			{
				json: expect.objectContaining({
					vendor: 'tencent',
					taskId: '500',
					status: 'failed',
					error: { code: 'CALLBACK_TIMEOUT', message: 'No callback from Tencent within 5 minutes' },
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('more than one item is refused: one execution waits for one callback', async () => {
		const running = webhooks().startWorkflow(
			singleNodeWorkflow('tencentCloudAsr', waitParameters, 'tencentCloudAsrApi'),
			{
				credentials: credentials(),
				input: [{ json: {} }, { json: {} }],
			},
		);
		const { nodeError, run } = await running.result;
		expect(run.status).toBe('error');
		expect(nodeError('Node')?.message).toBe(
			'Wait for the Callback Here takes one recording per execution',
		);
		expect(await client().requests('tencent')).toHaveLength(0);
	});
});
