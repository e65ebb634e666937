import type { INodeParameters } from 'n8n-workflow';

import { TENCENT_ERROR_CODES } from '../../nodes/TencentCloudAsr/mapping';
import { runWorkflow, type RunOptions } from '../harness/engine';
import { singleNodeWorkflow, useSandbox } from '../harness/fixtures';
import { capturedLogs } from '../harness/logs';
import { expectNoSecrets } from '../harness/secrets';
import { DEMO_ACCOUNT, signQuery } from '../sandbox/vendors/tencent';

const { sandbox, client } = useSandbox();

const credentials = (extra = {}) => ({
	tencentCloudAsrApi: { ...DEMO_ACCOUNT, baseUrl: sandbox().vendorUrl('tencent'), ...extra },
});
const fromUrl = {
	operation: 'createRecognitionTask',
	audioSource: 'url',
	audioUrl: 'https://audio.example/call.wav',
	resultDelivery: 'callbackUrl',
	callbackUrl: 'https://n8n.example/webhook/abc/callback?token=t0k3n',
};

function create(parameters: INodeParameters, options: RunOptions = {}, nodeExtra = {}) {
	return runWorkflow(
		singleNodeWorkflow(
			'tencentCloudAsr',
			{ ...fromUrl, ...parameters },
			'tencentCloudAsrApi',
			nodeExtra,
		),
		{ credentials: credentials(), ...options },
	);
}

const audioItem = (bytes: Buffer, extra = {}) => ({
	json: { file: 'call.wav' },
	binary: {
		data: {
			data: bytes.toString('base64'),
			mimeType: 'audio/wav',
			fileName: 'call.wav',
			bytes: bytes.length,
			...extra,
		},
	},
});

