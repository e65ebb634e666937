import { yidunPollWorkflow } from '../e2e/workflows';
import {
	deployExample,
	deployWorkflow,
	endedExecutions,
	executionsOf,
	outputOf,
	queueSuite,
	sleep,
	statusesOf,
	until,
	webhookProcessor,
	workersThatRan,
} from './suite';

/**
 * Yidun's consume-once results queue drained from several processes at once. Each process
 * paces its own calls (19 per 10 s per account); together they exceed Yidun's limit, and the
 * calls Yidun refuses with 411 (refused before anything is consumed) are waited out and sent
 * again. What counts: every result comes out once, and no execution fails on the limit.
 */
const suite = queueSuite();

const DRAIN = 'Yidun Audio Moderation';

/** Starts `count` Drain Results executions at once; resolves with them once all have ended. */
async function drainAtOnce(workflowId: string, path: string, count: number) {
	const replies = await Promise.all(
		Array.from({ length: count }, () => webhookProcessor(suite).post(`/webhook/${path}`, {})),
	);
	expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 200));
	return endedExecutions(suite, workflowId, count, 180_000);
}

const taskIdsOf = (executions: Array<Record<string, any>>, node: string) =>
	executions.flatMap((execution) => outputOf(execution, node).map((item) => item.taskId));

test('six Drain Results at once on two workers: every result once, no rate-limit error', async () => {
	await suite.client.yidun.configure({ pageSize: 10 });
	const enqueued = await suite.client.yidun.enqueue(400);
	const id = await deployExample(suite, 'yidun-drain-results.json', 'q-yidun-drain');

	const executions = await drainAtOnce(id, 'q-yidun-drain', 6);
	expect(statusesOf(executions)).toEqual(executions.map(() => 'success'));
	const workers = new Set(executions.flatMap((execution) => workersThatRan(suite, execution.id)));
	expect([...workers].sort()).toEqual(['worker-1', 'worker-2']);

	const drained = taskIdsOf(executions, DRAIN);
	expect(drained.every((taskId) => typeof taskId === 'string')).toBe(true);
	expect(new Set(drained).size).toBe(drained.length);
	expect([...drained].sort()).toEqual([...enqueued].sort());
	const stats = await suite.client.yidun.stats();
	expect(stats.queued).toBe(0);
	// The two workers did exceed Yidun's limit together: the refusals were waited out.
	expect(stats.rateLimited).toBeGreaterThan(0);
}, 240_000);

test('the poll trigger (on the main instance) and Drain Results (on workers) drain at the same time: every result once', async () => {
	await suite.client.yidun.configure({ pageSize: 10 });
	// Enough for several of Yidun's 10 s windows: the drains start first and may take the
	// whole first window, and a poll refused with 411 waits a window out before it asks again.
	const enqueued = await suite.client.yidun.enqueue(600);
	const drainId = await deployExample(suite, 'yidun-drain-results.json', 'q-yidun-drain-poll');
	const pollId = await deployWorkflow(
		suite,
		yidunPollWorkflow('queue: Yidun poll', suite.credentialIds.yidunApi, { atSecondZero: true }),
	);
	// The poll fires at second 0 of each minute: the drains start just before it. (With n8n's
	// Every Minute, at a random second, the drains once emptied the queue before the poll.)
	const untilMinute = 60_000 - (Date.now() % 60_000);
	await sleep(Math.max(0, untilMinute - 3_000));
	const drains = await drainAtOnce(drainId, 'q-yidun-drain-poll', 2);
	// Every poll execution, once they hold all the results the drains left (a poll's execution
	// is listed only once it has ended).
	const drainedByDrains = taskIdsOf(drains, DRAIN);
	const polls = await until(
		async () => {
			const found = await executionsOf(suite, pollId);
			const done = found.every((execution) => execution.status === 'success');
			const polled = taskIdsOf(found, 'Yidun Poll Trigger');
			return done && drainedByDrains.length + polled.length >= enqueued.length ? found : undefined;
		},
		'the poll executions',
		120_000,
	);
	await suite.cluster.main.api.post(`/workflows/${pollId}/deactivate`, {});

	expect(statusesOf(drains)).toEqual(['success', 'success']);
	const polled = taskIdsOf(polls, 'Yidun Poll Trigger');
	expect(polled.length).toBeGreaterThan(0);
	const drained = [...drainedByDrains, ...polled];
	expect(new Set(drained).size).toBe(drained.length);
	expect([...drained].sort()).toEqual([...enqueued].sort());
	expect((await suite.client.yidun.stats()).queued).toBe(0);
}, 240_000);
