import { backoffDelay } from '../../nodes/common/backoff';
import type { Task, TaskStatus } from '../../nodes/common/taskModel';
import { waitForCompletion } from '../../nodes/common/waitForCompletion';

const task = (status: TaskStatus): Task => ({ vendor: 'test', taskId: 't', status });

/** A poll function that walks through the given statuses, then repeats the last. */
function scripted(...statuses: TaskStatus[]) {
	const calls: number[] = [];
	const poll = async () => {
		calls.push(Date.now());
		return task(statuses[Math.min(calls.length - 1, statuses.length - 1)]);
	};
	return { poll, calls };
}

describe('backoffDelay', () => {
	test('grows by the factor from the first interval and stops at the cap', () => {
		expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, 100, 2, 1000))).toEqual([
			100, 200, 400, 800, 1000, 1000,
		]);
	});

	test('a factor of 1 polls at a fixed interval', () => {
		expect([1, 5, 50].map((attempt) => backoffDelay(attempt, 250, 1, 1000))).toEqual([
			250, 250, 250,
		]);
	});
});

describe('waitForCompletion', () => {
	const fast = { intervalMs: 5, maxIntervalMs: 20, backoffFactor: 2, timeoutMs: 5000 };

	test('polls through queued and running until the task succeeds', async () => {
		const { poll, calls } = scripted('queued', 'running', 'running', 'succeeded');
		const outcome = await waitForCompletion(poll, fast);
		expect(outcome).toMatchObject({ timedOut: false, polls: 4, task: { status: 'succeeded' } });
		expect(calls).toHaveLength(4);
	});

	test('stops at a failed task', async () => {
		const { poll } = scripted('running', 'failed');
		expect(await waitForCompletion(poll, fast)).toMatchObject({
			timedOut: false,
			polls: 2,
			task: { status: 'failed' },
		});
	});

	test('returns at once when the first poll is final', async () => {
		const { poll } = scripted('succeeded');
		expect(await waitForCompletion(poll, fast)).toMatchObject({ polls: 1, timedOut: false });
	});

	test('reports a timeout with the last status, after a last poll at the deadline', async () => {
		const { poll, calls } = scripted('running');
		const outcome = await waitForCompletion(poll, { ...fast, timeoutMs: 60 });
		expect(outcome.timedOut).toBe(true);
		expect(outcome.task.status).toBe('running');
		expect(outcome.waitedMs).toBeGreaterThanOrEqual(60);
		expect(calls.length).toBeGreaterThan(2);
	});

	test('a timeout of zero polls exactly once', async () => {
		const { poll, calls } = scripted('running');
		expect((await waitForCompletion(poll, { ...fast, timeoutMs: 0 })).timedOut).toBe(true);
		expect(calls).toHaveLength(1);
	});

	test('the cancel signal ends the wait during a sleep', async () => {
		const controller = new AbortController();
		const { poll, calls } = scripted('running');
		const waiting = waitForCompletion(poll, {
			intervalMs: 60_000,
			maxIntervalMs: 60_000,
			backoffFactor: 1,
			timeoutMs: 600_000,
			signal: controller.signal,
		});
		setTimeout(() => controller.abort(new Error('stopped by the user')), 20);
		await expect(waiting).rejects.toThrow('stopped by the user');
		expect(calls).toHaveLength(1);
	});
});
