import {
	MAX_SIGNATURE_VALIDITY_SECONDS,
	TencentCloudAsrApi,
	tencentSignString,
	tencentSignature,
} from '../../credentials/TencentCloudAsrApi.credentials';
import { signQuery } from '../sandbox/vendors/tencent';

/** The published test vector (Tencent's 录音文件识别 document; ../shared/vendors/tencent-asr.md). */
const vector = {
	appId: '1259228442',
	secretKey: 'kFpwoX5RYQ2SkqpeHgqmSzHK7h3A2fni',
	params: {
		callback_url: 'http://test.qq.com',
		channel_num: '1',
		engine_model_type: '8k_0',
		expired: '1561464926',
		nonce: '6666',
		projectid: '0',
		res_text_format: '0',
		res_type: '1',
		secretid: 'AKIDoQq1zhZMN8dv0psmvud6OUKuGPO7pu0r',
		source_type: '0',
		sub_service_type: '0',
		timestamp: '1561461326',
		url: 'https://xuhai2-1255824371.cos.ap-chengdu.myqcloud.com/test.wav',
	},
	signString:
		'POSTaai.qcloud.com/asr/v1/1259228442?callback_url=http://test.qq.com&channel_num=1&engine_model_type=8k_0&expired=1561464926&nonce=6666&projectid=0&res_text_format=0&res_type=1&secretid=AKIDoQq1zhZMN8dv0psmvud6OUKuGPO7pu0r&source_type=0&sub_service_type=0&timestamp=1561461326&url=https://xuhai2-1255824371.cos.ap-chengdu.myqcloud.com/test.wav',
	authorization: '5Zb1hKd8uo4H+AgpMbktZhHqqjY=',
};

describe('Tencent signature: the published vector', () => {
	test('sign string: sorted keys, raw values, host aai.qcloud.com', () => {
		const shuffled = Object.fromEntries(Object.entries(vector.params).reverse());
		expect(tencentSignString(vector.appId, shuffled)).toBe(vector.signString);
	});

	test('Authorization = Base64(HMAC-SHA1(SecretKey, sign string))', () => {
		expect(tencentSignature(vector.secretKey, vector.signString)).toBe(vector.authorization);
	});

	test("the sandbox's independent signer agrees", () => {
		expect(signQuery(vector.secretKey, vector.appId, vector.params)).toBe(vector.authorization);
	});
});

describe('Tencent credential: authenticate', () => {
	const credential = new TencentCloudAsrApi();
	const credentials = {
		appId: vector.appId,
		secretId: vector.params.secretid,
		secretKey: vector.secretKey,
		signatureValiditySeconds: 3600,
		baseUrl: 'https://aai.qcloud.com',
	};

	async function sign(qs: Record<string, unknown>, extra: Record<string, unknown> = {}) {
		const signed = await credential.authenticate(
			{ ...credentials, ...extra },
			{ url: 'http://127.0.0.1:1/tencent/asr/v1/1259228442', method: 'POST', qs: qs as never },
		);
		const url = new URL(signed.url);
		return { signed, url, query: Object.fromEntries(url.searchParams) };
	}

	test('adds secretid, timestamp, expired and nonce, and signs what it sends', async () => {
		const before = Math.floor(Date.now() / 1000);
		const { signed, query } = await sign({
			projectid: 0,
			source_type: 0,
			url: 'https://x/a.wav',
			callback_url: 'https://cb/?token=abc&x=1',
		});
		expect(query.secretid).toBe(vector.params.secretid);
		expect(Number(query.timestamp)).toBeGreaterThanOrEqual(before);
		expect(Number(query.expired) - Number(query.timestamp)).toBe(3600);
		expect(query.nonce).toMatch(/^[1-9]\d{0,9}$/);
		expect((signed.headers as Record<string, string>).Authorization).toBe(
			signQuery(vector.secretKey, vector.appId, query),
		);
		expect(signed.qs).toEqual({});
	});

	test('signs raw values but URL-encodes them on the wire (& = ? space % + 中文)', async () => {
		const callback = 'https://cb.example/hook?token=a&b=c d%+中文';
		const { signed, query } = await sign({ callback_url: callback, source_type: 0 });
		expect(query.callback_url).toBe(callback);
		expect(signed.url).toContain(`callback_url=${encodeURIComponent(callback)}`);
		expect(signed.url).not.toContain('中文');
		expect((signed.headers as Record<string, string>).Authorization).toBe(
			signQuery(vector.secretKey, vector.appId, query),
		);
	});

	test('the host in the sign string is aai.qcloud.com whatever the base URL', async () => {
		const { signed, query } = await sign({ source_type: 0 });
		expect(signed.url.startsWith('http://127.0.0.1:1/tencent/asr/v1/1259228442?')).toBe(true);
		expect(tencentSignString(vector.appId, query)).toMatch(
			/^POSTaai\.qcloud\.com\/asr\/v1\/1259228442\?/,
		);
	});

	test('the validity is the one set, and always under 90 days', async () => {
		expect(
			Number((await sign({}, { signatureValiditySeconds: 600 })).query.expired) -
				Number((await sign({}, { signatureValiditySeconds: 600 })).query.timestamp),
		).toBe(600);
		const { query } = await sign({}, { signatureValiditySeconds: 200 * 24 * 3600 });
		expect(Number(query.expired) - Number(query.timestamp)).toBe(MAX_SIGNATURE_VALIDITY_SECONDS);
		expect(MAX_SIGNATURE_VALIDITY_SECONDS).toBeLessThan(90 * 24 * 3600);
	});

	test('every request gets its own nonce', async () => {
		const nonces = new Set<string>();
		for (let request = 0; request < 50; request++) nonces.add((await sign({})).query.nonce);
		expect(nonces.size).toBe(50);
	});

	test('empty values are not sent, so they are not signed either', async () => {
		const { query } = await sign({ template_name: '', projectid: 0 });
		expect(query).not.toHaveProperty('template_name');
		expect(query.projectid).toBe('0');
	});

	test('a missing App ID or key is a clear error that quotes no secret', async () => {
		await expect(sign({}, { appId: '' })).rejects.toThrow('numeric App ID');
		const error = await sign({}, { secretKey: '' }).catch((caught: Error) => caught);
		expect((error as Error).message).toContain('Secret ID and a Secret Key');
	});
});
