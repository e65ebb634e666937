import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';

import { TencentCloudAsrApi } from '../../credentials/TencentCloudAsrApi.credentials';
import { sandboxCredentials, useSandbox } from '../harness/fixtures';
import { httpRequestNodeOptions, sendLikeHttpRequestNode } from '../harness/httpRequestNode';
import { DEMO_ACCOUNT, signQuery } from '../sandbox/vendors/tencent';
import { sandboxTc3Signature } from '../sandbox/vendors/tencent3';

/**
 * The Tencent credential in n8n's HTTP Request node (Authentication: Predefined Credential
 * Type): n8n hands `authenticate` the node's legacy options, a full URL in `uri` and no `url`,
 * header names lowercased. A request with an X-TC-Action header is an API 3.0 call.
 */
const { sandbox, client } = useSandbox();
const stored = () => sandboxCredentials(sandbox()).tencentCloudAsrApi;
const api3Url = () => `${sandbox().vendorUrl('tencent3')}/`;

describe('Tencent credential in the HTTP Request node: API 3.0', () => {
	test('authenticate signs the full URL in `uri` (no `url` added) and the exact body bytes, once per header name', async () => {
		const signed = await new TencentCloudAsrApi().authenticate(
			stored(),
			httpRequestNodeOptions({
				method: 'POST',
				url: api3Url(),
				headers: { 'X-TC-Action': 'DescribeTaskStatus' },
				json: { TaskId: 7 },
			}) as never,
		);
		expect(signed).toMatchObject({ uri: api3Url(), qs: {} });
		expect(signed).not.toHaveProperty('url');
		expect(signed.body).toEqual(Buffer.from('{"TaskId":7}'));
		const headers = signed.headers as Record<string, string>;
		const names = Object.keys(headers).map((name) => name.toLowerCase());
		expect(names.filter((name) => name === 'content-type')).toHaveLength(1);
		expect(headers).toMatchObject({
			'x-tc-action': 'DescribeTaskStatus',
			'X-TC-Version': '2019-06-14',
			'Content-Type': 'application/json; charset=utf-8',
		});
		// The sandbox's own verifier, on what n8n will send.
		const target = new URL(api3Url());
		const expected = sandboxTc3Signature(
			'POST',
			target.pathname,
			'',
			headers['Content-Type'],
			target.host,
			signed.body as Buffer,
			Number(headers['X-TC-Timestamp']),
			DEMO_ACCOUNT.secretKey,
		);
		expect(headers.Authorization).toContain(`Signature=${expected}`);
		expect(JSON.stringify(signed)).not.toContain(DEMO_ACCOUNT.secretKey);
	});

	test('sent through n8n-core: CreateRecTask, then DescribeTaskStatus of that task, both accepted', async () => {
		const created = await sendLikeHttpRequestNode('tencentCloudAsrApi', stored(), {
			method: 'POST',
			url: api3Url(),
			headers: { 'X-TC-Action': 'CreateRecTask' },
			json: {
				EngineModelType: '16k_zh',
				ChannelNum: 1,
				ResTextFormat: 0,
				SourceType: 0,
				Url: 'https://audio.example/a.wav',
			},
		});
		const taskId = JSON.parse(created.body).Response.Data?.TaskId;
		expect(typeof taskId).toBe('number');
		const status = await sendLikeHttpRequestNode('tencentCloudAsrApi', stored(), {
			method: 'POST',
			url: api3Url(),
			headers: { 'X-TC-Action': 'DescribeTaskStatus' },
			json: { TaskId: taskId },
		});
		expect(status.statusCode).toBe(200);
		expect(JSON.parse(status.body).Response).toMatchObject({ Data: { TaskId: taskId } });
		expect(JSON.parse(status.body).Response.Error).toBeUndefined();
		const received = await client().requests('tencent3');
		expect(received.map((request) => request.headers['x-tc-action'])).toEqual([
			'CreateRecTask',
			'DescribeTaskStatus',
		]);
	});

	test('a Raw body is sent byte for byte as signed (a JSON string would be trimmed by the HTTP client)', async () => {
		const body = '{"TaskId": 1}\n';
		const reply = await sendLikeHttpRequestNode('tencentCloudAsrApi', stored(), {
			method: 'POST',
			url: api3Url(),
			headers: { 'X-TC-Action': 'DescribeTaskStatus' },
			raw: { contentType: 'application/json', body },
		});
		// The signature verified: the task is looked up (and does not exist).
		expect(JSON.parse(reply.body).Response.Error.Code).toBe('FailedOperation.NoSuchTask');
		const [received] = await client().requests('tencent3');
		expect(received.body).toBe(body);
		expect(received.headers['content-type']).toBe('application/json; charset=utf-8');
	});

	test('a wrong Secret Key is refused by the sandbox (the signature is verified)', async () => {
		const reply = await sendLikeHttpRequestNode(
			'tencentCloudAsrApi',
			{ ...stored(), secretKey: 'not-the-key' },
			{
				method: 'POST',
				url: api3Url(),
				headers: { 'X-TC-Action': 'DescribeTaskStatus' },
				json: { TaskId: 1 },
			},
		);
		expect(JSON.parse(reply.body).Response.Error.Code).toBe('AuthFailure.SignatureFailure');
	});

	test("another service's host, version and query parameters: signed as Tencent's official signer signs them", async () => {
		const keys = { secretId: 'AKIDexample', secretKey: 'example-key' };
		const signed = await new TencentCloudAsrApi().authenticate(
			keys,
			httpRequestNodeOptions({
				method: 'POST',
				url: 'https://cvm.ap-guangzhou.tencentcloudapi.com/',
				headers: { 'X-TC-Action': 'DescribeInstances', 'X-TC-Version': '2017-03-12' },
				qs: { Limit: 1, Name: 'a b/中' },
				json: { Limit: 1 },
			}) as never,
		);
		const headers = signed.headers as Record<string, string>;
		// The caller's version, sent once.
		expect(headers['X-TC-Version']).toBe('2017-03-12');
		expect(headers).not.toHaveProperty('x-tc-version');
		const uri = (signed as unknown as { uri: string }).uri;
		expect(new URL(uri).searchParams.get('Name')).toBe('a b/中');
		const official = Sign.sign3({
			method: 'POST',
			url: uri,
			payload: signed.body as Buffer,
			timestamp: Number(headers['X-TC-Timestamp']),
			service: 'cvm',
			secretId: keys.secretId,
			secretKey: keys.secretKey,
			multipart: false,
			boundary: '',
			headers: { 'Content-Type': headers['Content-Type'] },
		});
		expect(headers.Authorization).toBe(official);
	});
	test.each([
		['a GET', { method: 'GET' as const }],
		['a form body', { method: 'POST' as const, form: { TaskId: '1' } }],
	])('%s is refused with a clear error, before anything is sent', async (_name, call) => {
		await expect(
			sendLikeHttpRequestNode('tencentCloudAsrApi', stored(), {
				url: api3Url(),
				headers: { 'X-TC-Action': 'DescribeTaskStatus' },
				...call,
			}),
		).rejects.toThrow('Tencent Cloud API 3.0 calls are signed as POST with a JSON body');
		expect(await client().requests('tencent3')).toEqual([]);
	});
});

