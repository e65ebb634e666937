import { createHash, randomBytes, randomUUID } from 'crypto';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { INodeParameters } from 'n8n-workflow';

import { nodeTypesByName, credentialTypes, PACKAGE_NAME } from '../harness/packageTypes';
import { SandboxClient } from '../sandbox/client';
import { seedDemoData } from '../sandbox/demo';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { DEMO_ACCOUNT } from '../sandbox/vendors/tencent';
import { DEMO_HUAWEI_ACCOUNT, demoHuaweiCredential } from '../sandbox/vendors/huawei';
import { DEMO_NICE_ACCOUNT, demoNiceCredential, NICE_DEMO_PUSH } from '../sandbox/vendors/nice';
import { demoYidunCredential } from '../sandbox/vendors/yidun';
import {
	freePort,
	installAsReadmeSays,
	installedModules,
	N8N_LINE,
	N8nServer,
	packPackage,
	RUNTIME_DIR,
	runtimeN8nVersion,
} from './n8n';
import {
	loadExample,
	startedByWebhook,
	until as waitFor,
	webhookPathsOf,
	yidunPollWorkflow,
	type ExampleWorkflow,
} from './workflows';

let folder: string;
let sandbox: Sandbox;
let client: SandboxClient;
let n8n: N8nServer;
let credentialIds: Record<string, string>;

