import type { INode, INodeParameters } from 'n8n-workflow';

import type { Execution, WorkflowJson } from '../harness/engine';
import { runWorkflow } from '../harness/engine';
import {
	sandboxCredentials,
	singleNodeWorkflow,
	useSandbox,
	useWebhookServer,
} from '../harness/fixtures';
import { PACKAGE_NAME } from '../harness/packageTypes';

const { sandbox, client } = useSandbox();
const webhooks = useWebhookServer();

const SEED = 'n8n_demo_seed_2026';
const TOKEN = 'hw-token-7d1c4e9a2b3f5a6c8e0d';
const credentials = () => sandboxCredentials(sandbox());

function triggerWorkflow(parameters: INodeParameters = {}): WorkflowJson {
	const node: INode = {
		id: 'huawei-trigger',
		name: 'Huawei Trigger',
		type: `${PACKAGE_NAME}.huaweiCloudModerationTrigger`,
		typeVersion: 2,
		position: [0, 0],
		webhookId: '5c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e5',
		parameters: { verification: 'seed', callbackSeed: SEED, ...parameters },
		credentials: { huaweiCloudApi: { id: '1', name: 'Huawei' } },
	};
	return { nodes: [node], connections: {} };
}

async function activate(parameters: INodeParameters = {}) {
	return (await webhooks().activate(triggerWorkflow(parameters), { credentials: credentials() }))[
		'Huawei Trigger'
	];
}

const runs = async () => {
	await webhooks().settle();
	return webhooks().executions;
};
const output = (execution: Execution, node = 'Huawei Trigger') =>
	execution.runs.at(-1)!.data.resultData.runData[node].at(-1)!.data!.main[0]!;

/** Creates a job whose callback goes to `url` (with the seed), and waits for its deliveries. */
async function createWithCallback(url: string, seed?: string) {
	const created = await runWorkflow(
		singleNodeWorkflow(
			'huaweiCloudModeration',
			{
				operation: 'createAudioModerationJob',
				audioUrl: 'https://audio.example/a.wav',
				resultDelivery: 'callbackUrl',
				callbackUrl: url,
				callbackSeed: seed ?? '',
			},
			'huaweiCloudApi',
		),
		{ credentials: credentials() },
	);
	return String(created.output('Node')[0].json.taskId);
}

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
	for (let attempt = 0; attempt < 250; attempt++) {
		const value = await check();
		if (value) return value;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	throw new Error(`Timed out waiting for ${what}`);
}
const deliveries = (count: number) =>
	until(async () => {
		// An attempt is recorded when it is sent, and gets its status when it is answered.
		const attempts = (await client().huawei.callbacks()).filter((attempt) => attempt.status !== 0);
		return attempts.length >= count ? attempts : undefined;
	}, `${count} callback deliveries`);

describe('Huawei Cloud Moderation Trigger (seed)', () => {
	test.each(['hex', 'base64'] as const)(
		'a callback signed with the seed (%s) starts a run and is answered 200',
		async (encoding) => {
			await client().huawei.configure({ signatureEncoding: encoding });
			await client().huawei.queueResults({
				suggestion: 'review',
				audio_text: '加微信',
				details: [
					{ start_time: 0, end_time: 2, suggestion: 'review', label: 'ad', audio_text: '加微信' },
				],
			});
			const url = await activate();
			const jobId = await createWithCallback(url, SEED);
			const [delivery] = await deliveries(1);
			expect(delivery).toMatchObject({ jobId, attempt: 1, status: 200, accepted: true });
			const [execution] = await runs();
			expect(output(execution)[0].json).toMatchObject({
				vendor: 'huawei',
				taskId: jobId,
				status: 'succeeded',
				moderation: { verdict: 'review' },
			});
		},
	);

	test.each(['wrongSeed', 'missingSignature', 'tampered'] as const)(
		'a callback with %s is answered 401 and starts nothing',
		async (forge) => {
			const url = await activate();
			await client().huawei.configure({ finishAfterMs: 60_000 });
			const jobId = await createWithCallback('https://nowhere.invalid/cb', SEED);
			const answer = await client().huawei.sendCallback({ url, jobId, forge });
			expect(answer.status).toBe(401);
			expect(await runs()).toHaveLength(0);
		},
	);

	test('a body that is not a Huawei job is answered 400 and starts nothing', async () => {
		const url = await activate();
		for (const body of ['not json', '[]', '{"job_id":"x"}']) {
			const response = await fetch(url, {
				method: 'POST',
				body,
				headers: { 'content-type': 'application/json', 'x-auth-signature': 'abc' },
			});
			expect(response.status).toBe(400);
		}
		expect(await runs()).toHaveLength(0);
	});

	test('Huawei resends an unanswered callback: the repeat (same job and update time) starts no second run', async () => {
		const url = await activate();
		await client().huawei.configure({ finishAfterMs: 60_000 });
		const jobId = await createWithCallback('https://nowhere.invalid/cb', SEED);
		// The job is still running, so its update time stays the same between sends.
		expect((await client().huawei.sendCallback({ url, jobId })).status).toBe(200);
		expect((await client().huawei.sendCallback({ url, jobId })).status).toBe(200);
		expect(await runs()).toHaveLength(1);
	});

	test('a callback answered late or with another status is sent again by the sandbox, as Huawei does', async () => {
		await client().huawei.configure({
			callbackTimeoutMs: 300,
			callbackRetryDelayMs: 50,
			maxCallbackAttempts: 3,
		});
		await createWithCallback(`${webhooks().url}/webhook/not-registered/callback`, SEED);
		const attempts = await deliveries(3);
		expect(attempts.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
			[1, 404],
			[2, 404],
			[3, 404],
		]);
	});

	test('activation refuses a seed Huawei would refuse', async () => {
		await expect(activate({ callbackSeed: 'has spaces' })).rejects.toThrow(
			'The Callback Seed must be 1 to 64 letters, digits or _',
		);
	});
});

