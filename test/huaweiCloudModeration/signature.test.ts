import { createHash } from 'crypto';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';

import { HuaweiCloudApi } from '../../credentials/HuaweiCloudApi.credentials';
import {
	canonicalRequest,
	huaweiUriEncode,
	sdkAuthorization,
} from '../../credentials/huaweiCloud/sdkHmacSha256';
import { sandboxSignature } from '../sandbox/vendors/huawei';

/** The published vector of Huawei's API signing guide. */
const published = {
	request: {
		method: 'GET',
		path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
		query: [
			['limit', '2'],
			['marker', '13551d6b-755d-4757-b956-536f674975c0'],
		] as Array<[string, string]>,
		headers: {
			'Content-Type': 'application/json',
			host: 'service.region.example.com',
			'X-Sdk-Date': '20191115T033655Z',
		},
		body: '',
	},
	ak: 'QTWAOYTTINDUT2QVKYUC',
	sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
	canonicalHash: 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
	signature: '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
};

/** The moderation vector of the vendor notes (built with the SDK, recomputed independently). */
const moderation = {
	body: '{"data":{"url":"https://example.com/a.wav"},"event_type":"default","categories":["porn","ad"],"callback":"https://example.com/cb","seed":"abc_123"}',
	bodyHash: '0d3a6c344955b0f2974db0708be5a1ccea1f0ea530a46926afb8921763b169e5',
	authorization:
		'SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=2eb90dc3745539e37b1a47349e07c3570259af501328678f6606d9baabc41946',
};
const PROJECT = '0123456789abcdef0123456789abcdef';

describe('SDK-HMAC-SHA256: published vectors', () => {
	test("the signing guide's canonical request and signature", () => {
		expect(
			createHash('sha256').update(canonicalRequest(published.request).text).digest('hex'),
		).toBe(published.canonicalHash);
		expect(sdkAuthorization(published.request, published.ak, published.sk)).toBe(
			`SDK-HMAC-SHA256 Access=${published.ak}, SignedHeaders=content-type;host;x-sdk-date, Signature=${published.signature}`,
		);
	});

	test('the moderation create vector, from the body the credential serializes', () => {
		const body = JSON.stringify(JSON.parse(moderation.body));
		expect(createHash('sha256').update(body).digest('hex')).toBe(moderation.bodyHash);
		const authorization = sdkAuthorization(
			{
				method: 'POST',
				path: `/v3/${PROJECT}/moderation/audio/jobs`,
				query: [],
				headers: {
					'content-type': 'application/json',
					host: 'moderation.cn-north-4.myhuaweicloud.com',
					'x-project-id': PROJECT,
					'x-sdk-date': '20191115T033655Z',
				},
				body,
			},
			'AKEXAMPLE',
			published.sk,
		);
		expect(authorization).toBe(moderation.authorization);
	});

	test("the official SDK's signer and the sandbox's reproduce the published vector too", () => {
		const headers = AKSKSigner.sign(
			{
				endpoint: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
				method: 'GET',
				headers: { 'content-type': 'application/json', 'X-Sdk-Date': '20191115T033655Z' },
				queryParams: { limit: 2, marker: '13551d6b-755d-4757-b956-536f674975c0' },
			} as never,
			{ getAk: () => published.ak, getSk: () => published.sk } as never,
		) as Record<string, string>;
		expect(headers.Authorization).toContain(`Signature=${published.signature}`);
		const sandbox = sandboxSignature(
			{
				method: 'GET',
				path: published.request.path,
				query: new URLSearchParams(published.request.query),
				headers: {
					'content-type': 'application/json',
					host: 'service.region.example.com',
					'x-sdk-date': '20191115T033655Z',
				},
				body: Buffer.alloc(0),
			},
			['content-type', 'host', 'x-sdk-date'],
			'20191115T033655Z',
			published.sk,
		);
		expect(sandbox).toBe(published.signature);
	});
});

/** A deterministic generator, so a failure names an input that can be run again. */
function generator(seed: number) {
	let state = seed;
	const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
	const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
	const alphabet = [
		'a',
		'Z',
		'9',
		'-',
		'_',
		'.',
		'~',
		' ',
		'中',
		'文',
		'审',
		'核',
		'%',
		'+',
		'=',
		'&',
		'/',
		'?',
		'#',
		"'",
		'(',
		'!',
		'*',
		'😀',
	];
	const word = (min: number, max: number) =>
		Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(alphabet)).join(
			'',
		);
	return { next, pick, word };
}

describe("the credential and Huawei's official signer (AKSKSigner) sign the same requests identically", () => {
	const credential = new HuaweiCloudApi();
	const CASES = 300;

	test(`${CASES} generated requests: Chinese, spaces and symbols in paths and query values, empty and large bodies`, async () => {
		const random = generator(20261121);
		const mismatches: string[] = [];
		for (let index = 0; index < CASES; index++) {
			const segments = Array.from({ length: 1 + Math.floor(random.next() * 3) }, () =>
				random.word(1, 6),
			);
			const method = random.pick(['GET', 'POST', 'PUT', 'DELETE'] as const);
			const qs: Record<string, string> = {};
			for (let q = Math.floor(random.next() * 4); q > 0; q--)
				qs[random.word(1, 4)] = random.word(0, 8);
			const bodyKind = method === 'GET' ? 'none' : random.pick(['none', 'small', 'large']);
			const body =
				bodyKind === 'none'
					? undefined
					: bodyKind === 'small'
						? {
								data: { url: `https://example.com/${random.word(1, 10)}` },
								text: random.word(0, 20),
							}
						: { items: Array.from({ length: 2000 }, (_, i) => ({ i, text: random.word(5, 30) })) };
			const ak = `AK${index}`;
			const sk = `SK-${random.word(8, 16)}`;
			const region = random.pick(['cn-north-4', 'cn-east-3', 'ap-southeast-3']);
			const signed = await credential.authenticate(
				{ authType: 'accessKey', accessKeyId: ak, secretAccessKey: sk, projectId: PROJECT, region },
				// Path segments strictly percent-encoded, as any client must send ' ( ) ! * for the
				// gateway and the SDK to agree (Node's legacy URL parser, which the SDK uses, escapes ' itself).
				{ method, url: `/v3/{project_id}/${segments.map(huaweiUriEncode).join('/')}`, qs, body },
			);
			const headers = signed.headers as Record<string, string>;
			// What the official signer is given: the URL as sent, the decoded query, the body object.
			const sent = new URL(signed.url);
			const official = AKSKSigner.sign(
				{
					endpoint: `${sent.origin}${sent.pathname}`,
					method,
					headers: {
						'Content-Type': 'application/json',
						'X-Project-Id': PROJECT,
						'X-Sdk-Date': headers['X-Sdk-Date'],
					},
					queryParams: Object.fromEntries(sent.searchParams),
					data: body,
				} as never,
				{ getAk: () => ak, getSk: () => sk } as never,
			) as Record<string, string>;
			if (official.Authorization !== headers.Authorization)
				mismatches.push(`case ${index}: ${signed.url}`);
			// The bytes sent are the bytes hashed.
			expect(signed.body).toEqual(
				body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
			);
		}
		expect(mismatches).toEqual([]);
	});
});
