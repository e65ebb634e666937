import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow, startWorkflow, type RunOptions } from '../harness/engine';
import { preAuthentications } from '../harness/credentialsHelper';
import { sandboxCredentials, singleNodeWorkflow, useSandbox } from '../harness/fixtures';
import { capturedLogs } from '../harness/logs';
import { expectNoSecrets } from '../harness/secrets';
import { DEMO_HUAWEI_ACCOUNT, demoHuaweiPasswordCredential } from '../sandbox/vendors/huawei';

const { sandbox, client } = useSandbox();

const accessKey = () => sandboxCredentials(sandbox()).huaweiCloudApi;
const password = (): ICredentialDataDecryptedObject =>
	demoHuaweiPasswordCredential(sandbox().vendorUrl('huawei'));

function huawei(parameters: INodeParameters, options: RunOptions = {}, nodeExtra = {}) {
	return runWorkflow(
		singleNodeWorkflow('huaweiCloudModeration', parameters, 'huaweiCloudApi', nodeExtra),
		{
			credentials: { huaweiCloudApi: accessKey() },
			...options,
		},
	);
}
const create = (extra: INodeParameters = {}, options: RunOptions = {}) =>
	huawei(
		{ operation: 'createAudioModerationJob', audioUrl: 'https://audio.example/call.wav', ...extra },
		options,
	);
const fastWait = { pollIntervalSeconds: 0.05, maxPollIntervalSeconds: 0.1, waitTimeoutSeconds: 10 };

const blocked = {
	suggestion: 'block' as const,
	audio_text: '前面正常，这里有违规内容，后面也有',
	details: [
		{
			start_time: 1.5,
			end_time: 4,
			suggestion: 'block',
			label: 'porn',
			audio_text: '这里有违规内容',
			segments: [{ segment: '违规' }, { segment: '内容' }],
		},
		{ start_time: 30, end_time: 40, suggestion: 'review', label: 'ad', audio_text: '加微信' },
	],
};

