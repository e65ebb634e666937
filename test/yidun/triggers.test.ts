import type { INode } from 'n8n-workflow';

import { YIDUN_SIGNATURE_METHODS } from '../../credentials/YidunApi.credentials';
import { runWorkflow, type Execution, type WorkflowJson } from '../harness/engine';
import { singleNodeWorkflow, useSandbox, useWebhookServer } from '../harness/fixtures';
import { PACKAGE_NAME } from '../harness/packageTypes';
import { pollOnce } from '../harness/poll';
import { capturedLogs } from '../harness/logs';
import { expectNoSecrets } from '../harness/secrets';
import { DEMO_YIDUN_ACCOUNT } from '../sandbox/vendors/yidun';

const { sandbox, client } = useSandbox();
const webhooks = useWebhookServer();

const credentials = () => ({
	yidunApi: {
		...DEMO_YIDUN_ACCOUNT,
		businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
		signatureMethod: 'MD5',
		apiHost: 'custom',
		customBaseUrl: sandbox().vendorUrl('yidun'),
	},
});
const block = {
	action: 2,
	labels: [
		{ label: 500, level: 2, subLabels: [500014], hint: '某敏感词', startTime: 2000, endTime: 2600 },
	],
};

function triggerWorkflow(type: 'yidunTrigger' | 'yidunPollTrigger', parameters = {}): WorkflowJson {
	const node: INode = {
		id: 'yidun-trigger',
		name: 'Yidun',
		type: `${PACKAGE_NAME}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		webhookId: '9d8c7b6a-0000-4000-8000-00000000yd01',
		parameters,
		credentials: { yidunApi: { id: '1', name: 'Yidun' } },
	};
	return { nodes: [node], connections: {} };
}

async function activatePush(parameters = {}) {
	return (
		await webhooks().activate(triggerWorkflow('yidunTrigger', parameters), {
			credentials: credentials(),
		})
	).Yidun;
}

const runs = async () => {
	await webhooks().settle();
	return webhooks().executions;
};
const firstItem = (execution: Execution) =>
	execution.runs[0].data.resultData.runData.Yidun[0].data!.main[0]![0].json;

describe('Yidun Trigger (push)', () => {
	test.each(YIDUN_SIGNATURE_METHODS)(
		'a push signed with %s starts a run with the result',
		async (signatureMethod) => {
			const url = await activatePush();
			await client().yidun.queueVerdicts(block);
			const push = await client().yidun.push({ url, signatureMethod, version: 'v4' });
			expect(push.status).toBe(200);
			expect(JSON.parse(push.answer)).toEqual({ code: 200, msg: 'ok' });
			const [execution] = await runs();
			expect(firstItem(execution)).toMatchObject({
				vendor: 'yidun',
				status: 'succeeded',
				moderation: {
					verdict: 'block',
					labels: [
						{
							code: 500014,
							name: 'Politics: special topics (涉政专项)',
							evidence: [{ text: '某敏感词', start: 2, end: 2.6 }],
						},
					],
				},
			});
		},
	);

	test('v3 and v4 pushes of the same verdict give the same output', async () => {
		const url = await activatePush({ dedupeMinutes: 0 });
		await client().yidun.queueVerdicts(block, block);
		await client().yidun.push({ url, version: 'v3' });
		await client().yidun.push({ url, version: 'v4' });
		const [v3, v4] = (await runs()).map(firstItem);
		const strip = ({ taskId: _taskId, ...rest }: Record<string, unknown>) => rest;
		expect(strip(v3)).toEqual(strip(v4));
	});

	test.each([
		['signed with another key', 'wrongKey', 401],
		['without a signature', 'missingSignature', 401],
		['with its result changed after signing', 'tampered', 401],
		['from another account', 'wrongSecretId', 403],
	] as const)('a push %s is refused and starts nothing', async (_name, forge, status) => {
		const url = await activatePush();
		await client().yidun.queueVerdicts(block);
		expect((await client().yidun.push({ url, forge })).status).toBe(status);
		expect(await runs()).toHaveLength(0);
	});

	test('a repeated push of the same task is acknowledged but starts no second run', async () => {
		const url = await activatePush();
		const first = await client().yidun.push({ url });
		const taskId = JSON.parse(first.fields.callbackData).taskId;
		const again = await client().yidun.push({ url, taskId });
		expect(JSON.parse(again.answer)).toEqual({ code: 200, msg: 'ok (repeat ignored)' });
		expect(await runs()).toHaveLength(1);
	});

	test('submit with the trigger as callbackUrl: the sandbox pushes the result and the trigger runs', async () => {
		const url = await activatePush({ options: { includeRawResponse: true } });
		await client().yidun.queueVerdicts(block);
		const submitted = await runWorkflow(
			singleNodeWorkflow(
				'yidunAudioModeration',
				{
					operation: 'submitAudio',
					apiVersion: 'v4',
					url: 'https://audio.example/a.mp3',
					callbackUrl: url,
					options: { dataId: 'call-9' },
				},
				'yidunApi',
			),
			{ credentials: credentials() },
		);
		const taskId = submitted.output('Node')[0].json.taskId;
		for (let attempt = 0; attempt < 100 && (await client().yidun.pushes()).length === 0; attempt++)
			await new Promise((resolve) => setTimeout(resolve, 20));
		const [execution] = await runs();
		expect(firstItem(execution)).toMatchObject({
			taskId,
			reference: 'call-9',
			status: 'succeeded',
			moderation: { verdict: 'block' },
		});
		expect((firstItem(execution).raw as Record<string, unknown>).taskId).toBe(taskId);
		expect((await client().yidun.stats()).queued).toBe(0);
	});
});

describe('Yidun Trigger: answering and secrets', () => {
	test('the push is answered while the workflow is still running (Yidun gives up after 2 s)', async () => {
		const workflow = triggerWorkflow('yidunTrigger');
		const slow: INode = {
			id: 'slow',
			name: 'Slow Step',
			type: `${PACKAGE_NAME}.neunitAsr`,
			typeVersion: 1,
			position: [200, 0],
			parameters: { operation: 'getTaskStatus', taskId: 'demo-neunit-finished' },
			credentials: { neunitAsrApi: { id: '2', name: 'Neunit' } },
		};
		workflow.nodes.push(slow);
		workflow.connections = { Yidun: { main: [[{ node: 'Slow Step', type: 'main', index: 0 }]] } };
		const url = (
			await webhooks().activate(workflow, {
				credentials: { ...credentials(), neunitAsrApi: { baseUrl: sandbox().vendorUrl('neunit') } },
			})
		).Yidun;
		await client().neunit.createTask({ taskId: 'demo-neunit-finished', status: 2 });
		await client().injectFault({ vendor: 'neunit', kind: 'slow', delayMs: 1500 });

		const push = await client().yidun.push({ url });
		expect(JSON.parse(push.answer)).toEqual({ code: 200, msg: 'ok' });
		const [execution] = webhooks().executions;
		expect(execution.runs).toHaveLength(0);
		const [run] = await runs().then((all) => all[0].runs);
		expect(run.status).toBe('success');
	});

	test('the Secret Key appears in no answer, output or log', async () => {
		const url = await activatePush({ options: { includeRawResponse: true } });
		const answers = [
			await client().yidun.push({ url }),
			await client().yidun.push({ url, forge: 'wrongKey' }),
			await client().yidun.push({ url, forge: 'tampered' }),
		];
		expectNoSecrets(
			{
				answers: answers.map((answer) => answer.answer),
				runs: (await runs()).map((execution) => execution.runs),
			},
			[DEMO_YIDUN_ACCOUNT.secretKey],
		);
		expectNoSecrets(capturedLogs(), [DEMO_YIDUN_ACCOUNT.secretKey]);
	});
});

describe('Yidun Poll Trigger', () => {
	const poll = (parameters = {}) =>
		pollOnce(triggerWorkflow('yidunPollTrigger', { apiVersion: 'v4', ...parameters }), 'Yidun', {
			credentials: credentials(),
		});

	test('a poll drains the queue into one execution, one item per result; the next poll finds nothing', async () => {
		const ids = await client().yidun.enqueue(5);
		const { items, result } = await poll();
		expect(items![0].map((item) => item.json.taskId)).toEqual(ids);
		expect(result!.run.status).toBe('success');
		expect(result!.output('Yidun')).toHaveLength(5);
		expect((await poll()).items).toBeNull();
	});

	test('a poll that fails part-way still starts the execution with what it drained', async () => {
		await client().yidun.configure({ pageSize: 10 });
		const ids = await client().yidun.enqueue(25);
		await client().injectFault({
			vendor: 'yidun',
			kind: 'status',
			status: 503,
			path: '/v4/audio/callback/results',
			skip: 1,
			times: 10,
		});
		const { items } = await poll();
		expect(items![0].slice(0, 10).map((item) => item.json.taskId)).toEqual(ids.slice(0, 10));
		expect(items![0][10].json.error).toBe('NetEase Yidun answered HTTP 503 (server error)');
		expect((await client().yidun.stats()).queued).toBe(15);
	});

	test('Max Results per Poll leaves the rest for the next poll', async () => {
		await client().yidun.configure({ pageSize: 4 });
		await client().yidun.enqueue(10);
		expect((await poll({ maxResults: 4 })).items![0]).toHaveLength(4);
		expect((await poll({ maxResults: 100 })).items![0]).toHaveLength(6);
	});
});