describe('Tencent Cloud ASR: Create Recognition Task', () => {
	test('from a URL: a signed create the sandbox accepts, output as a queued task', async () => {
		const result = await create({});
		const [item] = result.output('Node');
		expect(item.json).toMatchObject({ vendor: 'tencent', taskId: '500', status: 'queued' });
		expect(Date.parse(String(item.json.createdAt))).not.toBeNaN();
		expect(item.pairedItem).toEqual({ item: 0 });

		const [request] = await client().requests('tencent');
		expect(request.path).toBe(`/asr/v1/${DEMO_ACCOUNT.appId}`);
		expect(request.query).toMatchObject({
			source_type: '0',
			url: 'https://audio.example/call.wav',
			callback_url: 'https://n8n.example/webhook/abc/callback?token=t0k3n',
			engine_model_type: '16k_0',
			channel_num: '1',
			res_text_format: '0',
			res_type: '1',
			sub_service_type: '0',
			projectid: '0',
			secretid: DEMO_ACCOUNT.secretId,
		});
		expect(request.headers.authorization).toBe(
			signQuery(DEMO_ACCOUNT.secretKey, DEMO_ACCOUNT.appId, request.query),
		);
		expect(request.headers['content-type']).toBe('application/octet-stream');
		expect(request.body).toBe('');
	});

	test('from a binary property: the raw bytes are the body, signed the same way', async () => {
		const audio = Buffer.from(Array.from({ length: 4096 }, (_, index) => index % 256));
		const result = await create(
			{ audioSource: 'binary', binaryPropertyName: 'data', engineModelType: '8k_0', channelNum: 2 },
			{ input: [audioItem(audio)] },
		);
		expect(result.nodeError('Node')).toBeUndefined();
		expect(result.output('Node')[0].json).toMatchObject({ status: 'queued', taskId: '500' });
		const [request] = await client().requests('tencent');
		expect(request.query).toMatchObject({
			source_type: '1',
			engine_model_type: '8k_0',
			channel_num: '2',
		});
		expect(request.query).not.toHaveProperty('url');
		expect(Buffer.from(request.body, 'utf8').length).toBeGreaterThan(0);
	});

	test('a file over 5 MB is refused before anything is sent', async () => {
		const big = Buffer.alloc(5 * 1024 * 1024 + 1, 7);
		const error = (
			await create(
				{ audioSource: 'binary', binaryPropertyName: 'data' },
				{ input: [audioItem(big)] },
			)
		).nodeError('Node');
		expect(error?.message).toBe(
			'The file in "data" is 5.0 MB; Tencent accepts at most 5 MB in the request body',
		);
		expect(String(error?.description)).toContain('Audio Source: URL');
		expect(await client().requests('tencent')).toHaveLength(0);
	});

	test('a size n8n only knows from base64 is measured too', async () => {
		const big = Buffer.alloc(5 * 1024 * 1024 + 3, 1);
		const error = (
			await create(
				{ audioSource: 'binary', binaryPropertyName: 'data' },
				{ input: [audioItem(big, { bytes: undefined })] },
			)
		).nodeError('Node');
		expect(error?.message).toContain('Tencent accepts at most 5 MB');
		expect(await client().requests('tencent')).toHaveLength(0);
	});

	test('template, project and encoding are passed; two channels need an 8k engine', async () => {
		await create({ templateName: 'test', projectId: 7, resTextFormat: 2 });
		expect((await client().requests('tencent'))[0].query).toMatchObject({
			template_name: 'test',
			projectid: '7',
			res_text_format: '2',
		});
		const error = (await create({ engineModelType: '16k_0', channelNum: 2 })).nodeError('Node');
		expect(error?.message).toBe('Two channels need an 8k engine, not "16k_0"');
	});

	test.each([
		['a missing binary field', { audioSource: 'binary', binaryPropertyName: 'audio' }, /audio/],
		[
			'an audio URL that is not http(s)',
			{ audioUrl: 'ftp://x/a.wav' },
			/Audio URL is not an http\(s\) URL/,
		],
		[
			'a callback URL that is too long',
			{ callbackUrl: `https://x/${'a'.repeat(2100)}` },
			/Callback URL is 2\d{3} characters long; Tencent accepts fewer than 2048 \(code 1016\)/,
		],
	])('%s is refused before sending', async (_name, parameters, message) => {
		const error = (await create(parameters, { input: [{ json: {} }] })).nodeError('Node');
		expect(error?.message).toMatch(message);
		expect(await client().requests('tencent')).toHaveLength(0);
	});

	test.each(Object.entries(TENCENT_ERROR_CODES))('code %s is explained', async (code, info) => {
		await client().tencent.failNext(Number(code), 'ERROR_FROM_SANDBOX');
		const error = (await create({})).nodeError('Node');
		expect(error?.message).toBe(`Tencent Cloud ASR error ${code}: ${info.meaning}`);
		expect(String(error?.description)).toContain(`What to do: ${info.action}`);
		expect(String(error?.description)).toContain('ERROR_FROM_SANDBOX');
	});

	test.each([
		['a wrong Secret Key', { secretKey: 'wrong-secret-key-0000000000000000000' }, 1029],
		['a wrong Secret ID', { secretId: 'AKIDwrong000000000000000000000000000' }, 1026],
		['an unknown App ID', { appId: '1000000001' }, 1018],
	])(
		"%s gets Tencent's own verdict through the real signature check",
		async (_name, extra, code) => {
			const error = (await create({}, { credentials: credentials(extra) })).nodeError('Node');
			expect(error?.message).toContain(`Tencent Cloud ASR error ${code}:`);
		},
	);

	test("a clock far behind Tencent's makes the signature expire (1024)", async () => {
		await client().tencent.configure({ clockOffsetSeconds: 7200 });
		const error = (await create({})).nodeError('Node');
		expect(error?.message).toContain('Tencent Cloud ASR error 1024: the signature has expired');
		expect(String(error?.description)).toContain('raise Signature Validity');
	});

	test('a create is never retried, even after a server error', async () => {
		await client().injectFault({ vendor: 'tencent', kind: 'status', status: 503, times: 1 });
		const error = (await create({})).nodeError('Node');
		expect(error?.message).toBe('Tencent Cloud ASR answered HTTP 503 (server error)');
		expect(await client().requests('tencent')).toHaveLength(1);
	});

	test('Continue On Fail: each item is its own task or its own error', async () => {
		await client().tencent.failNext(1009, 'no url');
		const input = [
			{ json: { url: 'https://a/1.wav' } },
			{ json: { url: 'https://a/2.wav' } },
			{ json: { url: 'https://a/3.wav' } },
		];
		const result = await create(
			{ audioUrl: '={{ $json.url }}' },
			{ input },
			{ onError: 'continueRegularOutput' },
		);
		const output = result.output('Node');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.error).toContain('Tencent Cloud ASR error 1009');
		expect(output.slice(1).map((item) => [item.json.status, item.json.taskId])).toEqual([
			['queued', '500'],
			['queued', '501'],
		]);
		expect((await client().requests('tencent')).map((request) => request.query.url)).toEqual([
			'https://a/1.wav',
			'https://a/2.wav',
			'https://a/3.wav',
		]);
	});

	test("no secret appears in outputs, errors or n8n's log", async () => {
		const secretKey = 'tencent-secret-key-never-shown-42';
		await client().tencent.configure({
			accounts: [
				{ appId: '1300000001', secretId: 'AKIDsecretsTest00000000000000000000', secretKey },
			],
		});
		const secretCredentials = credentials({
			appId: '1300000001',
			secretId: 'AKIDsecretsTest00000000000000000000',
			secretKey,
		});
		const runs = [
			await create({ options: { includeRawResponse: true } }, { credentials: secretCredentials }),
		];
		await client().tencent.failNext(1029, `echo ${secretKey}`);
		runs.push(await create({}, { credentials: secretCredentials }));
		runs.push(
			await create(
				{},
				{
					credentials: {
						tencentCloudAsrApi: {
							...secretCredentials.tencentCloudAsrApi,
							secretKey: `${secretKey}-wrong`,
						},
					},
				},
			),
		);
		await client().injectFault({ vendor: 'tencent', kind: 'reset' });
		runs.push(await create({}, { credentials: secretCredentials }));
		expect(runs.map(({ run }) => run.status)).toEqual(['success', 'error', 'error', 'error']);
		for (const { run } of runs) expectNoSecrets(run, [secretKey]);
		expectNoSecrets(capturedLogs(), [secretKey]);
	});
});
