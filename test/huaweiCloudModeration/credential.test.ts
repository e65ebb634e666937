import { HuaweiCloudApi } from '../../credentials/HuaweiCloudApi.credentials';
import { testCredential } from '../harness/credentialTest';
import { sandboxCredentials, useSandbox } from '../harness/fixtures';
import { DEMO_HUAWEI_ACCOUNT, demoHuaweiPasswordCredential } from '../sandbox/vendors/huawei';

const { sandbox, client } = useSandbox();

const accessKey = () => sandboxCredentials(sandbox()).huaweiCloudApi;
const password = () => demoHuaweiPasswordCredential(sandbox().vendorUrl('huawei'));

describe('Huawei Cloud credential: authenticate', () => {
	const credential = new HuaweiCloudApi();

	test('puts the project in the path, the region endpoint in front, and signs host, content-type, x-project-id, x-sdk-date', async () => {
		const signed = await credential.authenticate(
			{
				authType: 'accessKey',
				accessKeyId: 'AK',
				secretAccessKey: 'SK',
				projectId: 'p1',
				region: 'ap-southeast-3',
			},
			{
				method: 'POST',
				url: '/v3/{project_id}/moderation/audio/jobs',
				body: { data: { url: 'https://x/a.wav' } },
			},
		);
		expect(signed.url).toBe(
			'https://moderation.ap-southeast-3.myhuaweicloud.com/v3/p1/moderation/audio/jobs',
		);
		// The bytes hashed, sent as they are (n8n's HTTP client would trim a JSON string).
		expect(signed.body).toEqual(Buffer.from('{"data":{"url":"https://x/a.wav"}}'));
		const headers = signed.headers as Record<string, string>;
		expect(headers['X-Project-Id']).toBe('p1');
		expect(headers['X-Sdk-Date']).toMatch(/^\d{8}T\d{6}Z$/);
		expect(headers.Authorization).toContain(
			'SignedHeaders=content-type;host;x-project-id;x-sdk-date',
		);
		expect(JSON.stringify(signed)).not.toContain('"SK"');
	});

	test('a token credential sends the token, never the password, and asks for renewal when it is about to expire', async () => {
		const fresh = {
			...password(),
			sessionToken: 'tok-1',
			sessionTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
		};
		const signed = await credential.authenticate(fresh, {
			method: 'GET',
			url: '/v3/{project_id}/x',
		});
		expect((signed.headers as Record<string, string>)['X-Auth-Token']).toBe('tok-1');
		expect(JSON.stringify(signed)).not.toContain(DEMO_HUAWEI_ACCOUNT.password);
		const stale = { ...fresh, sessionTokenExpiresAt: new Date(Date.now() + 60_000).toISOString() };
		await expect(
			credential.authenticate(stale, { method: 'GET', url: '/v3/{project_id}/x' }),
		).rejects.toMatchObject({ response: { status: 401 } });
	});
});

describe('Huawei Cloud credential: the Test button against the sandbox', () => {
	test('AK/SK: AIS.0030 for a job that cannot exist proves the keys, project and region', async () => {
		expect(await testCredential('huaweiCloudApi', accessKey())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const [request] = await client().requests('huawei');
		expect(request.path).toBe(
			`/v3/${DEMO_HUAWEI_ACCOUNT.projectId}/moderation/audio/jobs/n8n-credential-test`,
		);
		expect(request.answered).toBe(400);
	});

	test('IAM token: the same, with a token from IAM', async () => {
		expect(await testCredential('huaweiCloudApi', password())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect((await client().huawei.stats()).tokensIssued).toBe(1);
	});

	test.each([
		[
			'a wrong Secret Access Key',
			() => ({ ...accessKey(), secretAccessKey: 'wrong-000000' }),
			'Huawei Cloud error APIGW.0301: the IAM authentication is incorrect',
		],
		[
			'another project',
			() => ({ ...accessKey(), projectId: 'ffffffffffffffffffffffffffffffff' }),
			'Huawei Cloud error AIS.0004: not authorized',
		],
	])('%s fails with its meaning', async (_name, data, message) => {
		const result = await testCredential('huaweiCloudApi', data());
		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
	});

	test('a region where audio moderation is not subscribed fails with ModelArts.4204', async () => {
		await client().huawei.configure({ subscribed: false });
		expect((await testCredential('huaweiCloudApi', accessKey())).message).toContain(
			'Huawei Cloud error ModelArts.4204: the API is not subscribed in this region',
		);
	});

	test("a wrong password fails with IAM's reason, without the password", async () => {
		const result = await testCredential('huaweiCloudApi', {
			...password(),
			password: 'Not-the-password-9',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('The username or password is wrong.');
		expect(result.message).not.toContain('Not-the-password-9');
	});

	test('a URL that is not the API fails the test', async () => {
		const result = await testCredential('huaweiCloudApi', {
			...accessKey(),
			endpoint: `${sandbox().url}/__control/not-an-api`,
		});
		expect(result).toEqual({
			status: 'Error',
			message:
				'The URL answered, but not like the Huawei Cloud Moderation API (no "error_code" in the reply): check the Region and the Endpoint',
		});
	});
});
