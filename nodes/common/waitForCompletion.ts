import { cancellableSleep } from './sleep';

import { backoffDelay } from './backoff';
import type { Task } from './taskModel';
import { isFinished } from './taskModel';

export interface WaitOptions {
	/** Delay before the second poll. */
	intervalMs: number;
	/** Cap on the delay between polls as it grows. */
	maxIntervalMs: number;
	/** Each delay is the previous one times this (1 = fixed interval). */
	backoffFactor: number;
	/** Overall budget from the first poll; the last poll happens at the deadline. */
	timeoutMs: number;
	/** The execution's cancel signal: stopping the execution ends the wait at once. */
	signal?: AbortSignal;
}

export interface WaitOutcome {
	task: Task;
	timedOut: boolean;
	polls: number;
	waitedMs: number;
}

/**
 * Polls until the task succeeds or fails, or the timeout passes. Sleeps through n8n's
 * abortable sleep, so a cancelled execution does not keep polling.
 */
export async function waitForCompletion(
	poll: () => Promise<Task>,
	options: WaitOptions,
): Promise<WaitOutcome> {
	const startedAt = Date.now();
	for (let polls = 1; ; polls++) {
		const task = await poll();
		const waitedMs = Date.now() - startedAt;
		if (isFinished(task)) return { task, timedOut: false, polls, waitedMs };

		const remainingMs = options.timeoutMs - waitedMs;
		if (remainingMs <= 0) return { task, timedOut: true, polls, waitedMs };

		const delay = backoffDelay(
			polls,
			options.intervalMs,
			options.backoffFactor,
			options.maxIntervalMs,
		);
		await cancellableSleep(Math.min(delay, remainingMs), options.signal);
	}
}
