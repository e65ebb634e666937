import { TencentCloudAsrApi } from '../../credentials/TencentCloudAsrApi.credentials';
import { testCredential } from '../harness/credentialTest';
import { sandboxCredentials, useSandbox } from '../harness/fixtures';

const { sandbox, client } = useSandbox();
const stored = () => sandboxCredentials(sandbox()).tencentCloudAsrApi;

describe('Tencent credential: the Test button (API 3.0, no App ID needed)', () => {
	test('FailedOperation.NoSuchTask for a task that cannot exist proves the keys', async () => {
		expect(await testCredential('tencentCloudAsrApi', { ...stored(), appId: '' })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const [request] = await client().requests('tencent3');
		expect(request.headers['x-tc-action']).toBe('DescribeTaskStatus');
		expect(JSON.parse(request.body)).toEqual({ TaskId: 1 });
	});

	test.each([
		[
			'a wrong Secret Key',
			{ secretKey: 'nope-nope-nope-nope' },
			'Tencent error AuthFailure.SignatureFailure: the signature does not match',
		],
		[
			'an unknown Secret ID',
			{ secretId: 'AKIDnope' },
			'Tencent error AuthFailure.SecretIdNotFound: the Secret ID does not exist',
		],
		[
			'a wrong session token',
			{ sessionToken: 'stale-token' },
			'Tencent error AuthFailure.TokenFailure: the session token is wrong or has expired',
		],
	])("%s fails with Tencent's meaning", async (_name, extra, message) => {
		const result = await testCredential('tencentCloudAsrApi', { ...stored(), ...extra });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
	});

	test('an endpoint that is not Tencent API 3.0 fails', async () => {
		expect(
			await testCredential('tencentCloudAsrApi', {
				...stored(),
				apiEndpoint: `${sandbox().url}/__control/not-an-api`,
			}),
		).toEqual({
			status: 'Error',
			message:
				'The URL answered, but not like the Tencent Cloud API 3.0 API (no "Response.Error.Code" in the reply): check the API 3.0 Endpoint',
		});
	});
});

describe('Tencent credential: authenticate decides by the request', () => {
	const credential = new TencentCloudAsrApi();
	const keys = {
		secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
		secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
	};

	test('a call naming X-TC-Action is signed with TC3: the Content-Type sent is the one signed, the body serialized once', async () => {
		const signed = await credential.authenticate(
			{ ...keys, region: 'ap-shanghai', sessionToken: 'tok' },
			{
				method: 'POST',
				url: '/',
				headers: { 'X-TC-Action': 'DescribeTaskStatus' },
				body: { TaskId: 5 },
			},
		);
		const headers = signed.headers as Record<string, string>;
		expect(signed.url).toBe('https://asr.tencentcloudapi.com/');
		// The bytes hashed, sent as they are (n8n's HTTP client would trim a JSON string).
		expect(signed.body).toEqual(Buffer.from('{"TaskId":5}'));
		expect(headers).toMatchObject({
			'Content-Type': 'application/json; charset=utf-8',
			'X-TC-Action': 'DescribeTaskStatus',
			'X-TC-Version': '2019-06-14',
			'X-TC-Region': 'ap-shanghai',
			'X-TC-Token': 'tok',
		});
		expect(headers.Authorization).toMatch(
			/^TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE\/\d{4}-\d{2}-\d{2}\/asr\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
		);
		expect(JSON.stringify(signed)).not.toContain(keys.secretKey);
	});

	test('no region and no token: no X-TC-Region or X-TC-Token header', async () => {
		const signed = await credential.authenticate(keys, {
			method: 'POST',
			url: '/',
			headers: { 'X-TC-Action': 'CreateRecTask' },
			body: {},
		});
		expect(Object.keys(signed.headers as object)).not.toContain('X-TC-Region');
		expect(Object.keys(signed.headers as object)).not.toContain('X-TC-Token');
	});

	test('a legacy call still needs the App ID; an API 3.0 call does not', async () => {
		await expect(
			credential.authenticate({ ...keys, appId: '' }, { method: 'POST', url: '/asr/v1' }),
		).rejects.toThrow('needs a numeric App ID');
		await expect(
			credential.authenticate(
				{ ...keys, appId: '' },
				{ method: 'POST', url: '/', headers: { 'X-TC-Action': 'CreateRecTask' } },
			),
		).resolves.toBeDefined();
	});
});
