import type { INodeProperties } from 'n8n-workflow';

/** How many items of one node run an operation may have at the vendor at once. */
export interface Concurrency {
	default: number;
	/** The most a user may set: never above what the vendor documents per second. */
	max: number;
}

/**
 * Defaults for a vendor that documents no limit. n8n's HTTP Request node sends every item at
 * once; a vendor that publishes no quota still has one, so reads keep some in flight (20 read
 * 1,000 tasks behind 100 ms of latency in about 6 s; retries on 429 and the vendor's own
 * rate-limit codes cover the rest) and creates fewer, because a failing item ends the run with
 * later items already sent.
 */
export const READ_CONCURRENCY: Concurrency = { default: 20, max: 50 };
export const CREATE_CONCURRENCY: Concurrency = { default: 5, max: 20 };

/** The "Concurrent Items" option of an operation's Options collection. */
export function concurrencyOption(vendor: string, limits: Concurrency): INodeProperties {
	const { default: initial, max } = limits;
	return {
		displayName: 'Concurrent Items',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: max, numberPrecision: 0 },
		default: initial,
		description: `How many items are sent to ${vendor} at the same time (at most ${max}). The output keeps the input order; 1 sends one item after the other.`,
	};
}

/**
 * Calls `run(index)` for every index below `count`, at most `concurrency` at a time, and gives
 * the results by index. Once a result is one to `stopAfter`, or `signal` aborts, no further
 * index starts (those already running finish) and the indexes never started stay undefined.
 * `run` must not throw: it turns failures into results.
 */
export async function runBounded<T>(
	count: number,
	concurrency: number,
	run: (index: number) => Promise<T>,
	stopAfter: (result: T) => boolean,
	signal?: AbortSignal,
): Promise<Array<T | undefined>> {
	const results = new Array<T | undefined>(count);
	let next = 0;
	let stopped = false;
	const lane = async () => {
		while (!stopped && next < count && !signal?.aborted) {
			const index = next++;
			const result = await run(index);
			results[index] = result;
			if (stopAfter(result)) stopped = true;
		}
	};
	const lanes = Math.min(count, Math.max(1, Math.floor(concurrency)));
	await Promise.all(Array.from({ length: lanes }, lane));
	return results;
}