describe('Huawei Cloud Moderation Trigger (URL token)', () => {
	test('with the token the callback runs; without it, or a wrong one, 401 and nothing runs', async () => {
		const url = await activate({ verification: 'token', callbackToken: TOKEN });
		const jobId = await createWithCallback(`${url}?token=${TOKEN}`);
		await deliveries(1);
		expect(await runs()).toHaveLength(1);
		expect((await client().huawei.sendCallback({ url, jobId })).status).toBe(401);
		expect(
			(await client().huawei.sendCallback({ url: `${url}?token=wrong-token-0000000000`, jobId }))
				.status,
		).toBe(401);
		expect(await runs()).toHaveLength(1);
	});

	test('activation refuses a short token', async () => {
		await expect(activate({ verification: 'token', callbackToken: 'short' })).rejects.toThrow(
			'The Callback Token must be at least 16 characters',
		);
	});
});

describe('Huawei Cloud Moderation: Wait for the Callback Here', () => {
	const waitParameters = {
		operation: 'createAudioModerationJob',
		audioUrl: 'https://audio.example/a.wav',
		resultDelivery: 'waitForCallback',
		maxWaitMinutes: 30,
	};

	test('parks with the resume URL and a fresh seed; the signed callback resumes it with the verdict', async () => {
		await client().huawei.queueResults({
			suggestion: 'block',
			audio_text: '违规',
			details: [
				{
					start_time: 1,
					end_time: 2,
					suggestion: 'block',
					label: 'abuse',
					audio_text: '违规',
					segments: [{ segment: '违规' }],
				},
			],
		});
		const running = webhooks().startWorkflow(
			singleNodeWorkflow('huaweiCloudModeration', waitParameters, 'huaweiCloudApi'),
			{ credentials: credentials() },
		);
		const parked = await running.result;
		expect(parked.run.status).toBe('waiting');
		const [create] = await client().requests('huawei');
		const body = JSON.parse(create.body);
		expect(new URL(body.callback).pathname).toBe(`/webhook-waiting/${running.execution.id}`);
		expect(body.seed).toMatch(/^[0-9a-f]{64}$/);

		const [delivery] = await deliveries(1);
		expect(delivery).toMatchObject({ status: 200, accepted: true });
		await webhooks().settle();
		const finished = running.execution.runs.at(-1)!;
		expect(finished.status).toBe('success');
		expect(output(running.execution, 'Node')[0].json).toMatchObject({
			status: 'succeeded',
			moderation: { verdict: 'block', labels: [{ code: 'abuse' }] },
		});
	});

	test('two executions get different seeds', async () => {
		await client().huawei.configure({ finishAfterMs: 60_000 });
		for (let run = 0; run < 2; run++) {
			await webhooks().startWorkflow(
				singleNodeWorkflow('huaweiCloudModeration', waitParameters, 'huaweiCloudApi'),
				{ credentials: credentials() },
			).result;
		}
		const seeds = (await client().requests('huawei')).map(
			(request) => JSON.parse(request.body).seed,
		);
		expect(new Set(seeds).size).toBe(2);
	});

	test('a callback without the right signature is refused and the execution keeps waiting', async () => {
		await client().huawei.configure({ finishAfterMs: 60_000 });
		const running = webhooks().startWorkflow(
			singleNodeWorkflow('huaweiCloudModeration', waitParameters, 'huaweiCloudApi'),
			{ credentials: credentials() },
		);
		await running.result;
		const [create] = await client().requests('huawei');
		const resumeUrl = JSON.parse(create.body).callback;
		const jobId = (await client().huawei.jobs())[0];
		for (const forge of ['wrongSeed', 'missingSignature', 'tampered'] as const) {
			expect((await client().huawei.sendCallback({ url: resumeUrl, jobId, forge })).status).toBe(
				401,
			);
		}
		await webhooks().settle();
		expect(running.execution.stored).toBeDefined();
		expect(running.execution.runs).toHaveLength(1);
	});

	test('no callback before the deadline: n8n resumes it with a failed CALLBACK_TIMEOUT task', async () => {
		await client().huawei.configure({ finishAfterMs: 60_000 });
		const running = webhooks().startWorkflow(
			singleNodeWorkflow('huaweiCloudModeration', waitParameters, 'huaweiCloudApi'),
			{ credentials: credentials() },
		);
		await running.result;
		const resumed = await webhooks().expireWait(running.execution);
		expect(resumed.output('Node')[0].json).toMatchObject({
			vendor: 'huawei',
			status: 'failed',
			error: { code: 'CALLBACK_TIMEOUT' },
		});
	});
});
