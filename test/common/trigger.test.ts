import type { INode } from 'n8n-workflow';

import { parseFormFields, readFormFields } from '../../nodes/common/callback';
import {
	sandboxCredentials,
	singleNodeWorkflow,
	useSandbox,
	useWebhookServer,
} from '../harness/fixtures';
import { PACKAGE_NAME } from '../harness/packageTypes';
import { SandboxClient } from '../sandbox/client';
import { DEMO_ACCOUNT } from '../sandbox/vendors/tencent';
import { DEMO_YIDUN_ACCOUNT, signYidun } from '../sandbox/vendors/yidun';

/**
 * The plumbing every trigger shares, through the harness's stand-in for n8n's webhook server:
 * ambiguous forms are refused by the shared parser (regression: a repeated field used to be
 * accepted, the last value winning), and version 2 of the triggers, the one that spares n8n
 * an expression per request, still reads bodies n8n does not parse.
 */
const { sandbox } = useSandbox();
const webhooks = useWebhookServer();

const TOKEN = 'cb-token-3f9a1c7e5d2b8a406e1f';
const credentials = () => sandboxCredentials(sandbox());

function trigger(
	type: 'tencentCloudAsrTrigger' | 'yidunTrigger',
	typeVersion: number,
	parameters = {},
) {
	const node: INode = {
		id: 'trigger',
		name: 'Trigger',
		type: `${PACKAGE_NAME}.${type}`,
		typeVersion,
		position: [0, 0],
		webhookId: '0b7e4f3a-1111-4222-8333-444455556666',
		parameters:
			type === 'tencentCloudAsrTrigger' ? { callbackToken: TOKEN, ...parameters } : parameters,
		credentials: {
			[type === 'yidunTrigger' ? 'yidunApi' : 'tencentCloudAsrApi']: { id: '1', name: 'account' },
		},
	};
	return { nodes: [node], connections: {} };
}

async function post(url: string, body: string, contentType?: string) {
	const response = await fetch(url, {
		method: 'POST',
		body,
		headers: contentType ? { 'content-type': contentType } : {},
	});
	return { status: response.status, body: await response.text() };
}

const runs = async () => {
	await webhooks().settle();
	return webhooks().executions;
};

const ours = DEMO_ACCOUNT.appId;

describe('the shared form parser refuses an ambiguous body', () => {
	test.each([
		['code=0&code=1&requestId=880003', 'code'],
		['requestId=880003&requestId=880004&code=0', 'requestId'],
		[`appid=999&code=0&requestId=1&appid=${ours}`, 'appid'],
		['text=a&code=0&requestId=1&text=b', 'text'],
		['te%78t=a&text=b', 'text'],
	])('%s: the field "%s" appears more than once', (body, field) => {
		expect(parseFormFields(body)).toEqual({
			reason: `the field "${field}" appears more than once`,
		});
	});

	test("n8n's own parse (a repeated field becomes a list) is refused the same way", async () => {
		expect(
			await readFormFields({ headers: {}, body: { code: ['0', '1'], requestId: '1' } }),
		).toEqual({
			reason: 'the field "code" appears more than once',
		});
	});

	test('one value per field is accepted, decoded once', () => {
		expect(parseFormFields('code=0&text=50%25+%26+more&empty=')).toEqual({
			fields: { code: '0', text: '50% & more', empty: '' },
		});
	});
});

