import { createHash } from 'crypto';
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';

import { TencentCloudAsrApi } from '../../credentials/TencentCloudAsrApi.credentials';
import { tc3Authorization, tc3CanonicalRequest } from '../../credentials/tencentCloud/tc3';
import { sandboxTc3Signature } from '../sandbox/vendors/tencent3';

/** The published vector of Tencent's signature v3 document (the body's \u escapes are literal). */
const vector = {
	body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
	payloadHash: '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
	canonicalHash: '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
	secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
	secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
	signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
	maskedSignature: '2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
};
const request = (contentType = 'application/json; charset=utf-8') => ({
	method: 'POST',
	path: '/',
	query: '',
	contentType,
	host: 'cvm.tencentcloudapi.com',
	body: vector.body,
	service: 'cvm',
	timestamp: 1551113065,
});

describe('TC3-HMAC-SHA256: the published vectors', () => {
	test('payload hash, canonical request hash and signature', () => {
		expect(createHash('sha256').update(vector.body).digest('hex')).toBe(vector.payloadHash);
		expect(createHash('sha256').update(tc3CanonicalRequest(request())).digest('hex')).toBe(
			vector.canonicalHash,
		);
		expect(tc3Authorization(request(), vector.secretId, vector.secretKey)).toBe(
			`TC3-HMAC-SHA256 Credential=${vector.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${vector.signature}`,
		);
	});

	test('the masked keys give the masked vector; another Content-Type another signature', () => {
		const masked = (key: string) => `${key.slice(0, -7)}*******`;
		expect(
			tc3Authorization(request(), masked(vector.secretId), masked(vector.secretKey)),
		).toContain(`Signature=${vector.maskedSignature}`);
		expect(
			tc3Authorization(request('application/json'), vector.secretId, vector.secretKey),
		).not.toContain(vector.signature);
	});

	test("Tencent's official signer and the sandbox's reproduce it", () => {
		const official = Sign.sign3({
			method: 'POST',
			url: 'https://cvm.tencentcloudapi.com/',
			payload: Buffer.from(vector.body),
			timestamp: 1551113065,
			service: 'cvm',
			secretId: vector.secretId,
			secretKey: vector.secretKey,
			multipart: false,
			boundary: '',
			headers: { 'Content-Type': 'application/json; charset=utf-8' },
		});
		expect(official).toContain(`Signature=${vector.signature}`);
	});
});

/** A deterministic generator, so a failure names an input that can be run again. */
function generator(seed: number) {
	let state = seed;
	const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
	const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
	const text = (length: number) =>
		Array.from({ length }, () =>
			pick(['a', '中', '文', ' ', '"', '\\', '😀', 'é', '\n', '%', '&']),
		).join('');
	return { next, pick, text };
}

test("the credential and Tencent's official signer (Sign.sign3) sign 300 generated API 3.0 requests identically", async () => {
	const credential = new TencentCloudAsrApi();
	const random = generator(20261121);
	const mismatches: number[] = [];
	for (let index = 0; index < 300; index++) {
		const kind = random.pick(['status', 'url', 'data', 'long'] as const);
		const body =
			kind === 'status'
				? { TaskId: Math.floor(random.next() * 1e9) }
				: kind === 'url'
					? {
							EngineModelType: '16k_zh',
							ChannelNum: 1,
							ResTextFormat: 2,
							SourceType: 0,
							Url: `https://x.example/${encodeURIComponent(random.text(12))}.wav`,
							HotwordList: `${random.text(4)}|10`,
						}
					: kind === 'data'
						? {
								EngineModelType: '8k_zh',
								ChannelNum: 1,
								ResTextFormat: 0,
								SourceType: 1,
								Data: Buffer.from(random.text(2000)).toString('base64'),
								DataLen: 2000,
							}
						: {
								EngineModelType: '16k_zh',
								ChannelNum: 1,
								ResTextFormat: 3,
								SourceType: 0,
								Url: 'https://x.example/a.wav',
								Extra: random.text(20000),
							};
		const secretId = `AKID${index}${random.text(3).replace(/\W/g, 'x')}`;
		const secretKey = `key-${index}-${random.text(6)}`;
		const signed = await credential.authenticate(
			{
				secretId,
				secretKey,
				apiEndpoint: random.pick([
					'https://asr.tencentcloudapi.com',
					'https://asr.intl.tencentcloudapi.com',
				]),
			},
			{
				method: 'POST',
				url: '/',
				headers: { 'X-TC-Action': kind === 'status' ? 'DescribeTaskStatus' : 'CreateRecTask' },
				body,
			},
		);
		const headers = signed.headers as Record<string, string>;
		const official = Sign.sign3({
			method: 'POST',
			url: signed.url,
			// The exact bytes the credential sends.
			payload: signed.body as Buffer,
			timestamp: Number(headers['X-TC-Timestamp']),
			service: 'asr',
			secretId,
			secretKey,
			multipart: false,
			boundary: '',
			headers: { 'Content-Type': headers['Content-Type'] },
		});
		if (official !== headers.Authorization) mismatches.push(index);
		expect(signed.body).toEqual(Buffer.from(JSON.stringify(body)));
	}
	expect(mismatches).toEqual([]);
});

test("the sandbox's verifier agrees with the credential", async () => {
	const signed = await new TencentCloudAsrApi().authenticate(
		{ secretId: 'AKIDx', secretKey: 'k', apiEndpoint: 'http://127.0.0.1:4000/tencent3' },
		{
			method: 'POST',
			url: '/',
			headers: { 'X-TC-Action': 'DescribeTaskStatus' },
			body: { TaskId: 1 },
		},
	);
	const headers = signed.headers as Record<string, string>;
	const expected = sandboxTc3Signature(
		'POST',
		'/tencent3/',
		'',
		headers['Content-Type'],
		'127.0.0.1:4000',
		signed.body as Buffer,
		Number(headers['X-TC-Timestamp']),
		'k',
	);
	expect(headers.Authorization).toContain(`Signature=${expected}`);
});
