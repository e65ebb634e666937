import { NeunitAsrApi, neunitAuthHeaders } from '../../credentials/NeunitAsrApi.credentials';
import { testCredential } from '../harness/credentialTest';
import { useSandbox } from '../harness/fixtures';

const { sandbox, client } = useSandbox();

describe('Neunit ASR credential: authenticate', () => {
	const credential = new NeunitAsrApi();

	test("adds the key header and the extra headers, keeping the request's own", async () => {
		const signed = await credential.authenticate(
			{
				baseUrl: 'http://x',
				keyHeaderName: 'X-Api-Key',
				apiKey: 'k-123',
				extraSecretHeaders: '{"X-App-Id": "app-9", "X-Trace": 7}',
			},
			{ url: 'http://x/y', headers: { 'Content-Type': 'application/json' } },
		);
		expect(signed.headers).toEqual({
			'Content-Type': 'application/json',
			'X-Api-Key': 'k-123',
			'X-App-Id': 'app-9',
			'X-Trace': '7',
		});
	});

	test('adds nothing when no header is configured', async () => {
		const signed = await credential.authenticate(
			{ baseUrl: 'http://x', keyHeaderName: '', apiKey: '', extraSecretHeaders: '' },
			{ url: 'http://x/y' },
		);
		expect(signed.headers).toEqual({});
	});

	test.each([
		[
			'a header name with a space',
			{ keyHeaderName: 'X Api Key', apiKey: 'v' },
			'header name that is not valid',
		],
		[
			'a value with a line break',
			{ keyHeaderName: 'X-Key', apiKey: 'a\r\nInjected: 1' },
			'contains a line break',
		],
		[
			'extra headers that are not JSON',
			{ extraSecretHeaders: '{"X-Key": "secret-1234"' },
			'is not valid JSON',
		],
		[
			'extra headers that are a list',
			{ extraSecretHeaders: '["secret-1234"]' },
			'must be a JSON object',
		],
	])('refuses %s without quoting the value', (_name, fields, message) => {
		let error: Error | undefined;
		try {
			neunitAuthHeaders(fields);
		} catch (caught) {
			error = caught as Error;
		}
		expect(error?.message).toContain(message);
		expect(error?.message).not.toContain('secret-1234');
		expect(error?.message).not.toContain('Injected');
	});

	test('the base URL defaults to the host and port of the vendor document', () => {
		const baseUrl = credential.properties.find((property) => property.name === 'baseUrl');
		expect(baseUrl?.default).toBe('http://dev-winner-api.neunit.com:18052');
		for (const name of ['apiKey', 'extraSecretHeaders']) {
			expect(
				credential.properties.find((property) => property.name === name)?.typeOptions?.password,
			).toBe(true);
		}
	});
});

describe('Neunit ASR credential: the Test button', () => {
	test('a "task not found" business reply proves the endpoint answers', async () => {
		expect(
			await testCredential('neunitAsrApi', { baseUrl: sandbox().vendorUrl('neunit') }),
		).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = await client().requests('neunit');
		expect(request).toMatchObject({ method: 'POST', path: '/cloud/asr/v1/get_task_status' });
		expect(JSON.parse(request.body)).toEqual({ task_id: 'n8n-credential-test' });
	});

	test('a trailing slash on the base URL is fine', async () => {
		expect(
			(await testCredential('neunitAsrApi', { baseUrl: `${sandbox().vendorUrl('neunit')}/` }))
				.status,
		).toBe('OK');
	});

	test('the test request carries the key headers', async () => {
		await client().neunit.requireHeaders({ 'X-Api-Key': 'k-123' });
		expect(
			(
				await testCredential('neunitAsrApi', {
					baseUrl: sandbox().vendorUrl('neunit'),
					keyHeaderName: 'X-Api-Key',
					apiKey: 'k-123',
				})
			).status,
		).toBe('OK');
		const refused = await testCredential('neunitAsrApi', {
			baseUrl: sandbox().vendorUrl('neunit'),
			keyHeaderName: 'X-Api-Key',
			apiKey: 'wrong',
		});
		expect(refused.status).toBe('Error');
		expect(refused.message).not.toContain('wrong');
	});

	test('a URL that is not the Neunit API fails the test', async () => {
		const wrongPath = await testCredential('neunitAsrApi', {
			baseUrl: `${sandbox().url}/elsewhere`,
		});
		expect(wrongPath.status).toBe('Error');
		// A 200 JSON reply without "code" ("#" drops the API path): only the credential's rule catches it.
		const notAnApi = await testCredential('neunitAsrApi', {
			baseUrl: `${sandbox().url}/__control/not-an-api#`,
		});
		expect(notAnApi).toEqual({
			status: 'Error',
			message:
				'The URL answered, but not like the Neunit ASR API (no "code" in the reply): check the base URL',
		});
	});

	test('nothing listening fails the test with the connection error', async () => {
		expect(await testCredential('neunitAsrApi', { baseUrl: 'http://127.0.0.1:9' })).toMatchObject({
			status: 'Error',
		});
	});
});
