import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import axios from 'axios';

import { useSandbox } from '../harness/fixtures';
import { DEMO_HUAWEI_ACCOUNT } from './vendors/huawei';

/**
 * What the waiting benchmark reads from the sandbox: when a task ended, how many status calls
 * named it, and, for Huawei, a finish time per job and when its callback went out.
 */
const { sandbox, client } = useSandbox();
const http = axios.create({ validateStatus: () => true, proxy: false });
const statusUrl = () => `${sandbox().vendorUrl('neunit')}/cloud/asr/v1/get_task_status`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sandbox: Neunit task report', () => {
	test('a clock-driven task ends when its step falls due, and counts the status calls naming it', async () => {
		const taskId = await client().neunit.createTask({
			status: 1,
			// Long enough that the three calls below come before it on a loaded machine (at 120 ms
			// they once did not).
			stepEveryMs: 600,
			steps: [{ status: 2, percent: 100, result: 'done' }],
		});
		await http.post(statusUrl(), { task_id: taskId });
		await http.post(statusUrl(), { task_id: 'another-task' });
		const running = await client().neunit.task(taskId);
		expect(running).toMatchObject({ taskId, statusQueries: 1, state: { status: 1 } });
		expect(running.finishedAt).toBeUndefined();

		// Due while nobody asked: still reported at its due time, not at the next query.
		await sleep(750);
		const done = await client().neunit.task(taskId);
		expect(done.state.status).toBe(2);
		expect(done.finishedAt).toBe(done.createdAt + 600);
		await http.post(statusUrl(), { task_id: taskId });
		expect(await client().neunit.task(taskId)).toMatchObject({
			statusQueries: 2,
			finishedAt: done.finishedAt,
		});
	});

	test('with clockFromFirstQuery, the clock starts at the first status query, not at creation', async () => {
		const taskId = await client().neunit.createTask({
			status: 1,
			stepEveryMs: 100,
			clockFromFirstQuery: true,
			steps: [{ status: 2, result: 'done' }],
		});
		await sleep(200);
		const idle = await client().neunit.task(taskId);
		expect(idle.state.status).toBe(1);
		expect(idle.clockStartedAt).toBeUndefined();

		expect((await http.post(statusUrl(), { task_id: taskId })).data.data.status).toBe(1);
		const started = await client().neunit.task(taskId);
		expect(started.clockStartedAt).toBeGreaterThanOrEqual(started.createdAt + 200);
		await sleep(200);
		expect((await http.post(statusUrl(), { task_id: taskId })).data.data.status).toBe(2);
		const done = await client().neunit.task(taskId);
		expect(done.finishedAt).toBe(started.clockStartedAt! + 100);
	});

	test('a per-query task ends at the query that moved it; a finished one at creation', async () => {
		const stepped = await client().neunit.createTask({ status: 1, steps: [{ status: 3 }] });
		const before = Date.now();
		await http.post(statusUrl(), { task_id: stepped });
		const report = await client().neunit.task(stepped);
		expect(report.finishedAt).toBeGreaterThanOrEqual(before);
		expect(report.statusQueries).toBe(1);

		const finished = await client().neunit.createTask({ status: 2 });
		const created = await client().neunit.task(finished);
		expect(created.finishedAt).toBe(created.createdAt);
	});

	test('an unknown task is a control error', async () => {
		await expect(client().neunit.task('missing')).rejects.toMatchObject({
			response: { status: 400 },
		});
	});
});

describe('sandbox: Huawei job times', () => {
	let receiver: Server;
	let receiverUrl: string;
	const received: number[] = [];

	beforeAll(async () => {
		receiver = createServer((req, res) => {
			received.push(Date.now());
			req.resume();
			req.on('end', () => res.writeHead(200).end('{}'));
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callback`;
	});
	afterAll(async () => await new Promise((resolve) => receiver.close(resolve)));

	async function createJob(token: string, callback?: string): Promise<string> {
		const reply = await http.post(
			`${sandbox().vendorUrl('huawei')}/v3/${DEMO_HUAWEI_ACCOUNT.projectId}/moderation/audio/jobs`,
			{ data: { url: 'https://audio.example.com/a.mp3' }, categories: ['porn'], callback },
			{ headers: { 'x-auth-token': token } },
		);
		expect(reply.status).toBe(200);
		return reply.data.job_id;
	}

	test('a queued result sets its own finish time, kept out of the job the API shows; the callback time is recorded', async () => {
		const tokenReply = await http.post(`${sandbox().vendorUrl('huawei')}/v3/auth/tokens`, {
			auth: {
				identity: {
					password: {
						user: {
							name: DEMO_HUAWEI_ACCOUNT.userName,
							password: DEMO_HUAWEI_ACCOUNT.password,
							domain: { name: DEMO_HUAWEI_ACCOUNT.domainName },
						},
					},
				},
				scope: { project: { id: DEMO_HUAWEI_ACCOUNT.projectId } },
			},
		});
		const token = String(tokenReply.headers['x-subject-token']);
		await client().huawei.configure({ finishAfterMs: 60_000 });
		await client().huawei.queueResults({ suggestion: 'block', finishAfterMs: 150 });
		const quick = await createJob(token, receiverUrl);
		const slow = await createJob(token);

		// The quick job finishes after 150 ms and calls back; a loaded machine may take longer.
		for (let waited = 0; received.length === 0 && waited < 10_000; waited += 50) await sleep(50);
		const times = await client().huawei.jobTimes();
		expect(times.map((job) => [job.jobId, job.finishAfterMs])).toEqual([
			[quick, 150],
			[slow, 60_000],
		]);
		const [quickTimes, slowTimes] = times;
		// Node's timers run on a monotonic clock and Date.now() drops the fraction of a
		// millisecond: a 150 ms timer can read as 149 ms between two Date.now() stamps.
		expect(quickTimes.finishedAt! - quickTimes.createdAt).toBeGreaterThanOrEqual(149);
		expect(quickTimes.callbackSentAt).toBeGreaterThanOrEqual(quickTimes.finishedAt!);
		expect(received).toHaveLength(1);
		expect(received[0]).toBeGreaterThanOrEqual(quickTimes.callbackSentAt!);
		expect(slowTimes.finishedAt).toBeUndefined();

		const job = await http.get(
			`${sandbox().vendorUrl('huawei')}/v3/${DEMO_HUAWEI_ACCOUNT.projectId}/moderation/audio/jobs/${quick}`,
			{ headers: { 'x-auth-token': token } },
		);
		expect(job.data.status).toBe('succeeded');
		expect(job.data.result).toEqual({ suggestion: 'block' });

		await client().reset();
		expect(await client().huawei.jobTimes()).toEqual([]);
	});
});
