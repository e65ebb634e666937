import { createHash } from 'crypto';
import { cancellableSleep } from './sleep';

/**
 * Calls reach the vendor a little after they are admitted here; a vendor counting arrivals
 * must never see limit + 1 in its window, so each call holds its slot this much longer.
 */
export const DEFAULT_SAFETY_MARGIN_MS = 50;

/**
 * At most `limit` calls in any window of `windowMs` per key, where a key stands for one
 * vendor account. State lives in this module, so every execution in this n8n process that
 * uses the same account shares the budget (separate queue-mode workers do not).
 */
export class SlidingWindowRateLimiter {
	private readonly callsByKey = new Map<string, number[]>();

	private readonly heldMs: number;

	constructor(
		readonly limit: number,
		readonly windowMs: number,
		safetyMarginMs = DEFAULT_SAFETY_MARGIN_MS,
	) {
		this.heldMs = windowMs + safetyMarginMs;
	}

	/** Resolves when a call may be made, and counts it. */
	async acquire(key: string, signal?: AbortSignal): Promise<void> {
		for (;;) {
			const now = Date.now();
			const calls = this.recentCalls(key, now);
			if (calls.length < this.limit) {
				calls.push(now);
				this.callsByKey.set(key, calls);
				return;
			}
			await cancellableSleep(calls[0] + this.heldMs - now + 1, signal);
		}
	}

	/**
	 * Counts the window as full from now: the vendor refused a call because others (other
	 * n8n processes, other clients of the account) used the budget this limiter cannot see.
	 */
	fillWindow(key: string, now = Date.now()): void {
		this.callsByKey.set(key, Array<number>(this.limit).fill(now));
	}

	private recentCalls(key: string, now: number): number[] {
		const calls = this.callsByKey.get(key) ?? [];
		const firstInWindow = calls.findIndex((time) => time > now - this.heldMs);
		const recent = firstInWindow === -1 ? [] : calls.slice(firstInWindow);
		if (recent.length === 0) this.callsByKey.delete(key);
		return recent;
	}
}

const limiters = new Map<string, SlidingWindowRateLimiter>();

/** The shared limiter of one vendor API; created on first use with that API's limit. */
export function rateLimiterFor(
	name: string,
	limit: number,
	windowMs: number,
	safetyMarginMs = DEFAULT_SAFETY_MARGIN_MS,
): SlidingWindowRateLimiter {
	let limiter = limiters.get(name);
	if (!limiter) {
		limiter = new SlidingWindowRateLimiter(limit, windowMs, safetyMarginMs);
		limiters.set(name, limiter);
	}
	return limiter;
}

/** A key for one account that does not keep its identifiers in memory as plain text. */
export function accountKey(...identity: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}