beforeAll(async () => {
	folder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	installAsReadmeSays(folder, packPackage(join(folder, 'pack')));
	sandbox = await startSandbox();
	client = new SandboxClient(sandbox.url);
	n8n = new N8nServer({
		userFolder: folder,
		port: await freePort(),
		brokerPort: await freePort(),
		logFile: join(folder, 'n8n.log'),
	});
	await n8n.start();
	await n8n.login();
	credentialIds = {
		neunitAsrApi: await n8n.createCredential('Neunit ASR (sandbox)', 'neunitAsrApi', {
			baseUrl: sandbox.vendorUrl('neunit'),
		}),
		tencentCloudAsrApi: await n8n.createCredential(
			'Tencent Cloud ASR (sandbox)',
			'tencentCloudAsrApi',
			{
				...DEMO_ACCOUNT,
				baseUrl: sandbox.vendorUrl('tencent'),
				apiEndpoint: sandbox.vendorUrl('tencent3'),
				signatureValiditySeconds: 3600,
			},
		),
		yidunApi: await n8n.createCredential(
			'NetEase Yidun (sandbox)',
			'yidunApi',
			demoYidunCredential(sandbox.vendorUrl('yidun'), 'SM3'),
		),
		huaweiCloudApi: await n8n.createCredential(
			'Huawei Cloud (sandbox)',
			'huaweiCloudApi',
			demoHuaweiCredential(sandbox.vendorUrl('huawei')),
		),
		niceApi: await n8n.createCredential(
			'NICE (sandbox)',
			'niceApi',
			demoNiceCredential(sandbox.vendorUrl('nice')),
		),
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

/** Huawei credential data for IAM-token authentication against the sandbox. */
const huaweiPassword = () => ({
	authType: 'password',
	userName: DEMO_HUAWEI_ACCOUNT.userName,
	password: DEMO_HUAWEI_ACCOUNT.password,
	domainName: DEMO_HUAWEI_ACCOUNT.domainName,
	projectId: DEMO_HUAWEI_ACCOUNT.projectId,
	region: 'cn-north-4',
	endpoint: sandbox.vendorUrl('huawei'),
	iamEndpoint: sandbox.vendorUrl('huawei'),
});

const until = <T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000) =>
	waitFor(check, what, timeoutMs, { hint: ` (n8n log: ${join(folder, 'n8n.log')})` });

/** The workflow's execution once it has ended, whatever its status. */
const finishedExecution = (workflowId: string, what: string) =>
	until(
		async () =>
			(await n8n.executions(workflowId)).find((candidate) =>
				['success', 'error', 'crashed', 'canceled'].includes(candidate.status),
			),
		what,
	);

/** The workflow's newest execution once it has succeeded. */
const successfulExecution = (workflowId: string, what: string) =>
	until(async () => {
		const [found] = await n8n.executions(workflowId);
		return found?.status === 'success' ? found : undefined;
	}, what);

/** Imports and activates an example, started by a webhook at `path`; returns its id once every webhook is live. */
async function deploy(
	file: string,
	path: string,
	edit?: (workflow: ExampleWorkflow) => void,
): Promise<string> {
	const workflow = startedByWebhook(loadExample(file, n8n.url, credentialIds), path);
	edit?.(workflow);
	const id = await n8n.createWorkflow(workflow as never);
	await n8n.activate(id);
	for (const webhookPath of webhookPathsOf(workflow)) await n8n.waitForWebhook(webhookPath);
	return id;
}

/**
 * A file of an execution as the editor downloads it: 2.x keeps it in its binary store, 1.x
 * (by default) in the execution data.
 */
async function downloaded(file: { id?: string; data: string }): Promise<Buffer> {
	if (!file.id) return Buffer.from(file.data, 'base64');
	const reply = await n8n.rest.get('/binary-data', {
		params: { id: file.id, action: 'download' },
		responseType: 'arraybuffer',
	});
	expect(reply.status).toBe(200);
	return Buffer.from(reply.data);
}

const runData = (execution: Record<string, any>) => execution.data?.resultData?.runData ?? {};
const firstJson = (execution: Record<string, any>, node: string) =>
	runData(execution)[node]?.at(-1)?.data?.main?.[0]?.[0]?.json;

describe('the package in a real n8n', () => {
	test("installed with the README's manual command (npm install, no flags, in ~/.n8n/nodes), it brings nothing else along", () => {
		expect(installedModules(folder)).toEqual([PACKAGE_NAME]);
		const installed = JSON.parse(
			readFileSync(
				join(folder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json'),
				'utf8',
			),
		);
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
		// As the editor does: the form is saved, then tested by its id with the form's values
		// (n8n 1.123 tests only a saved credential; 2.41 also takes an unsaved one).
		let tested = 0;
		const test = async (type: string, data: Record<string, unknown>) => {
			const name = `Test button ${++tested}`;
			const id = await n8n.createCredential(name, type, data);
			return (await n8n.rest.post('/credentials/test', { credentials: { id, name, type, data } }))
				.data?.data;
		};
		expect(await test('neunitAsrApi', { baseUrl: sandbox.vendorUrl('neunit') })).toMatchObject({
			status: 'OK',
		});
		expect(
			await test('tencentCloudAsrApi', {
				...DEMO_ACCOUNT,
				baseUrl: sandbox.vendorUrl('tencent'),
				apiEndpoint: sandbox.vendorUrl('tencent3'),
				signatureValiditySeconds: 3600,
			}),
		).toMatchObject({ status: 'OK' });
		const wrong = await test('tencentCloudAsrApi', {
			...DEMO_ACCOUNT,
			secretKey: 'wrong-key-0000',
			baseUrl: sandbox.vendorUrl('tencent'),
			apiEndpoint: sandbox.vendorUrl('tencent3'),
			signatureValiditySeconds: 3600,
		});
		expect(wrong).toMatchObject({ status: 'Error' });
		// The Test button reads API 3.0 (no App ID needed).
		expect(wrong.message).toContain('Tencent error AuthFailure.SignatureFailure');

		// Huawei: AK/SK, then an IAM token obtained through n8n's preAuthentication.
		const huawei = demoHuaweiCredential(sandbox.vendorUrl('huawei'));
		expect(await test('huaweiCloudApi', huawei)).toMatchObject({ status: 'OK' });
		const wrongKey = await test('huaweiCloudApi', { ...huawei, secretAccessKey: 'wrong-000000' });
		expect(wrongKey).toMatchObject({ status: 'Error' });
		expect(wrongKey.message).toContain('Huawei Cloud error APIGW.0301');
		// An IAM token: as the editor does, the credential is saved, then tested by its id with
		// the form's values (the hidden token fields at their default). preAuthentication gets
		// the token and n8n stores it with the saved credential.
		const form = { ...huaweiPassword(), sessionToken: '', sessionTokenExpiresAt: '' };
		const savedId = await n8n.createCredential(
			'Huawei token (Test button)',
			'huaweiCloudApi',
			huaweiPassword(),
		);
		const testSaved = async (data: Record<string, unknown>) =>
			(
				await n8n.rest.post('/credentials/test', {
					credentials: {
						id: savedId,
						name: 'Huawei token (Test button)',
						type: 'huaweiCloudApi',
						data,
					},
				})
			).data?.data;
		expect(await testSaved(form)).toMatchObject({ status: 'OK' });
		expect((await client.huawei.stats()).tokensIssued).toBe(1);
		const wrongPassword = await testSaved({ ...form, password: 'Wrong-pass-123' });
		expect(wrongPassword).toMatchObject({ status: 'Error' });
		expect(wrongPassword.message).toContain('The username or password is wrong.');
		expect(wrongPassword.message).not.toContain('Wrong-pass-123');
	});

	test('Neunit ASR: Get Task Status waits through running to the transcript', async () => {
		const id = await deploy('neunit-asr-wait-for-transcript.json', 'e2e-neunit');
		expect((await n8n.root.post('/webhook/e2e-neunit', {})).status).toBe(200);
		const execution = await until(
			async () => (await n8n.executions(id)).find((candidate) => candidate.status === 'success'),
			'the Neunit execution',
		);
		expect(firstJson(execution, 'Neunit ASR')).toMatchObject({
			vendor: 'neunit',
			taskId: 'demo-neunit-running',
			status: 'succeeded',
			progress: 100,
			transcript: '您好，欢迎使用语音识别服务。',
		});
		expect((await client.requests('neunit')).length).toBeGreaterThan(1);
	});

	test('Neunit ASR: stopping an execution during Wait for Completion ends it at once; no status call follows', async () => {
		const taskId = await client.neunit.createTask({ status: 1, percent: 10 });
		const path = 'e2e-neunit-stop';
		const workflow = startedByWebhook(
			loadExample('neunit-asr-wait-for-transcript.json', n8n.url, credentialIds),
			path,
		);
		Object.assign(workflow.nodes.find((node) => node.name === 'Neunit ASR')!.parameters, {
			taskId,
			pollIntervalSeconds: 30,
			maxPollIntervalSeconds: 30,
			waitTimeoutSeconds: 600,
		});
		const id = await n8n.createWorkflow(workflow as never);
		await n8n.activate(id);
		await n8n.waitForWebhook(path);
		await n8n.root.post(`/webhook/${path}`, {});
		const running = await until(async () => {
			const [execution] = await n8n.editorExecutions(id);
			const polled = (await client.requests('neunit')).length > 0;
			return execution?.status === 'running' && polled ? execution : undefined;
		}, 'the execution waiting between polls');

		const stopped = Date.now();
		expect((await n8n.rest.post(`/executions/${running.id}/stop`, {})).status).toBe(200);
		const execution = await finishedExecution(id, 'the stopped execution');
		expect(execution.status).toBe('canceled');
		expect(Date.now() - stopped).toBeLessThan(10_000);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(await client.requests('neunit')).toHaveLength(1);
	});

	test('Tencent Cloud ASR: create with the trigger as callback; the sandbox calls the trigger; a call without the token starts nothing', async () => {
		await client.tencent.queueResults({
			text: '您好，订单 #42 已发货 & 100% 满意 + 谢谢',
			audioTime: 8.5,
		});
		const id = await deploy('tencent-asr-callback-trigger.json', 'e2e-tencent-create');
		expect((await n8n.root.post('/webhook/e2e-tencent-create', {})).status).toBe(200);

		const executions = await until(async () => {
			const found = await n8n.executions(id);
			return found.length >= 2 && found.every((execution) => execution.status === 'success')
				? found
				: undefined;
		}, 'the create and the trigger executions');
		const created = executions.find((execution) => runData(execution)['Tencent Cloud ASR']);
		const triggered = executions.find(
			(execution) => runData(execution)['Tencent Cloud ASR Trigger'],
		);
		expect(firstJson(created!, 'Tencent Cloud ASR')).toMatchObject({
			vendor: 'tencent',
			taskId: '500',
			status: 'queued',
		});
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
		const refused = await client.tencent.sendCallback({
			url: triggerUrl.toString(),
			fields: { code: 0, requestId: 501, appid: DEMO_ACCOUNT.appId, text: 'x' },
		});
		expect(refused.status).toBe(401);
		const wrongToken = await client.tencent.sendCallback({
			url: `${triggerUrl.toString()}?token=not-the-token-000000`,
			fields: { code: 0, requestId: 501, text: 'x' },
		});
		expect(wrongToken.status).toBe(401);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await n8n.executions(id)).toHaveLength(executions.length);

		// The example's trigger is version 2: n8n reads no body without a Content-Type for it, so
		// the trigger reads the raw body itself, and such a form still parses.
		const bare = await client.tencent.sendCallback({
			url: `${triggerUrl.toString()}?token=demo-callback-token-0123456789abcdef`,
			rawBody:
				'code=0&requestId=502&appid=1259228442&text=%E6%97%A0%E7%B1%BB%E5%9E%8B%20a%2Bb%3Dc%20100%25&audioTime=1',
			contentType: null,
		});
		expect(bare).toMatchObject({ status: 200, accepted: true });
		const bareRun = await until(async () => {
			const found = await n8n.executions(id);
			return found.find(
				(execution) => firstJson(execution, 'Tencent Cloud ASR Trigger')?.taskId === '502',
			);
		}, 'the run of the callback without a Content-Type');
		expect(firstJson(bareRun, 'Tencent Cloud ASR Trigger')).toMatchObject({
			transcript: '无类型 a+b=c 100%',
			status: 'succeeded',
		});

		// A repeated field is ambiguous (which value counts?): refused before any execution.
		const before = (await n8n.executions(id)).length;
		for (const rawBody of [
			'code=0&code=1&requestId=880003&requestId=880004&appid=1259228442&text=a&text=b',
			'appid=999&code=0&requestId=880005&text=a&appid=1259228442',
		]) {
			const repeated = await client.tencent.sendCallback({
				url: `${triggerUrl.toString()}?token=demo-callback-token-0123456789abcdef`,
				rawBody,
				contentType: 'application/x-www-form-urlencoded',
			});
			expect(repeated.status).toBe(400);
			expect(JSON.parse(repeated.answer).message).toMatch(/appears more than once$/);
		}
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await n8n.executions(id)).toHaveLength(before);
	});

	test('Tencent Cloud ASR: Wait for the Callback Here shows "waiting", then succeeds when the sandbox calls the resume URL', async () => {
		await client.tencent.configure({ callbackDelayMs: 4000 });
		await client.tencent.queueResults({ text: '请稍候，正在为您转接。', audioTime: 4.25 });
		const id = await deploy('tencent-asr-wait-for-callback.json', 'e2e-tencent-wait');
		expect((await n8n.root.post('/webhook/e2e-tencent-wait', {})).status).toBe(200);

		const waiting = await until(
			async () =>
				(await n8n.editorExecutions(id)).find((execution) => execution.status === 'waiting'),
			'the execution to wait',
			20_000,
		);
		const [create] = await client.requests('tencent');
		const resumeUrl = new URL(create.query.callback_url);
		expect(resumeUrl.pathname).toBe(`/webhook-waiting/${waiting.id}`);
		// n8n 2.x adds its resume token; 1.x none, and the node's own resume key guards both.
		expect(!!resumeUrl.searchParams.get('signature')).toBe(N8N_LINE === '2.41');
		expect(resumeUrl.searchParams.get('resume_key')).toMatch(/^[0-9a-f]{64}$/);
		const guessed = new URL(resumeUrl);
		guessed.search = '';
		const forged = await client.tencent.sendCallback({
			url: guessed.toString(),
			fields: {
				code: 0,
				message: 'success',
				requestId: 1,
				appid: DEMO_ACCOUNT.appId,
				text: 'forged',
				audioTime: 1,
			},
		});
		expect(forged.status).toBe(401);

		const finished = await until(
			async () =>
				(await n8n.executions(id)).find(
					(execution) => execution.id === waiting.id && execution.status === 'success',
				),
			'the resumed execution',
		);
		expect(firstJson(finished, 'Tencent Cloud ASR')).toMatchObject({
			vendor: 'tencent',
			status: 'succeeded',
			transcript: '请稍候，正在为您转接。',
			audioDuration: 4.25,
		});
		const [callback] = await client.tencent.callbacks();
		expect(JSON.parse(callback.answer)).toEqual({ code: 0, message: '成功' });
	});
});

describe('Tencent paths only a real n8n can show', () => {
	const TOKEN = 'e2e-callback-token-0123456789abcdef';

	/** Tencent Trigger acknowledging after success, followed by `next`. */
	async function deployTrigger(webhookId: string, next: Record<string, unknown>): Promise<string> {
		const id = await n8n.createWorkflow({
			name: `Tencent ack after success ${webhookId.slice(0, 8)}`,
			nodes: [
				{
					id: `${webhookId}-trigger`,
					name: 'Tencent Cloud ASR Trigger',
					type: `${PACKAGE_NAME}.tencentCloudAsrTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: { callbackToken: TOKEN, acknowledge: 'afterWorkflowSucceeds' },
					credentials: {
						tencentCloudAsrApi: {
							id: credentialIds.tencentCloudAsrApi,
							name: 'Tencent Cloud ASR (sandbox)',
						},
					},
				},
				{ id: `${webhookId}-next`, position: [240, 0], ...next },
			],
			connections: {
				'Tencent Cloud ASR Trigger': { main: [[{ node: next.name, type: 'main', index: 0 }]] },
			},
		});
		await n8n.activate(id);
		await n8n.waitForWebhook(`${webhookId}/callback`);
		return id;
	}

	const callback = {
		code: 0,
		message: 'success',
		requestId: 777,
		appid: DEMO_ACCOUNT.appId,
		projectid: 0,
		text: '好的，谢谢',
		audioTime: 1.5,
	};

	test('acknowledge after success: a run ending in Acknowledge Callback answers {"code":0}', async () => {
		const webhookId = 'a1b2c3d4-0000-4000-8000-00000000ac01';
		const id = await deployTrigger(webhookId, {
			name: 'Acknowledge',
			type: `${PACKAGE_NAME}.tencentCloudAsr`,
			typeVersion: 1,
			parameters: { operation: 'acknowledgeCallback' },
			credentials: {
				tencentCloudAsrApi: {
					id: credentialIds.tencentCloudAsrApi,
					name: 'Tencent Cloud ASR (sandbox)',
				},
			},
		});
		const answer = await client.tencent.sendCallback({
			url: `${n8n.url}/webhook/${webhookId}/callback?token=${TOKEN}`,
			fields: callback,
		});
		expect(answer).toMatchObject({ status: 200, accepted: true });
		const [execution] = await until(async () => {
			const found = await n8n.executions(id);
			return found.length === 1 && found[0].status === 'success' ? found : undefined;
		}, 'the acknowledged run');
		expect(firstJson(execution, 'Tencent Cloud ASR Trigger')).toMatchObject({
			taskId: '777',
			transcript: '好的，谢谢',
		});
	});

	test('acknowledge after success: a failed run answers non-zero, Tencent notifies again, and every delivery is in an execution', async () => {
		await client.tencent.configure({ callbackDelayMs: 10, retryDelayMs: 200 });
		const webhookId = 'a1b2c3d4-0000-4000-8000-00000000ac02';
		const id = await deployTrigger(webhookId, {
			name: 'Look Up',
			type: `${PACKAGE_NAME}.neunitAsr`,
			typeVersion: 1,
			parameters: { operation: 'getTaskStatus', taskId: 'does-not-exist' },
			credentials: {
				neunitAsrApi: { id: credentialIds.neunitAsrApi, name: 'Neunit ASR (sandbox)' },
			},
		});
		const created = await n8n.createWorkflow(
			startedByWebhook(
				{
					name: 'create for ack test',
					nodes: [
						{
							id: 'm',
							name: 'Start',
							type: 'n8n-nodes-base.manualTrigger',
							typeVersion: 1,
							position: [0, 0],
							parameters: {},
						},
						{
							id: 't',
							name: 'Tencent Cloud ASR',
							type: `${PACKAGE_NAME}.tencentCloudAsr`,
							typeVersion: 1,
							position: [240, 0],
							parameters: {
								operation: 'createRecognitionTask',
								audioSource: 'url',
								audioUrl: 'https://a/b.wav',
								resultDelivery: 'callbackUrl',
								callbackUrl: `${n8n.url}/webhook/${webhookId}/callback?token=${TOKEN}`,
							},
							credentials: {
								tencentCloudAsrApi: {
									id: credentialIds.tencentCloudAsrApi,
									name: 'Tencent Cloud ASR (sandbox)',
								},
							},
						},
					],
					connections: {
						Start: { main: [[{ node: 'Tencent Cloud ASR', type: 'main', index: 0 }]] },
					},
				} as never,
				'e2e-ack-create',
			) as never,
		);
		await n8n.activate(created);
		await n8n.waitForWebhook('e2e-ack-create');
		await n8n.root.post('/webhook/e2e-ack-create', {});

		const attempts = await until(async () => {
			const found = await client.tencent.callbacks();
			return found.length === 3 ? found : undefined;
		}, 'three deliveries');
		// n8n 2.x answers a failed run 500; 1.x answers 200 with its error message. Either way
		// the answer is not Tencent's {"code":0}, so Tencent notifies again.
		const failedRunStatus = N8N_LINE === '2.41' ? 500 : 200;
		expect(attempts.map((attempt) => [attempt.status, attempt.accepted])).toEqual([
			[failedRunStatus, false],
			[failedRunStatus, false],
			[failedRunStatus, false],
		]);
		const executions = await until(async () => {
			const found = await n8n.executions(id);
			return found.length === 3 && found.every((execution) => execution.status === 'error')
				? found
				: undefined;
		}, 'three failed runs');
		for (const execution of executions)
			expect(firstJson(execution, 'Tencent Cloud ASR Trigger')).toMatchObject({
				taskId: '500',
				status: 'succeeded',
			});
	});

	test('Wait for the Callback Here: when no callback comes, n8n resumes the execution at the deadline with a failed "timed out" task', async () => {
		await client.tencent.configure({ callbackDelayMs: 600_000 });
		const example = loadExample('tencent-asr-wait-for-callback.json', n8n.url, credentialIds);
		const node = example.nodes.find((candidate) => candidate.name === 'Tencent Cloud ASR')!;
		node.parameters.maxWaitMinutes = 0.05;
		const id = await n8n.createWorkflow(
			startedByWebhook({ ...example, name: 'Tencent wait expiry' }, 'e2e-tencent-expiry') as never,
		);
		await n8n.activate(id);
		await n8n.waitForWebhook('e2e-tencent-expiry');
		await n8n.root.post('/webhook/e2e-tencent-expiry', {});
		await until(
			async () =>
				(await n8n.editorExecutions(id)).find((execution) => execution.status === 'waiting'),
			'the execution to wait',
			20_000,
		);
		const finished = await until(
			async () => (await n8n.executions(id)).find((execution) => execution.status === 'success'),
			'n8n to resume the expired wait',
			100_000,
		);
		expect(firstJson(finished, 'Tencent Cloud ASR')).toMatchObject({
			vendor: 'tencent',
			taskId: '500',
			status: 'failed',
			error: { code: 'CALLBACK_TIMEOUT' },
		});
	}, 150_000);
});

describe('NetEase Yidun in a real n8n', () => {
	test('submit with the push trigger as callbackUrl: a genuine push runs, a forged one is refused and starts nothing', async () => {
		await client.yidun.queueVerdicts({
			action: 2,
			labels: [
				{
					label: 200,
					level: 2,
					subLabels: [200009],
					hint: '加微信',
					startTime: 900,
					endTime: 1800,
				},
			],
		});
		const id = await deploy('yidun-submit-and-push-trigger.json', 'e2e-yidun-submit');
		expect((await n8n.root.post('/webhook/e2e-yidun-submit', {})).status).toBe(200);
		const executions = await until(async () => {
			const found = await n8n.executions(id);
			return found.length >= 2 && found.every((execution) => execution.status === 'success')
				? found
				: undefined;
		}, 'the submit and the push executions');
		const pushed = executions.find((execution) => runData(execution)['Yidun Trigger']);
		expect(firstJson(pushed!, 'Yidun Trigger')).toMatchObject({
			vendor: 'yidun',
			status: 'succeeded',
			reference: 'voice-message-1',
			moderation: {
				verdict: 'block',
				labels: [
					{
						code: 200009,
						name: 'Advertising: commercial promotion (商业推广)',
						evidence: [{ text: '加微信', start: 0.9, end: 1.8 }],
					},
				],
			},
		});
		const [push] = await client.yidun.pushes();
		expect([push.status, JSON.parse(push.answer)]).toEqual([200, { code: 200, msg: 'ok' }]);

		for (const forge of ['wrongKey', 'missingSignature', 'tampered'] as const) {
			expect((await client.yidun.push({ url: push.url, forge })).status).toBe(401);
		}
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await n8n.executions(id)).toHaveLength(executions.length);
	});

	test('Drain Results gives each waiting result once', async () => {
		const id = await deploy('yidun-drain-results.json', 'e2e-yidun-drain');
		await n8n.root.post('/webhook/e2e-yidun-drain', {});
		const execution = await until(
			async () => (await n8n.executions(id)).find((candidate) => candidate.status === 'success'),
			'the drain',
		);
		const items = runData(execution)['Yidun Audio Moderation'].at(-1).data.main[0];
		expect(
			items.map(
				(item: { json: { moderation: { verdict: string } } }) => item.json.moderation.verdict,
			),
		).toEqual(['block', 'pass']);
		expect((await client.yidun.stats()).queued).toBe(0);
	});

	test('Get Task Results with "On Error: Continue": a failing service gives an error item, and the execution succeeds', async () => {
		await client.reset();
		const path = 'e2e-yidun-query-503';
		const workflow = startedByWebhook(
			loadExample('yidun-drain-results.json', n8n.url, credentialIds),
			path,
		);
		const yidun = workflow.nodes.find((node) => node.name === 'Yidun Audio Moderation')!;
		yidun.parameters = { operation: 'getTaskResults', taskId: 'task-that-fails', options: {} };
		Object.assign(yidun, { onError: 'continueRegularOutput' });
		const id = await n8n.createWorkflow(workflow as never);
		await n8n.activate(id);
		await n8n.waitForWebhook(path);
		// Every attempt of the read (4) answers 503.
		await client.injectFault({ vendor: 'yidun', kind: 'status', status: 503, times: 4 });
		await n8n.root.post(`/webhook/${path}`, {});
		const execution = await finishedExecution(id, 'the query');
		expect(execution.status).toBe('success');
		expect(firstJson(execution, 'Yidun Audio Moderation')).toMatchObject({
			error: 'NetEase Yidun answered HTTP 503 (server error) (after 4 attempts)',
		});
	});

	/** Webhook -> Code node giving `taskIds` as items -> Neunit Get Task Status; deployed. */
	async function neunitOverItems(
		path: string,
		taskIds: string[],
		neunitExtra: object,
		options: INodeParameters = {},
	) {
		const workflow = startedByWebhook(
			loadExample('neunit-asr-wait-for-transcript.json', n8n.url, credentialIds),
			path,
		);
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook')!;
		const neunit = workflow.nodes.find((node) => node.name === 'Neunit ASR')!;
		const items = {
			id: 'items',
			name: 'Items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [120, 0],
			parameters: {
				jsCode: `return ${JSON.stringify(taskIds)}.map((taskId) => ({ json: { taskId } }));`,
			},
		};
		workflow.nodes.push(items as never);
		neunit.parameters = { operation: 'getTaskStatus', taskId: '={{ $json.taskId }}', options };
		Object.assign(neunit, neunitExtra);
		(workflow as { connections: Record<string, unknown> }).connections = {
			[trigger.name]: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Neunit ASR', type: 'main', index: 0 }]] },
		};
		const id = await n8n.createWorkflow(workflow as never);
		await n8n.activate(id);
		await n8n.waitForWebhook(path);
		return id;
	}

	test('"On Error: Continue (using error output)": a failing item leaves by the error output, the others by the success output', async () => {
		await client.reset();
		await client.neunit.createTask({
			taskId: 'demo-neunit-finished',
			status: 2,
			percent: 100,
			result: 'done',
		});
		// Two items: a task that exists and one that does not.
		const id = await neunitOverItems('e2e-error-output', ['demo-neunit-finished', 'no-such-task'], {
			onError: 'continueErrorOutput',
		});
		await n8n.root.post('/webhook/e2e-error-output', {});
		const execution = await finishedExecution(id, 'the run with an error output');
		expect(execution.status).toBe('success');
		const [succeeded, failed] = runData(execution)['Neunit ASR'][0].data.main;
		expect(succeeded.map((item: any) => [item.json.taskId, item.json.status])).toEqual([
			['demo-neunit-finished', 'succeeded'],
		]);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.taskId).toBe('no-such-task');
		expect(failed[0].json.error).toEqual(expect.stringContaining('Neunit'));
		expect(failed[0].json.message).toEqual(expect.stringContaining('(HTTP 404)'));
		expect(failed[0].pairedItem).toEqual({ item: 1 });
	});

	test('Concurrent Items 3: six reads reach the sandbox three at a time; output in input order', async () => {
		await client.reset();
		const taskIds = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
		for (const [index, taskId] of taskIds.entries())
			await client.neunit.createTask({ taskId, status: 1, percent: index });
		const id = await neunitOverItems('e2e-concurrent', taskIds, {}, { concurrency: 3 });
		// Each answer takes 800 ms: the fourth request can only start once one of the first
		// three was answered.
		await client.injectFault({ vendor: 'neunit', kind: 'slow', delayMs: 800, times: 6 });
		await n8n.root.post('/webhook/e2e-concurrent', {});
		const execution = await successfulExecution(id, 'the run with Concurrent Items 3');
		const [output] = runData(execution)['Neunit ASR'][0].data.main;
		expect(output.map((item: any) => [item.json.taskId, item.pairedItem])).toEqual(
			taskIds.map((taskId, index) => [taskId, { item: index }]),
		);
		const requests = await client.requests('neunit');
		const received = requests.map((request) => request.receivedAt).sort((a, b) => a - b);
		const firstAnswer = Math.min(...requests.map((request) => request.answeredAt!));
		expect(received).toHaveLength(6);
		// Causal, not timed: three were in before any answer, the fourth only after one.
		expect(received[2]).toBeLessThan(firstAnswer);
		expect(received[3]).toBeGreaterThanOrEqual(firstAnswer);
	});

	test('the poll trigger drains the queue into an execution', async () => {
		await client.reset();
		const enqueued = await client.yidun.enqueue(3);
		const id = await n8n.createWorkflow(
			yidunPollWorkflow('Yidun poll', credentialIds.yidunApi) as never,
		);
		await n8n.activate(id);
		const execution = await until(
			async () => (await n8n.executions(id)).find((candidate) => candidate.status === 'success'),
			'a poll (n8n polls at the start of each minute)',
			100_000,
		);
		const items = runData(execution)['Yidun Poll Trigger'].at(-1).data.main[0];
		expect(items.map((item: { json: { taskId: string } }) => item.json.taskId)).toEqual(enqueued);
		expect((await client.yidun.stats()).queued).toBe(0);
		await n8n.api.post(`/workflows/${id}/deactivate`, {});
	}, 120_000);
});

describe('Huawei Cloud Moderation in a real n8n', () => {
	test('create with the trigger as callback: the signed callback runs; forged and repeated ones start nothing', async () => {
		const id = await deploy('huawei-moderation-callback-trigger.json', 'e2e-huawei-create');
		expect((await n8n.root.post('/webhook/e2e-huawei-create', {})).status).toBe(200);
		const executions = await until(async () => {
			const found = await n8n.executions(id);
			return found.length >= 2 && found.every((execution) => execution.status === 'success')
				? found
				: undefined;
		}, 'the create and the trigger executions');
		const triggered = executions.find(
			(execution) => runData(execution)['Huawei Cloud Moderation Trigger'],
		)!;
		const result = firstJson(triggered, 'Huawei Cloud Moderation Trigger');
		expect(result).toMatchObject({
			vendor: 'huawei',
			status: 'succeeded',
			moderation: { verdict: 'review', labels: [{ code: 'ad' }] },
		});
		const [delivery] = await client.huawei.callbacks();
		expect(delivery).toMatchObject({ status: 200, accepted: true, attempt: 1 });

		const url = delivery.url;
		const jobId = String(result.taskId);
		for (const forge of ['wrongSeed', 'missingSignature', 'tampered'] as const) {
			expect((await client.huawei.sendCallback({ url, jobId, forge })).status).toBe(401);
		}
		// Huawei sending the same result again (same job and update time): answered, not run.
		expect((await client.huawei.sendCallback({ url, jobId })).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await n8n.executions(id)).toHaveLength(executions.length);
	});

	test('Wait for the Callback Here shows "waiting", then succeeds when the signed callback arrives; a forged one is refused', async () => {
		await client.huawei.configure({ finishAfterMs: 2500 });
		const id = await deploy('huawei-moderation-wait-for-callback.json', 'e2e-huawei-wait');
		await n8n.root.post('/webhook/e2e-huawei-wait', {});
		await until(async () => {
			const [execution] = await n8n.editorExecutions(id);
			return execution?.status === 'waiting' ? execution : undefined;
		}, 'the waiting execution');
		const [create] = await client.requests('huawei');
		const resumeUrl = JSON.parse(create.body).callback;
		const [jobId] = await client.huawei.jobs();
		expect(
			(await client.huawei.sendCallback({ url: resumeUrl, jobId, forge: 'wrongSeed' })).status,
		).toBe(401);
		const execution = await successfulExecution(id, 'the resumed execution');
		expect(firstJson(execution, 'Huawei Cloud Moderation')).toMatchObject({
			vendor: 'huawei',
			taskId: jobId,
			status: 'succeeded',
			moderation: { verdict: 'review' },
		});
		expect((await client.huawei.callbacks()).filter((attempt) => attempt.accepted)).toHaveLength(1);
	});

	test('IAM-token credential: one token for several runs, renewed after the sandbox revokes it', async () => {
		const credentialId = await n8n.createCredential(
			'Huawei (token)',
			'huaweiCloudApi',
			huaweiPassword(),
		);
		const path = 'e2e-huawei-token';
		const workflow = startedByWebhook(
			loadExample('huawei-moderation-wait-for-callback.json', n8n.url, {
				...credentialIds,
				huaweiCloudApi: credentialId,
			}),
			path,
		);
		const node = workflow.nodes.find((candidate) => candidate.name === 'Huawei Cloud Moderation')!;
		node.parameters = { operation: 'getJob', jobId: 'no-such-job', options: {} };
		Object.assign(node, { onError: 'continueRegularOutput' });
		const id = await n8n.createWorkflow(workflow as never);
		await n8n.activate(id);
		await n8n.waitForWebhook(path);
		const run = async (count: number) => {
			await n8n.root.post(`/webhook/${path}`, {});
			return await until(async () => {
				const found = await n8n.executions(id);
				return found.length >= count && found.every((execution) => execution.status === 'success')
					? found
					: undefined;
			}, `run ${count}`);
		};
		await run(1);
		await run(2);
		expect((await client.huawei.stats()).tokensIssued).toBe(1);
		await client.huawei.expireTokens();
		const runs = await run(3);
		expect((await client.huawei.stats()).tokensIssued).toBe(2);
		for (const execution of runs) {
			expect(firstJson(execution, 'Huawei Cloud Moderation')?.error).toBe(
				'Huawei Cloud Moderation error AIS.0030: the job does not exist',
			);
		}
		const gets = (await client.requests('huawei')).filter((request) => request.method === 'GET');
		// The 401 is read, then sent once more for n8n to throw it and renew the token. n8n 1.x
		// throws the renewed call's 400 without its reply: that refusal is sent again to read it.
		expect(gets.map((request) => request.answered)).toEqual(
			N8N_LINE === '2.41' ? [400, 400, 401, 401, 400] : [400, 400, 401, 401, 400, 400],
		);
	});
});

describe('Tencent Cloud ASR API 3.0 in a real n8n', () => {
	test('create and wait for completion: sentences with speakers', async () => {
		const id = await deploy('tencent-asr-api3-create-and-wait.json', 'e2e-tencent3-wait');
		await n8n.root.post('/webhook/e2e-tencent3-wait', {});
		const execution = await successfulExecution(id, 'the API 3.0 execution');
		expect(firstJson(execution, 'Tencent Cloud ASR')).toMatchObject({
			vendor: 'tencent',
			status: 'succeeded',
			segments: [{ speaker: 0 }, { speaker: 1 }],
			audioDuration: 4.2,
		});
	});

	test('Audio Task Format after a 3.0 result: an SRT file and a Markdown transcript with named speakers', async () => {
		// One more node beside the example's: the SRT file for older Windows players.
		const id = await deploy('tencent-asr-api3-subtitles.json', 'e2e-tencent3-subtitles', (w) => {
			const srtNode = w.nodes.find((node) => node.name === 'SRT Subtitles')!;
			const parameters = JSON.parse(JSON.stringify(srtNode.parameters));
			parameters.output = 'file';
			parameters.options.windowsFile = true;
			w.nodes.push({ ...srtNode, id: randomUUID(), name: 'SRT for Windows', parameters });
			const next = w.connections['Tencent Cloud ASR'] as { main: Array<Array<object>> };
			next.main[0].push({
				node: 'SRT for Windows',
				type: 'main',
				index: 0,
			});
		});
		await n8n.root.post('/webhook/e2e-tencent3-subtitles', {});
		const execution = await successfulExecution(id, 'the subtitles execution');
		const srt = runData(execution)['SRT Subtitles'][0].data.main[0][0];
		expect(srt.json.subtitles).toBe(
			'1\n00:00:00,000 --> 00:00:02,100\nAdvisor: 您好，这里是客服中心。\n\n' +
				'2\n00:00:02,300 --> 00:00:04,200\nCustomer: 你好，我想改一下地址。\n',
		);
		expect(srt.binary.data).toMatchObject({
			mimeType: 'application/x-subrip',
			fileExtension: 'srt',
			fileName: `${srt.json.taskId}.srt`,
		});
		// The file as the editor downloads it (2.x keeps it in its binary store; 1.x, by default,
		// in the execution data): the same text, UTF-8.
		expect((await downloaded(srt.binary.data)).toString('utf8')).toBe(srt.json.subtitles);
		const windows = runData(execution)['SRT for Windows'][0].data.main[0][0];
		const windowsFile = await downloaded(windows.binary.data);
		expect(windowsFile.toString('utf8')).toBe(
			`\uFEFF${String(srt.json.subtitles).replace(/\n/g, '\r\n')}`,
		);
		expect([...windowsFile.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

		const markdown = runData(execution)['Markdown Transcript'][0].data.main[0][0];
		expect(markdown.json.formattedTranscript).toBe(
			'**[00:00] Advisor:** 您好，这里是客服中心。\n\n**[00:02] Customer:** 你好，我想改一下地址。\n',
		);
		expect(markdown.binary.data).toMatchObject({ mimeType: 'text/markdown', fileExtension: 'md' });
	});

	test('create with the trigger as callback: the 3.0 callback runs and is answered "success"', async () => {
		const id = await deploy('tencent-asr-api3-callback-trigger.json', 'e2e-tencent3-callback');
		await n8n.root.post('/webhook/e2e-tencent3-callback', {});
		const executions = await until(async () => {
			const found = await n8n.executions(id);
			return found.length >= 2 && found.every((execution) => execution.status === 'success')
				? found
				: undefined;
		}, 'the create and the trigger executions');
		const triggered = executions.find(
			(execution) => runData(execution)['Tencent Cloud ASR Trigger'],
		)!;
		expect(firstJson(triggered, 'Tencent Cloud ASR Trigger')).toMatchObject({
			status: 'succeeded',
			segments: [{ speaker: 0 }, { speaker: 1 }],
		});
		const [callback] = await client.tencent3.callbacks();
		expect(callback).toMatchObject({ accepted: true, status: 200 });
		expect(JSON.parse(callback.answer)).toEqual({ code: 0, message: 'success' });
	});
});

describe('NICE Speech Analytics in a real n8n', () => {
	test('create from a URL, wait, and get one item per segment of the parsed result', async () => {
		const id = await deploy('nice-create-and-parse-result.json', 'e2e-nice-create');
		await n8n.root.post('/webhook/e2e-nice-create', {});
		const execution = await successfulExecution(id, 'the NICE execution');
		expect(firstJson(execution, 'NICE Speech Analytics')).toMatchObject({
			vendor: 'nice',
			kind: 'audio',
			speaker: 'advisor',
			start: 0.4,
			end: 6.24,
		});
	});

	test("a recording uploaded to a Webhook is streamed from n8n's binary store to NICE byte for byte", async () => {
		const path = 'e2e-nice-upload';
		const workflow = startedByWebhook(
			loadExample('nice-create-and-parse-result.json', n8n.url, credentialIds),
			path,
		);
		const node = workflow.nodes.find((candidate) => candidate.name === 'NICE Speech Analytics')!;
		node.parameters = {
			operation: 'createTask',
			taskType: 'audio',
			fileSource: 'binary',
			binaryPropertyName: 'recording',
			afterCreate: 'none',
		};
		const id = await n8n.createWorkflow(workflow as never);
		await n8n.activate(id);
		await n8n.waitForWebhook(path);
		const recording = randomBytes(3 * 1024 * 1024);
		const form = new FormData();
		form.append('recording', new Blob([recording], { type: 'audio/wav' }), 'visit.wav');
		expect((await fetch(`${n8n.url}/webhook/${path}`, { method: 'POST', body: form })).status).toBe(
			200,
		);
		const execution = await until(async () => {
			const [found] = await n8n.executions(id);
			return found && found.status !== 'running' && found.status !== 'new' ? found : undefined;
		}, 'the upload execution');
		expect(execution.status).toBe('success');
		expect(firstJson(execution, 'NICE Speech Analytics')).toMatchObject({
			vendor: 'nice',
			status: 'running',
		});
		const [upload] = await client.nice.uploads();
		expect(upload.file).toMatchObject({ fileName: 'visit.wav', size: recording.length });
		expect(upload.file?.sha256).toBe(createHash('sha256').update(recording).digest('hex'));
	});

	test('the push trigger: a push with the token runs with the parsed result; without it, nothing runs', async () => {
		const id = await deploy('nice-push-trigger.json', 'e2e-nice-push');
		const trigger = loadExample('nice-push-trigger.json', n8n.url, credentialIds).nodes.find(
			(node) => node.name === 'NICE Trigger',
		)!;
		const triggerUrl = `${n8n.url}/webhook/${trigger.webhookId}/push`;
		await client.nice.configure({ pushUrl: NICE_DEMO_PUSH.url(triggerUrl) });
		await n8n.root.post('/webhook/e2e-nice-push', {});
		const executions = await until(async () => {
			const found = await n8n.executions(id);
			return found.length >= 2 && found.every((execution) => execution.status === 'success')
				? found
				: undefined;
		}, 'the create and the push executions');
		const pushed = executions.find((execution) => runData(execution)['NICE Trigger'])!;
		expect(firstJson(pushed, 'NICE Trigger')).toMatchObject({
			vendor: 'nice',
			status: 'succeeded',
			result: { kind: 'audio', sex: 'man' },
		});
		const taskNo = String(firstJson(pushed, 'NICE Trigger')?.taskId);
		expect((await client.nice.push({ url: triggerUrl, taskNo })).status).toBe(401);
		expect(
			(await client.nice.push({ url: NICE_DEMO_PUSH.url(triggerUrl), taskNo, projectKey: 'other' }))
				.status,
		).toBe(403);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await n8n.executions(id)).toHaveLength(executions.length);
	});
});

describe("our credentials in n8n's HTTP Request node", () => {
	test('HTTP Request node v4.2 with a predefined credential type: NICE, Tencent API 3.0 and Huawei calls are signed and answered', async () => {
		const path = 'e2e-http-request-node';
		const names: Record<string, string> = {
			niceApi: 'NICE (sandbox)',
			tencentCloudAsrApi: 'Tencent Cloud ASR (sandbox)',
			huaweiCloudApi: 'Huawei Cloud (sandbox)',
		};
		/** An HTTP Request node as the editor saves it: Authentication "Predefined Credential Type". */
		const http = (
			name: string,
			position: [number, number],
			credentialType: string,
			parameters: Record<string, unknown>,
		) => ({
			id: randomUUID(),
			name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position,
			parameters: {
				method: 'POST',
				authentication: 'predefinedCredentialType',
				nodeCredentialType: credentialType,
				options: {},
				...parameters,
			},
			credentials: {
				[credentialType]: { id: credentialIds[credentialType], name: names[credentialType] },
			},
		});
		const jsonBody = (jsonBody: string) => ({ sendBody: true, specifyBody: 'json', jsonBody });
		// Sent as Tencent's API 3.0 wants it, and as the Tencent node sends it: the action in X-TC-Action.
		const action = (value: string) => ({
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'X-TC-Action', value }] },
		});
		const tencent3 = `${sandbox.vendorUrl('tencent3')}/`;
		const jobs = `${sandbox.vendorUrl('huawei')}/v3/{project_id}/moderation/audio/jobs`;
		const nodes = [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			},
			http('NICE create', [240, -200], 'niceApi', {
				url: `${sandbox.vendorUrl('nice')}/task/create`,
				...jsonBody(
					JSON.stringify({
						project_key: DEMO_NICE_ACCOUNT.projectKeys[0],
						task_type: 1,
						ts: String(Date.now()),
						task_file_url: 'https://audio.example/visit.wav',
					}),
				),
			}),
			http('NICE task info', [480, -200], 'niceApi', {
				url: `${sandbox.vendorUrl('nice')}/task/taskInfo`,
				...jsonBody('={{ JSON.stringify({ task_no: $json.data.task_no }) }}'),
			}),
			http('Tencent CreateRecTask', [240, 0], 'tencentCloudAsrApi', {
				url: tencent3,
				...action('CreateRecTask'),
				...jsonBody(
					JSON.stringify({
						EngineModelType: '16k_zh',
						ChannelNum: 1,
						ResTextFormat: 0,
						SourceType: 0,
						Url: 'https://audio.example/a.wav',
					}),
				),
			}),
			http('Tencent DescribeTaskStatus', [480, 0], 'tencentCloudAsrApi', {
				url: tencent3,
				...action('DescribeTaskStatus'),
				...jsonBody('={{ JSON.stringify({ TaskId: $json.Response.Data.TaskId }) }}'),
			}),
			http('Huawei create job', [240, 200], 'huaweiCloudApi', {
				url: jobs,
				...jsonBody(
					JSON.stringify({ data: { url: 'https://audio.example/a.wav' }, categories: ['porn'] }),
				),
			}),
			http('Huawei read job', [480, 200], 'huaweiCloudApi', {
				method: 'GET',
				url: `=${jobs}/{{ $json.job_id }}`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'note', value: 'a b/中' }] },
			}),
		];
		const next = (node: string) => [{ node, type: 'main', index: 0 }];
		const id = await n8n.createWorkflow({
			name: 'HTTP Request node with our credentials',
			nodes,
			connections: {
				Webhook: {
					main: [
						[
							...next('NICE create'),
							...next('Tencent CreateRecTask'),
							...next('Huawei create job'),
						],
					],
				},
				'NICE create': { main: [next('NICE task info')] },
				'Tencent CreateRecTask': { main: [next('Tencent DescribeTaskStatus')] },
				'Huawei create job': { main: [next('Huawei read job')] },
			},
		});
		await n8n.activate(id);
		await n8n.waitForWebhook(path);
		await client.reset();
		await n8n.root.post(`/webhook/${path}`, {});
		const execution = await finishedExecution(id, 'the HTTP Request node run');
		expect({
			status: execution.status,
			error: execution.data?.resultData?.error?.message,
		}).toEqual({ status: 'success', error: undefined });

		const taskNo = firstJson(execution, 'NICE create').data.task_no;
		expect(firstJson(execution, 'NICE task info')).toMatchObject({
			errcode: 0,
			data: { task_no: taskNo, task_file_path: 'visit.wav' },
		});
		const taskId = firstJson(execution, 'Tencent CreateRecTask').Response.Data.TaskId;
		expect(firstJson(execution, 'Tencent DescribeTaskStatus').Response).toMatchObject({
			Data: { TaskId: taskId },
		});
		expect(firstJson(execution, 'Tencent DescribeTaskStatus').Response.Error).toBeUndefined();
		const jobId = firstJson(execution, 'Huawei create job').job_id;
		expect(firstJson(execution, 'Huawei read job')).toMatchObject({ job_id: jobId });

		// What the sandbox received: every call verified and answered, the node's header names lowercased.
		expect((await client.requests('nice')).map((request) => request.answered)).toEqual([200, 200]);
		expect(
			(await client.requests('tencent3')).map((request) => request.headers['x-tc-action']),
		).toEqual(['CreateRecTask', 'DescribeTaskStatus']);
		const huawei = await client.requests('huawei');
		expect(huawei.map((request) => [request.method, request.answered])).toEqual([
			['POST', 200],
			['GET', 200],
		]);
		expect(huawei[1].query).toEqual({ note: 'a b/中' });
	});
});

test('the e2e suite runs against the pinned n8n of the line E2E_N8N selects', () => {
	const runtime = JSON.parse(readFileSync(join(RUNTIME_DIR, 'package.json'), 'utf8'));
	expect(runtimeN8nVersion()).toBe(runtime.dependencies.n8n);
	expect(runtimeN8nVersion()).toMatch(N8N_LINE === '2.41' ? /^2\.41\./ : /^1\.123\./);
});
