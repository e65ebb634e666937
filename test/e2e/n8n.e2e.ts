import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { nodeTypesByName, credentialTypes, PACKAGE_NAME, ROOT } from '../harness/packageTypes';
import { SandboxClient } from '../sandbox/client';
import { seedDemoData } from '../sandbox/demo';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { DEMO_ACCOUNT } from '../sandbox/vendors/tencent';
import { freePort, installedModules, installPackage, N8nServer, packPackage } from './n8n';
import { loadExample, startedByWebhook } from './workflows';

let folder: string;
let sandbox: Sandbox;
let client: SandboxClient;
let n8n: N8nServer;
let credentialIds: Record<string, string>;

beforeAll(async () => {
	folder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	installPackage(folder, packPackage(join(folder, 'pack')));
	sandbox = await startSandbox();
	client = new SandboxClient(sandbox.url);
	n8n = new N8nServer({ userFolder: folder, port: await freePort(), brokerPort: await freePort(), logFile: join(folder, 'n8n.log') });
	await n8n.start();
	await n8n.login();
	credentialIds = {
		neunitAsrApi: await n8n.createCredential('Neunit ASR (sandbox)', 'neunitAsrApi', { baseUrl: sandbox.vendorUrl('neunit') }),
		tencentCloudAsrApi: await n8n.createCredential('Tencent Cloud ASR (sandbox)', 'tencentCloudAsrApi', { ...DEMO_ACCOUNT, baseUrl: sandbox.vendorUrl('tencent'), signatureValiditySeconds: 3600 }),
	};
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
	if (folder && !process.env.E2E_KEEP) rmSync(folder, { recursive: true, force: true });
});

beforeEach(async () => {
	await client.reset();
	await seedDemoData(sandbox.url, 200);
});

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await check();
		if (value !== undefined) return value;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`Timed out waiting for ${what} (n8n log: ${join(folder, 'n8n.log')})`);
}

/** Imports and activates an example, started by a webhook at `path`; returns its id once every webhook is live. */
async function deploy(file: string, path: string): Promise<string> {
	const workflow = startedByWebhook(loadExample(file, n8n.url, credentialIds), path);
	const id = await n8n.createWorkflow(workflow as never);
	await n8n.activate(id);
	await n8n.waitForWebhook(path);
	for (const node of workflow.nodes) {
		if (node.type === `${PACKAGE_NAME}.tencentCloudAsrTrigger`) await n8n.waitForWebhook(`${node.webhookId}/callback`);
	}
	return id;
}

const runData = (execution: Record<string, any>) => execution.data?.resultData?.runData ?? {};
const firstJson = (execution: Record<string, any>, node: string) => runData(execution)[node]?.at(-1)?.data?.main?.[0]?.[0]?.json;