describe('Huawei Cloud Moderation: Create Audio Moderation Job', () => {
	test('AK/SK: the signed create is accepted and output as a running job; the body sent is the body signed', async () => {
		const result = await create({ eventType: 'live', categories: ['porn', 'ad'] });
		expect(result.nodeError('Node')).toBeUndefined();
		const json = result.output('Node')[0].json;
		expect(json).toMatchObject({ vendor: 'huawei', status: 'running' });
		const [request] = await client().requests('huawei');
		expect(request.path).toBe(`/v3/${DEMO_HUAWEI_ACCOUNT.projectId}/moderation/audio/jobs`);
		expect(JSON.parse(request.body)).toEqual({
			data: { url: 'https://audio.example/call.wav' },
			event_type: 'live',
			categories: ['porn', 'ad'],
		});
		expect(request.headers.authorization).toMatch(
			/^SDK-HMAC-SHA256 Access=.+, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
		);
		expect(json.taskId).toMatch(/^0\d+_[0-9a-f]{32}$/);
	});

	test('Biz Type replaces the categories; no category and no Biz Type is refused before sending', async () => {
		await create({ bizType: 'my_policy', categories: ['porn'] });
		const [request] = await client().requests('huawei');
		expect(JSON.parse(request.body)).toMatchObject({ biz_type: 'my_policy' });
		expect(JSON.parse(request.body).categories).toBeUndefined();
		expect((await create({ categories: [] })).nodeError('Node')?.message).toBe(
			'Pick at least one category, or set a Biz Type',
		);
		expect((await create({ audioUrl: 'ftp://x/a.wav' })).nodeError('Node')?.message).toBe(
			'Audio URL is not an http(s) URL',
		);
		expect(await client().requests('huawei')).toHaveLength(1);
	});

	test('wait for completion: polls until the job succeeds, with its verdict, labels, segments and times', async () => {
		await client().huawei.queueResults(blocked);
		const result = await create({ resultDelivery: 'waitForCompletion', ...fastWait });
		const json = result.output('Node')[0].json;
		expect(json).toMatchObject({
			vendor: 'huawei',
			status: 'succeeded',
			transcript: blocked.audio_text,
			moderation: {
				verdict: 'block',
				labels: [
					{
						name: 'Pornography (色情)',
						code: 'porn',
						evidence: [
							{ text: '违规', start: 1.5, end: 4 },
							{ text: '内容', start: 1.5, end: 4 },
						],
					},
					{
						name: 'Advertising (广告)',
						code: 'ad',
						evidence: [{ text: '加微信', start: 30, end: 40 }],
					},
				],
			},
			segments: [
				{ start: 1.5, end: 4, text: '这里有违规内容', labels: ['porn'] },
				{ start: 30, end: 40, text: '加微信', labels: ['ad'] },
			],
		});
		expect(String(json.createdAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
		expect(String(json.finishedAt)).toMatch(/\+08:00$/);
	});

	test('a callback URL and its seed are sent with the job', async () => {
		await create({
			resultDelivery: 'callbackUrl',
			callbackUrl: 'https://n8n.example/webhook/h/callback',
			callbackSeed: 'seed_123',
		});
		const [request] = await client().requests('huawei');
		expect(JSON.parse(request.body)).toMatchObject({
			callback: 'https://n8n.example/webhook/h/callback',
			seed: 'seed_123',
		});
		expect(
			(
				await create({
					resultDelivery: 'callbackUrl',
					callbackUrl: 'https://x/cb',
					callbackSeed: 'no spaces!',
				})
			).nodeError('Node')?.message,
		).toBe('Callback Seed must be 1 to 64 letters, digits or _');
	});
});

describe('Huawei Cloud Moderation: Get Job', () => {
	test("a running job, then the finished one; Include Raw Response gives Huawei's reply", async () => {
		await client().huawei.configure({ finishAfterMs: 400 });
		const jobId = (await create()).output('Node')[0].json.taskId as string;
		expect((await huawei({ operation: 'getJob', jobId })).output('Node')[0].json).toMatchObject({
			status: 'running',
		});
		const finished = await huawei({
			operation: 'getJob',
			jobId,
			waitForCompletion: true,
			...fastWait,
			options: { includeRawResponse: true },
		});
		const json = finished.output('Node')[0].json;
		expect(json).toMatchObject({
			taskId: jobId,
			status: 'succeeded',
			moderation: { verdict: 'pass', labels: [] },
		});
		expect(json.raw).toMatchObject({
			job_id: jobId,
			status: 'succeeded',
			request_params: { data: { url: 'https://audio.example/call.wav' } },
		});
	});

	test('a failed job is output as failed', async () => {
		await client().huawei.queueResults({ fail: true });
		const jobId = (await create()).output('Node')[0].json.taskId as string;
		const json = (
			await huawei({ operation: 'getJob', jobId, waitForCompletion: true, ...fastWait })
		).output('Node')[0].json;
		expect(json).toMatchObject({ status: 'failed', error: { code: 'JOB_FAILED' } });
	});

	test('an unknown job: HTTP 400 AIS.0030 explained, not retried; Continue On Fail gives an error item', async () => {
		const error = (await huawei({ operation: 'getJob', jobId: 'no-such-job' })).nodeError('Node');
		expect(error?.message).toBe('Huawei Cloud Moderation error AIS.0030: the job does not exist');
		expect(String(error?.description)).toContain('What to do: Check the job ID');
		expect(await client().requests('huawei')).toHaveLength(1);
		const continued = await huawei(
			{ operation: 'getJob', jobId: 'no-such-job' },
			{},
			{ onError: 'continueRegularOutput' },
		);
		expect(continued.output('Node')[0].json).toMatchObject({
			error: 'Huawei Cloud Moderation error AIS.0030: the job does not exist',
			httpCode: '400',
		});
	});

	test('stopping the execution stops the wait at once', async () => {
		await client().huawei.configure({ finishAfterMs: 60_000 });
		const jobId = (await create()).output('Node')[0].json.taskId as string;
		const running = startWorkflow(
			singleNodeWorkflow(
				'huaweiCloudModeration',
				{ operation: 'getJob', jobId, waitForCompletion: true, pollIntervalSeconds: 30 },
				'huaweiCloudApi',
			),
			{ credentials: { huaweiCloudApi: accessKey() } },
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		const stoppedAt = Date.now();
		running.cancel();
		const result = await running.result;
		expect(Date.now() - stoppedAt).toBeLessThan(2000);
		expect(result.run.status).toBe('canceled');
	});
});

describe('Huawei Cloud: authentication', () => {
	test.each([
		['a wrong Secret Access Key', { secretAccessKey: 'wrong-secret-key-000000' }, 'APIGW.0301'],
		['an unknown Access Key ID', { accessKeyId: 'NOBODY' }, 'APIGW.0301'],
		['another project', { projectId: 'ffffffffffffffffffffffffffffffff' }, 'AIS.0004'],
	])("%s is refused with the gateway's code and meaning", async (_name, fields, code) => {
		const result = await huawei(
			{ operation: 'getJob', jobId: 'x' },
			{ credentials: { huaweiCloudApi: { ...accessKey(), ...fields } } },
		);
		expect(result.nodeError('Node')?.message).toMatch(
			new RegExp(`^Huawei Cloud Moderation error ${code.replace('.', '\\.')}: `),
		);
	});

	test('a clock more than 15 minutes off is refused', async () => {
		await client().huawei.configure({ clockOffsetMs: 20 * 60_000 });
		expect((await huawei({ operation: 'getJob', jobId: 'x' })).nodeError('Node')?.message).toMatch(
			/^Huawei Cloud Moderation error APIGW\.0301/,
		);
	});

	test('IAM token: fetched once, reused by later executions, sent as X-Auth-Token', async () => {
		preAuthentications.clear();
		const stored = password();
		for (let run = 0; run < 3; run++) {
			const result = await huawei(
				{ operation: 'getJob', jobId: 'no-such-job' },
				{ credentials: { huaweiCloudApi: stored } },
			);
			expect(result.nodeError('Node')?.message).toContain('AIS.0030');
		}
		expect((await client().huawei.stats()).tokensIssued).toBe(1);
		const calls = (await client().requests('huawei')).filter((request) => request.method === 'GET');
		expect(calls).toHaveLength(3);
		expect(new Set(calls.map((request) => request.headers['x-auth-token']))).toEqual(
			new Set([stored.sessionToken]),
		);
		expect(calls.every((request) => request.headers.authorization === undefined)).toBe(true);
		// The password went to IAM only.
		const others = (await client().requests('huawei')).filter(
			(request) => request.path !== '/v3/auth/tokens',
		);
		expect(JSON.stringify(others)).not.toContain(DEMO_HUAWEI_ACCOUNT.password);
	});

	test('IAM token: renewed before it expires', async () => {
		const stored = password();
		await huawei({ operation: 'getJob', jobId: 'x' }, { credentials: { huaweiCloudApi: stored } });
		const first = stored.sessionToken;
		stored.sessionTokenExpiresAt = new Date(Date.now() + 5 * 60_000).toISOString();
		const result = await huawei(
			{ operation: 'getJob', jobId: 'x' },
			{ credentials: { huaweiCloudApi: stored } },
		);
		expect(result.nodeError('Node')?.message).toContain('AIS.0030');
		expect(stored.sessionToken).not.toBe(first);
		expect((await client().huawei.stats()).tokensIssued).toBe(2);
		// No call went out with the old token.
		const calls = (await client().requests('huawei')).filter((request) => request.method === 'GET');
		expect(calls.map((request) => request.headers['x-auth-token'])).toEqual([
			first,
			stored.sessionToken,
		]);
	});

	test('IAM token: renewed once after HTTP 401, and the call sent again', async () => {
		const stored = password();
		await huawei({ operation: 'getJob', jobId: 'x' }, { credentials: { huaweiCloudApi: stored } });
		await client().huawei.expireTokens();
		const result = await huawei(
			{ operation: 'getJob', jobId: 'x' },
			{ credentials: { huaweiCloudApi: stored } },
		);
		expect(result.nodeError('Node')?.message).toContain('AIS.0030');
		const calls = (await client().requests('huawei')).filter((request) => request.method === 'GET');
		// The 401 is read, then sent once more for n8n to throw it and renew the token.
		expect(calls.map((request) => request.answered)).toEqual([400, 401, 401, 400]);
		expect((await client().huawei.stats()).tokensIssued).toBe(2);
	});

	test('IAM refusing the password is a clear error that quotes no secret', async () => {
		const result = await huawei(
			{ operation: 'getJob', jobId: 'x' },
			{ credentials: { huaweiCloudApi: { ...password(), password: 'Wrong-password-42' } } },
		);
		const message = result.nodeError('Node')?.message ?? '';
		expect(message).toContain(
			'Huawei IAM refused to issue a token (HTTP 401: The username or password is wrong.)',
		);
		expect(message).not.toContain('Wrong-password-42');
	});
});

test("Huawei: no secret appears in outputs, errors or n8n's log", async () => {
	const stored = password();
	await client().huawei.queueResults(blocked);
	const outputs = [
		await create({
			resultDelivery: 'waitForCompletion',
			...fastWait,
			options: { includeRawResponse: true },
		}),
		await huawei(
			{ operation: 'getJob', jobId: 'x' },
			{ credentials: { huaweiCloudApi: stored } },
			{ onError: 'continueRegularOutput' },
		),
		await huawei(
			{ operation: 'getJob', jobId: 'x' },
			{
				credentials: {
					huaweiCloudApi: { ...accessKey(), secretAccessKey: 'wrong-secret-key-000000' },
				},
			},
		),
	];
	const secrets = [
		DEMO_HUAWEI_ACCOUNT.secretAccessKey,
		DEMO_HUAWEI_ACCOUNT.password,
		stored.sessionToken as string,
		'wrong-secret-key-000000',
	];
	for (const result of outputs)
		expectNoSecrets(
			JSON.stringify({ output: result.output('Node'), error: result.nodeError('Node') }),
			secrets,
		);
	expectNoSecrets(capturedLogs().join('\n'), secrets);
});
