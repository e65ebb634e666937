import axios from 'axios';

import { YidunApi } from '../../credentials/YidunApi.credentials';
import { useSandbox } from '../harness/fixtures';
import { DEMO_YIDUN_ACCOUNT, signYidun } from '../sandbox/vendors/yidun';

const { sandbox } = useSandbox();
const http = axios.create({ validateStatus: () => true, proxy: false });
const credentials = {
	...DEMO_YIDUN_ACCOUNT,
	businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
	signatureMethod: 'MD5',
};

/** A query signed by the real credential, optionally changed (and re-signed) before sending. */
async function query(
	change: (fields: Record<string, string>) => void = () => undefined,
	resign = true,
	taskIds = '["t-1"]',
) {
	const signed = await new YidunApi().authenticate(credentials, {
		url: '',
		method: 'POST',
		body: { version: 'v4', taskIds },
	});
	const fields = { ...(signed.body as Record<string, string>) };
	change(fields);
	if (resign)
		fields.signature = signYidun(fields, DEMO_YIDUN_ACCOUNT.secretKey, fields.signatureMethod);
	const body = new URLSearchParams(fields).toString();
	return (
		await http.post(`${sandbox().vendorUrl('yidun')}/v4/audio/query/task`, body, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		})
	).data as { code: number; msg: string };
}

describe('sandbox: Yidun authentication', () => {
	test('a signed query is accepted and consumes nothing', async () => {
		expect(await query()).toEqual({ code: 200, msg: 'ok', result: [] });
	});

	test.each([
		[
			'a timestamp 10 minutes old',
			(fields: Record<string, string>) => (fields.timestamp = String(Date.now() - 600_000)),
			true,
			5501,
		],
		[
			'a timestamp in seconds',
			(fields: Record<string, string>) =>
				(fields.timestamp = String(Math.floor(Date.now() / 1000))),
			true,
			5501,
		],
		[
			'a 33-character nonce',
			(fields: Record<string, string>) => (fields.nonce = 'n'.repeat(33)),
			true,
			5505,
		],
		[
			'a changed field (signature no longer matches)',
			(fields: Record<string, string>) => (fields.taskIds = '["t-2"]'),
			false,
			5508,
		],
		['no signature', (fields: Record<string, string>) => delete fields.signature, false, 400],
		['no version', (fields: Record<string, string>) => delete fields.version, true, 400],
		[
			'an unknown signature method',
			(fields: Record<string, string>) => (fields.signatureMethod = 'CRC32'),
			false,
			400,
		],
	])('%s: code %#', async (_name, change, resign, code) => {
		expect((await query(change, resign)).code).toBe(code);
	});

	test('the same nonce twice is a duplicate request (5511)', async () => {
		let nonce = '';
		await query((fields) => (nonce = fields.nonce));
		expect((await query((fields) => (fields.nonce = nonce))).code).toBe(5511);
	});

	test('taskIds must be a JSON array of 1 to 100 ids', async () => {
		expect((await query(undefined, true, 'not json')).code).toBe(400);
		expect(
			(
				await query(
					undefined,
					true,
					JSON.stringify(Array.from({ length: 101 }, (_, index) => `t${index}`)),
				)
			).code,
		).toBe(400);
		expect(
			(
				await query(
					undefined,
					true,
					JSON.stringify(Array.from({ length: 100 }, (_, index) => `t${index}`)),
				)
			).code,
		).toBe(200);
	});
});