describe('the package in a real n8n', () => {
	test('installed from its tarball as the Community Nodes installer does, it brings nothing else along', () => {
		expect(installedModules(folder)).toEqual([PACKAGE_NAME]);
		const installed = JSON.parse(readFileSync(join(folder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json'), 'utf8'));
		expect(installed.dependencies ?? {}).toEqual({});
	});

	test('every node and credential is registered, with both icons served', async () => {
		const nodes = await n8n.nodeTypes();
		for (const name of Object.keys(nodeTypesByName)) {
			const type = nodes.find((candidate) => candidate.name === name);
			expect(type).toBeDefined();
			for (const icon of [type!.iconUrl!.light, type!.iconUrl!.dark]) {
				const reply = await n8n.root.get(`/${icon}`);
				expect([reply.status, reply.headers['content-type']]).toEqual([200, 'image/svg+xml']);
			}
		}
		const credentials = (await n8n.credentialTypes()).map((type) => type.name);
		for (const name of Object.keys(credentialTypes)) expect(credentials).toContain(name);
	});

	test('credential Test buttons pass against the sandbox and fail with a wrong key', async () => {
		const test = async (type: string, data: Record<string, unknown>) =>
			(await n8n.rest.post('/credentials/test', { credentials: { id: '', name: 'test', type, data } })).data?.data;
		expect(await test('neunitAsrApi', { baseUrl: sandbox.vendorUrl('neunit') })).toMatchObject({ status: 'OK' });
		expect(await test('tencentCloudAsrApi', { ...DEMO_ACCOUNT, baseUrl: sandbox.vendorUrl('tencent'), signatureValiditySeconds: 3600 })).toMatchObject({ status: 'OK' });
		const wrong = await test('tencentCloudAsrApi', { ...DEMO_ACCOUNT, secretKey: 'wrong-key-0000', baseUrl: sandbox.vendorUrl('tencent'), signatureValiditySeconds: 3600 });
		expect(wrong).toMatchObject({ status: 'Error' });
		expect(wrong.message).toContain('Tencent error 1029');
	});

	test('Neunit ASR: Get Task Status waits through running to the transcript', async () => {
		const id = await deploy('neunit-asr-wait-for-transcript.json', 'e2e-neunit');
		expect((await n8n.root.post('/webhook/e2e-neunit', {})).status).toBe(200);
		const execution = await until(async () => (await n8n.executions(id)).find((candidate) => candidate.status === 'success'), 'the Neunit execution');
		expect(firstJson(execution, 'Neunit ASR')).toMatchObject({ vendor: 'neunit', taskId: 'demo-neunit-running', status: 'succeeded', progress: 100, transcript: '您好，欢迎使用语音识别服务。' });
		expect((await client.requests('neunit')).length).toBeGreaterThan(1);
	});

	test('Tencent Cloud ASR: create with the trigger as callback; the sandbox calls the trigger; a call without the token starts nothing', async () => {
		await client.tencent.queueResults({ text: '您好，订单 #42 已发货 & 100% 满意 + 谢谢', audioTime: 8.5 });
		const id = await deploy('tencent-asr-callback-trigger.json', 'e2e-tencent-create');
		expect((await n8n.root.post('/webhook/e2e-tencent-create', {})).status).toBe(200);

		const executions = await until(async () => {
			const found = await n8n.executions(id);
			return found.length >= 2 && found.every((execution) => execution.status === 'success') ? found : undefined;
		}, 'the create and the trigger executions');
		const created = executions.find((execution) => runData(execution)['Tencent Cloud ASR']);
		const triggered = executions.find((execution) => runData(execution)['Tencent Cloud ASR Trigger']);
		expect(firstJson(created!, 'Tencent Cloud ASR')).toMatchObject({ vendor: 'tencent', taskId: '500', status: 'queued' });
		expect(firstJson(triggered!, 'Tencent Cloud ASR Trigger')).toMatchObject({
			vendor: 'tencent',
			taskId: '500',
			status: 'succeeded',
			transcript: '您好，订单 #42 已发货 & 100% 满意 + 谢谢',
			audioDuration: 8.5,
		});
		const [callback] = await client.tencent.callbacks();
		expect(callback).toMatchObject({ accepted: true, status: 200 });
		expect(JSON.parse(callback.answer)).toEqual({ code: 0, message: '成功' });

		const triggerUrl = new URL(callback.url);
		triggerUrl.search = '';
		const refused = await client.tencent.sendCallback({ url: triggerUrl.toString(), fields: { code: 0, requestId: 501, appid: DEMO_ACCOUNT.appId, text: 'x' } });
		expect(refused.status).toBe(401);
		const wrongToken = await client.tencent.sendCallback({ url: `${triggerUrl.toString()}?token=not-the-token-000000`, fields: { code: 0, requestId: 501, text: 'x' } });
		expect(wrongToken.status).toBe(401);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await n8n.executions(id)).toHaveLength(executions.length);
	});

	test('Tencent Cloud ASR: Wait for the Callback Here shows "waiting", then succeeds when the sandbox calls the resume URL', async () => {
		await client.tencent.configure({ callbackDelayMs: 4000 });
		await client.tencent.queueResults({ text: '请稍候，正在为您转接。', audioTime: 4.25 });
		const id = await deploy('tencent-asr-wait-for-callback.json', 'e2e-tencent-wait');
		expect((await n8n.root.post('/webhook/e2e-tencent-wait', {})).status).toBe(200);

		const waiting = await until(async () => (await n8n.executions(id)).find((execution) => execution.status === 'waiting'), 'the execution to wait', 20_000);
		const [create] = await client.requests('tencent');
		const resumeUrl = new URL(create.query.callback_url);
		expect(resumeUrl.pathname).toBe(`/webhook-waiting/${waiting.id}`);
		expect(resumeUrl.searchParams.get('signature')).toBeTruthy();

		const finished = await until(async () => (await n8n.executions(id)).find((execution) => execution.id === waiting.id && execution.status === 'success'), 'the resumed execution');
		expect(firstJson(finished, 'Tencent Cloud ASR')).toMatchObject({ vendor: 'tencent', status: 'succeeded', transcript: '请稍候，正在为您转接。', audioDuration: 4.25 });
		const [callback] = await client.tencent.callbacks();
		expect(JSON.parse(callback.answer)).toEqual({ code: 0, message: '成功' });
	});
});

test('the e2e suite runs against the pinned n8n', () => {
	const runtime = JSON.parse(readFileSync(join(ROOT, 'test', 'e2e', 'runtime', 'package.json'), 'utf8'));
	expect(runtime.dependencies.n8n).toBe('2.41.1');
});