describe.each([1, 2])('Tencent Cloud ASR Trigger version %i', (typeVersion) => {
	const activate = async () =>
		(
			await webhooks().activate(trigger('tencentCloudAsrTrigger', typeVersion), {
				credentials: credentials(),
			})
		).Trigger;

	test.each([
		[
			'application/x-www-form-urlencoded',
			`code=0&code=1&requestId=880003&requestId=880004&appid=${ours}&text=a&text=b`,
		],
		['application/x-www-form-urlencoded', `appid=999&code=0&requestId=880003&text=a&appid=${ours}`],
		['application/x-www-form-urlencoded', `appid=${ours}&code=0&requestId=880003&text=a&appid=999`],
		[undefined, `code=0&code=1&requestId=880003&appid=${ours}&text=a`],
	])(
		'a repeated field (Content-Type %s) is answered 400 and starts no execution',
		async (contentType, body) => {
			const url = await activate();
			const answer = await post(`${url}?token=${TOKEN}`, body, contentType);
			expect(answer.status).toBe(400);
			expect(JSON.parse(answer.body).message).toMatch(
				/^Not a Tencent ASR callback: the field "(code|appid)" appears more than once$/,
			);
			expect(await runs()).toHaveLength(0);
		},
	);

	test('a genuine callback without a Content-Type (+ = % and Chinese in it) is acknowledged and runs', async () => {
		const url = await activate();
		const text = '您好 50% & more + 更多 = 好';
		const body = `code=0&requestId=880005&appid=${ours}&text=${encodeURIComponent(text)}&audioTime=3.5`;
		const answer = await post(`${url}?token=${TOKEN}`, body);
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.body)).toEqual({ code: 0, message: '成功' });
		const [execution] = await runs();
		expect(execution.runs[0].status).toBe('success');
		expect(
			execution.runs[0].data.resultData.runData.Trigger[0].data!.main[0]![0].json,
		).toMatchObject({ taskId: '880005', transcript: text, audioDuration: 3.5 });
	});
});

describe.each([1, 2])('Yidun Trigger version %i', (typeVersion) => {
	test('a signed push with a repeated field is answered 400 and starts no execution', async () => {
		const url = (
			await webhooks().activate(trigger('yidunTrigger', typeVersion), {
				credentials: credentials(),
			})
		).Trigger;
		const fields: Record<string, string> = {
			secretId: DEMO_YIDUN_ACCOUNT.secretId,
			businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
			callbackData: JSON.stringify({ taskId: `task-v${typeVersion}`, status: 2, suggestion: 0 }),
			signatureMethod: 'MD5',
		};
		fields.signature = signYidun(fields, DEMO_YIDUN_ACCOUNT.secretKey, 'MD5');
		const signed = new URLSearchParams(fields).toString();
		const genuine = await post(url, signed, 'application/x-www-form-urlencoded');
		expect(genuine.status).toBe(200);
		const repeated = `${signed}&callbackData=${encodeURIComponent(JSON.stringify({ taskId: 'task-2', status: 2, suggestion: 2 }))}`;
		const answer = await post(url, repeated, 'application/x-www-form-urlencoded');
		expect(answer.status).toBe(400);
		expect(JSON.parse(answer.body).msg).toBe(
			'not a Yidun push: the field "callbackData" appears more than once',
		);
		expect(await runs()).toHaveLength(1);
	});
});

test('the resume webhook of Wait for the Callback Here refuses a repeated field and keeps waiting', async () => {
	const parameters = {
		operation: 'createRecognitionTask',
		audioSource: 'url',
		audioUrl: 'https://audio.example/call.wav',
		resultDelivery: 'waitForCallback',
		maxWaitMinutes: 30,
	};
	// The sandbox's own callback (30 ms after the create by default) would resume the
	// execution before the forged one arrives, on a loaded machine: it is held back.
	const client = new SandboxClient(sandbox().url);
	await client.tencent.configure({ callbackDelayMs: 60_000 });
	const running = webhooks().startWorkflow(
		singleNodeWorkflow('tencentCloudAsr', parameters, 'tencentCloudAsrApi'),
		{ credentials: credentials() },
	);
	expect((await running.result).run.status).toBe('waiting');
	const [create] = await client.requests('tencent');
	const resumeUrl = create.query.callback_url;
	const answer = await post(
		resumeUrl,
		`code=0&requestId=1&requestId=2&appid=${ours}&text=a`,
		'application/x-www-form-urlencoded',
	);
	expect(answer.status).toBe(400);
	await webhooks().settle();
	expect(running.execution.stored).toBeDefined();
	expect(running.execution.runs).toHaveLength(1);
});
