import { createHash } from 'crypto';

import {
	YIDUN_SIGNATURE_METHODS,
	YidunApi,
	yidunSignString,
	yidunSignature,
} from '../../credentials/YidunApi.credentials';
import { testCredential } from '../harness/credentialTest';
import { useSandbox } from '../harness/fixtures';
import { DEMO_YIDUN_ACCOUNT, signYidun } from '../sandbox/vendors/yidun';

const { sandbox, client } = useSandbox();

/** The published vector (Yidun Java SDK tests; ../shared/vendors/yidun.md). */
const vector = {
	secretKey: 'a-secret-key-1',
	params: {
		secretId: 'a-secret-id-1',
		arg0: 'value-of-arg0',
		param1: 'value-of-param1',
		input2: 'value-of-input2',
		x: null,
		y: '',
	},
	signString:
		'arg0value-of-arg0input2value-of-input2param1value-of-param1secretIda-secret-id-1xya-secret-key-1',
	md5: '24080052f8f2a630cfb17d4c5426784d',
};

describe('Yidun signature', () => {
	test('the published vector: sorted keys, key+value, null as empty, secret key last, MD5 hex', () => {
		expect(yidunSignString(vector.params, vector.secretKey)).toBe(vector.signString);
		expect(yidunSignature(vector.params, vector.secretKey)).toBe(vector.md5);
		expect(yidunSignature(vector.params, vector.secretKey, 'md5')).toBe(vector.md5);
	});

	test('the signature field itself is never signed', () => {
		expect(yidunSignature({ ...vector.params, signature: 'anything' }, vector.secretKey)).toBe(
			vector.md5,
		);
	});

	test('SM3 is the real SM3 (GB/T 32905 test vector "abc")', () => {
		expect(createHash('sm3').update('abc').digest('hex')).toBe(
			'66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
		);
	});

	test.each(YIDUN_SIGNATURE_METHODS)(
		"%s: the credential and the sandbox's independent signer agree",
		(method) => {
			const fields = {
				secretId: 'id',
				businessId: 'biz',
				version: 'v4',
				timestamp: '1700000000000',
				nonce: 'n1',
				signatureMethod: method,
				taskIds: '["a","b"]',
			};
			const signature = yidunSignature(fields, 'key', method);
			expect(signature).toBe(signYidun(fields, 'key', method));
			expect(signature).toMatch(
				method === 'MD5'
					? /^[0-9a-f]{32}$/
					: method === 'SHA1'
						? /^[0-9a-f]{40}$/
						: /^[0-9a-f]{64}$/,
			);
		},
	);

	test('an unknown method is refused', () => {
		expect(() => yidunSignature({}, 'k', 'CRC32')).toThrow('is not one of MD5, SHA1, SHA256, SM3');
	});
});

describe('Yidun credential: authenticate', () => {
	const credentials = {
		...DEMO_YIDUN_ACCOUNT,
		businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
		signatureMethod: 'SM3',
		apiHost: 'custom',
		customBaseUrl: 'http://x',
	};

	test('adds the public parameters to the form body and signs them all', async () => {
		const before = Date.now();
		const signed = await new YidunApi().authenticate(credentials, {
			url: 'http://x/v4/audio/query/task',
			method: 'POST',
			body: { version: 'v4', taskIds: '["t"]' },
		});
		const body = signed.body as Record<string, string>;
		expect(body).toMatchObject({
			version: 'v4',
			taskIds: '["t"]',
			secretId: DEMO_YIDUN_ACCOUNT.secretId,
			businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
			signatureMethod: 'SM3',
		});
		expect(Number(body.timestamp)).toBeGreaterThanOrEqual(before);
		expect(body.timestamp).toMatch(/^\d{13}$/);
		expect(body.nonce).toMatch(/^[0-9a-f]{32}$/);
		expect(body.signature).toBe(signYidun(body, DEMO_YIDUN_ACCOUNT.secretKey, 'SM3'));
		expect((signed.headers as Record<string, string>)['Content-Type']).toBe(
			'application/x-www-form-urlencoded;charset=utf-8',
		);
		expect(JSON.stringify(signed)).not.toContain(DEMO_YIDUN_ACCOUNT.secretKey);
	});

	test('missing keys are a clear error that quotes no secret', async () => {
		await expect(
			new YidunApi().authenticate({ ...credentials, businessId: '' }, { url: 'http://x' }),
		).rejects.toThrow('needs a Secret ID, a Secret Key and a Business ID');
	});
});

describe('Yidun credential: the Test button against the sandbox', () => {
	const stored = () => ({
		...DEMO_YIDUN_ACCOUNT,
		businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
		apiHost: 'custom',
		customBaseUrl: sandbox().vendorUrl('yidun'),
	});

	test.each(YIDUN_SIGNATURE_METHODS)(
		'keys signed with %s are accepted',
		async (signatureMethod) => {
			expect(await testCredential('yidunApi', { ...stored(), signatureMethod })).toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
			const [request] = await client().requests('yidun');
			expect(request.path).toBe('/v4/audio/query/task');
			expect(new URLSearchParams(request.body).get('signatureMethod')).toBe(signatureMethod);
		},
	);

	test.each([
		['a wrong Secret Key', { secretKey: 'wrong-key-0000' }, 'Yidun error 5508: invalid signature'],
		['an unknown Secret ID', { secretId: 'nobody' }, 'Yidun error 5508: invalid signature'],
		[
			'a wrong Business ID',
			{ businessId: 'other-business' },
			'Yidun error 5506: invalid businessId',
		],
	])("%s fails with Yidun's meaning", async (_name, change, message) => {
		const result = await testCredential('yidunApi', {
			...stored(),
			signatureMethod: 'SHA256',
			...change,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
	});

	test('a URL that is not Yidun fails the test', async () => {
		expect(
			(
				await testCredential('yidunApi', {
					...stored(),
					customBaseUrl: sandbox().vendorUrl('neunit'),
				})
			).status,
		).toBe('Error');
		// A 200 JSON reply without "code": only the credential's rule catches it.
		expect(
			await testCredential('yidunApi', {
				...stored(),
				customBaseUrl: `${sandbox().url}/__control/not-an-api#`,
			}),
		).toEqual({
			status: 'Error',
			message:
				'The URL answered, but not like the Yidun API (no "code" in the reply): check the API host',
		});
	});
});