describe('Tencent credential in the HTTP Request node: the legacy API (no X-TC-Action)', () => {
	test('parameters in the URL and in Query Parameters are all signed; the sandbox accepts the task', async () => {
		const url = `${sandbox().vendorUrl('tencent')}/asr/v1/${DEMO_ACCOUNT.appId}?engine_model_type=16k_0&sub_service_type=0`;
		const reply = await sendLikeHttpRequestNode('tencentCloudAsrApi', stored(), {
			method: 'POST',
			url,
			qs: {
				res_text_format: 0,
				res_type: 1,
				source_type: 0,
				url: 'https://audio.example/a.wav?x=1&y=中',
				callback_url: 'http://127.0.0.1:9/callback?token=a&b=c',
			},
		});
		expect(JSON.parse(reply.body)).toMatchObject({ code: 0, message: 'success' });
		const [received] = await client().requests('tencent');
		expect(received.query).toMatchObject({
			engine_model_type: '16k_0',
			sub_service_type: '0',
			url: 'https://audio.example/a.wav?x=1&y=中',
			callback_url: 'http://127.0.0.1:9/callback?token=a&b=c',
		});
		expect(received.headers.authorization).toBe(
			signQuery(DEMO_ACCOUNT.secretKey, DEMO_ACCOUNT.appId, received.query),
		);
	});

	test("the create path without an App ID gets the credential's, its query kept and signed", async () => {
		const signed = await new TencentCloudAsrApi().authenticate(
			stored(),
			httpRequestNodeOptions({
				method: 'POST',
				url: `${sandbox().vendorUrl('tencent')}/asr/v1?source_type=0`,
			}) as never,
		);
		const uri = new URL((signed as unknown as { uri: string }).uri);
		expect(uri.pathname).toBe(`/tencent/asr/v1/${DEMO_ACCOUNT.appId}`);
		const query = Object.fromEntries(uri.searchParams);
		expect(query.source_type).toBe('0');
		expect((signed.headers as Record<string, string>).Authorization).toBe(
			signQuery(DEMO_ACCOUNT.secretKey, DEMO_ACCOUNT.appId, query),
		);
	});
});
