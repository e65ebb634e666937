import axios from 'axios';

import { TencentCloudAsrApi } from '../../credentials/TencentCloudAsrApi.credentials';
import { useSandbox } from '../harness/fixtures';
import { DEMO_ACCOUNT, signQuery } from '../sandbox/vendors/tencent';

const { sandbox, client } = useSandbox();
const http = axios.create({
	validateStatus: () => true,
	proxy: false,
	transformRequest: [(data) => data],
});
const credential = new TencentCloudAsrApi();

const business = {
	projectid: 0,
	sub_service_type: 0,
	engine_model_type: '16k_0',
	res_text_format: 0,
	res_type: 1,
	source_type: 0,
	url: 'https://a/b.wav',
	callback_url: 'https://cb.example/x',
};

/** A request signed by the real credential, sent as is (or after `tamper`). */
async function send(
	qs: Record<string, unknown> = business,
	options: {
		body?: Buffer;
		tamper?: (url: URL, headers: Record<string, string>) => void;
		account?: Partial<typeof DEMO_ACCOUNT>;
	} = {},
) {
	const account = { ...DEMO_ACCOUNT, ...options.account };
	const signed = await credential.authenticate(
		{ ...account, signatureValiditySeconds: 3600 },
		{
			url: `${sandbox().vendorUrl('tencent')}/asr/v1/${account.appId}`,
			method: 'POST',
			qs: qs as never,
		},
	);
	const url = new URL(signed.url);
	const headers = {
		...(signed.headers as Record<string, string>),
		'content-type': 'application/octet-stream',
	};
	options.tamper?.(url, headers);
	return (await http.post(url.toString(), options.body ?? Buffer.alloc(0), { headers })).data as {
		code: number;
		message: string;
		requestId?: number;
	};
}

/** Re-signs a tampered query correctly, to reach the checks behind the signature. */
const resign = (url: URL, headers: Record<string, string>) => {
	headers.Authorization = signQuery(
		DEMO_ACCOUNT.secretKey,
		DEMO_ACCOUNT.appId,
		Object.fromEntries(url.searchParams),
	);
};

describe('sandbox: Tencent emulator', () => {
	test('a correctly signed create is accepted', async () => {
		expect(await send()).toEqual({ code: 0, message: 'success', requestId: 500 });
	});

	test('the same signed request twice is a replay (1028)', async () => {
		let first: URL | undefined;
		let firstHeaders: Record<string, string> = {};
		await send(business, { tamper: (url, headers) => ((first = url), (firstHeaders = headers)) });
		const replay = (await http.post(first!.toString(), Buffer.alloc(0), { headers: firstHeaders }))
			.data;
		expect(replay.code).toBe(1028);
	});

	test.each([
		[
			'a changed parameter (signature no longer matches)',
			(url: URL) => url.searchParams.set('projectid', '9'),
			1029,
		],
		[
			'a malformed Authorization',
			(_url: URL, headers: Record<string, string>) => (headers.Authorization = 'not-base64!'),
			1021,
		],
		[
			'no Authorization',
			(_url: URL, headers: Record<string, string>) => delete headers.Authorization,
			1021,
		],
		['no secretid', (url: URL) => url.searchParams.delete('secretid'), 1010],
		['a non-numeric timestamp', (url: URL) => url.searchParams.set('timestamp', 'now'), 1011],
		['expired before timestamp', (url: URL) => url.searchParams.set('expired', '1'), 1012],
		['an 11-digit nonce', (url: URL) => url.searchParams.set('nonce', '12345678901'), 1013],
		[
			'a validity of 90 days',
			(url: URL, headers: Record<string, string>) => {
				url.searchParams.set(
					'expired',
					String(Number(url.searchParams.get('timestamp')) + 90 * 24 * 3600),
				);
				resign(url, headers);
			},
			1023,
		],
		[
			'an expired signature',
			(url: URL, headers: Record<string, string>) => {
				url.searchParams.set('timestamp', String(Math.floor(Date.now() / 1000) - 7200));
				url.searchParams.set('expired', String(Math.floor(Date.now() / 1000) - 3600));
				resign(url, headers);
			},
			1024,
		],
	])('%s: %#', async (_name, tamper, code) => {
		expect((await send(business, { tamper })).code).toBe(code);
	});

	test.each([
		['an unknown engine', { engine_model_type: 'bogus' }, 1005],
		['an unknown template', { template_name: 'nope' }, 1014],
		['no callback_url', { callback_url: undefined }, 1006],
		['a callback_url that is not http(s)', { callback_url: 'ftp://x' }, 1006],
		['a 2048-character url', { url: `https://a/${'x'.repeat(2040)}` }, 1016],
		['no url with source_type 0', { url: undefined }, 1009],
		['source_type 2', { source_type: 2 }, 1008],
		['res_type 0', { res_type: 0 }, 1007],
		['res_text_format 9', { res_text_format: 9 }, 1003],
		['sub_service_type 1', { sub_service_type: 1 }, 1004],
		['two channels on a 16k engine', { channel_num: 2 }, 1000],
	])('%s: %#', async (_name, change, code) => {
		expect((await send({ ...business, ...change })).code).toBe(code);
	});

	test('wrong account details: 1018 unknown App ID, 1026 wrong Secret ID, 1029 wrong key', async () => {
		expect((await send(business, { account: { appId: '4242' } })).code).toBe(1018);
		expect((await send(business, { account: { secretId: 'AKIDother' } })).code).toBe(1026);
		expect((await send(business, { account: { secretKey: 'other-key' } })).code).toBe(1029);
	});

	test('binary bodies: empty is refused (1000), over 5 MB is refused (1031), 5 MB exactly is accepted', async () => {
		const binary = { ...business, source_type: 1, url: undefined };
		expect((await send(binary)).code).toBe(1000);
		expect((await send(binary, { body: Buffer.alloc(5 * 1024 * 1024 + 1) })).code).toBe(1031);
		expect((await send(binary, { body: Buffer.alloc(5 * 1024 * 1024) })).code).toBe(0);
	});

	test("the callback: a URL-encoded form in Tencent's fields, sent again twice while not acknowledged", async () => {
		await client().tencent.configure({ callbackDelayMs: 5, retryDelayMs: 10 });
		await client().tencent.queueResults({ text: 'a&b=c 100% + 中文', audioTime: 3.25 });
		await send({ ...business, callback_url: `${sandbox().url}/__control/nowhere` });
		for (
			let attempt = 0;
			attempt < 100 && (await client().tencent.callbacks()).length < 3;
			attempt++
		)
			await new Promise((resolve) => setTimeout(resolve, 10));
		const attempts = await client().tencent.callbacks();
		expect(attempts.map((callback) => [callback.attempt, callback.accepted])).toEqual([
			[1, false],
			[2, false],
			[3, false],
		]);
		const fields = new URLSearchParams(attempts[0].body);
		expect(Object.fromEntries(fields)).toEqual({
			code: '0',
			message: 'success',
			requestId: '500',
			appid: DEMO_ACCOUNT.appId,
			projectid: '0',
			text: 'a&b=c 100% + 中文',
			audioTime: '3.25',
			audioUrl: 'https://a/b.wav',
		});
		expect(attempts[0].body).toContain('text=a%26b%3Dc%20100%25%20%2B%20%E4%B8%AD%E6%96%87');
		expect(attempts[0].contentType).toBe('application/x-www-form-urlencoded');
	});
});
