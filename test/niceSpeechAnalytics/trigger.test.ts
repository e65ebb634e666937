import type { INode, INodeParameters } from 'n8n-workflow';

import type { Execution } from '../harness/engine';
import { runWorkflow } from '../harness/engine';
import {
	sandboxCredentials,
	singleNodeWorkflow,
	useSandbox,
	useWebhookServer,
} from '../harness/fixtures';
import { PACKAGE_NAME } from '../harness/packageTypes';
import { DEMO_NICE_ACCOUNT } from '../sandbox/vendors/nice';

const { sandbox, client } = useSandbox();
const webhooks = useWebhookServer();

const TOKEN = 'nice-push-token-2c9e7a1f4b6d';
const credentials = () => ({ niceApi: sandboxCredentials(sandbox()).niceApi });

async function activate(parameters: INodeParameters = {}) {
	const node: INode = {
		id: 'nice-trigger',
		name: 'NICE Trigger',
		type: `${PACKAGE_NAME}.niceSpeechAnalyticsTrigger`,
		typeVersion: 2,
		position: [0, 0],
		webhookId: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
		parameters: { pushToken: TOKEN, ...parameters },
		credentials: { niceApi: { id: '1', name: 'NICE' } },
	};
	const urls = await webhooks().activate(
		{ nodes: [node], connections: {} },
		{ credentials: credentials() },
	);
	return urls['NICE Trigger'];
}

async function finishedTask(endStatus: 1 | 2 | 3 = 2) {
	await client().nice.configure({ finishAfterMs: 0 });
	await client().nice.queueOutcomes({ endStatus });
	const created = await runWorkflow(
		singleNodeWorkflow(
			'niceSpeechAnalytics',
			{
				operation: 'createTask',
				taskType: 'audio',
				fileSource: 'url',
				taskFileUrl: 'https://audio.example/a.wav',
				options: { userCode: 'agent-7' },
			},
			'niceApi',
		),
		{ credentials: credentials() },
	);
	await new Promise((resolve) => setTimeout(resolve, 30));
	return String(created.output('Node')[0].json.taskId);
}

const runs = async () => {
	await webhooks().settle();
	return webhooks().executions;
};
const output = (execution: Execution) =>
	execution.runs.at(-1)!.data.resultData.runData['NICE Trigger'].at(-1)!.data!.main[0]!;

describe('NICE Trigger', () => {
	test.each(['json', 'form'] as const)(
		'a %s push with the token runs, answered at once, with the pushed fields',
		async (format) => {
			const url = await activate();
			const taskNo = await finishedTask();
			const answer = await client().nice.push({ url: `${url}?token=${TOKEN}`, taskNo, format });
			expect(answer.status).toBe(200);
			expect(JSON.parse(answer.answer)).toEqual({ errcode: 0, message: '成功' });
			const [execution] = await runs();
			const [item] = output(execution);
			expect(item.json).toMatchObject({
				vendor: 'nice',
				taskId: taskNo,
				status: 'succeeded',
				projectKey: DEMO_NICE_ACCOUNT.projectKeys[0],
				userCode: 'agent-7',
				language: 'cn',
				source: 'API接口',
				resultFile: { version: '1.0' },
			});
			expect(
				Date.parse(String((item.json.resultFile as { deadline: string }).deadline)) - Date.now(),
			).toBeGreaterThan(23 * 3600_000);
		},
	);

	test('parsed output: the trigger downloads the 1.0 result file in the execution, one item per segment', async () => {
		const url = await activate({ resultOutput: 'items' });
		const taskNo = await finishedTask();
		expect((await client().nice.push({ url: `${url}?token=${TOKEN}`, taskNo })).status).toBe(200);
		const [execution] = await runs();
		expect(
			output(execution).map((item) => [
				item.json.kind,
				item.json.speaker,
				item.json.start,
				item.json.taskId,
			]),
		).toEqual([['audio', 'advisor', 0.4, taskNo]]);
	});

	test('a failed task is output as failed, not parsed', async () => {
		const url = await activate({ resultOutput: 'parsed' });
		const taskNo = await finishedTask(3);
		await client().nice.push({ url: `${url}?token=${TOKEN}`, taskNo });
		const [execution] = await runs();
		expect(output(execution)[0].json).toMatchObject({
			status: 'failed',
			error: { code: 'END_STATUS_3' },
		});
	});

	test('no token, a wrong token, another project or a malformed push: refused, no execution', async () => {
		const url = await activate();
		const taskNo = await finishedTask();
		expect((await client().nice.push({ url, taskNo })).status).toBe(401);
		expect(
			(await client().nice.push({ url: `${url}?token=wrong-token-000000000`, taskNo })).status,
		).toBe(401);
		expect(
			(
				await client().nice.push({
					url: `${url}?token=${TOKEN}`,
					taskNo,
					projectKey: 'someone-else',
				})
			).status,
		).toBe(403);
		for (const body of ['{"task_no":"x"}', 'hello', '{"task_no":"x","task_end_status":9}']) {
			const response = await fetch(`${url}?token=${TOKEN}`, {
				method: 'POST',
				body,
				headers: { 'content-type': 'application/json' },
			});
			expect(response.status).toBe(400);
		}
		expect(await runs()).toHaveLength(0);
	});

	test('activation refuses a short token', async () => {
		await expect(activate({ pushToken: 'short' })).rejects.toThrow(
			'The Push Token must be at least 16 characters',
		);
	});
});
