import {
	accountKey,
	rateLimiterFor,
	SlidingWindowRateLimiter,
} from '../../nodes/common/rateLimiter';

/** Largest number of calls that fall in any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
	return Math.max(
		...times.map(
			(start) => times.filter((time) => time >= start && time < start + windowMs).length,
		),
	);
}

describe('SlidingWindowRateLimiter', () => {
	test('never lets more than the limit through in any window', async () => {
		const limiter = new SlidingWindowRateLimiter(3, 100);
		const times: number[] = [];
		for (let call = 0; call < 10; call++) {
			await limiter.acquire('account');
			times.push(Date.now());
		}
		expect(busiestWindow(times, 100)).toBeLessThanOrEqual(3);
		expect(times[9] - times[0]).toBeGreaterThanOrEqual(300);
	});

	test('calls made at the same time wait their turn', async () => {
		const limiter = new SlidingWindowRateLimiter(2, 80);
		const times: number[] = [];
		await Promise.all(
			Array.from({ length: 6 }, async () => {
				await limiter.acquire('account');
				times.push(Date.now());
			}),
		);
		expect(busiestWindow(times, 80)).toBeLessThanOrEqual(2);
	});

	test('accounts have separate budgets', async () => {
		const limiter = new SlidingWindowRateLimiter(1, 10_000);
		await limiter.acquire('a');
		const started = Date.now();
		await limiter.acquire('b');
		expect(Date.now() - started).toBeLessThan(1000);
	});

	test('a waiting call ends when the execution is cancelled', async () => {
		const limiter = new SlidingWindowRateLimiter(1, 60_000);
		await limiter.acquire('a');
		const controller = new AbortController();
		const waiting = limiter.acquire('a', controller.signal);
		controller.abort(new Error('cancelled'));
		await expect(waiting).rejects.toThrow('cancelled');
	});

	test('a window filled by a refusal holds the next call a whole window', async () => {
		const limiter = new SlidingWindowRateLimiter(5, 150, 0);
		await limiter.acquire('account');
		limiter.fillWindow('account');
		const started = Date.now();
		await limiter.acquire('account');
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		const other = Date.now();
		await limiter.acquire('another account');
		// Not held for the refused account's window (150 ms); a loose bound for a loaded machine.
		expect(Date.now() - other).toBeLessThan(140);
	});

	test('one limiter per vendor API, shared by every caller', () => {
		expect(rateLimiterFor('vendor-x', 20, 10_000)).toBe(rateLimiterFor('vendor-x', 20, 10_000));
		expect(rateLimiterFor('vendor-x', 20, 10_000)).not.toBe(rateLimiterFor('vendor-y', 20, 10_000));
	});

	test('account keys are stable and do not contain the identity', () => {
		expect(accountKey('secret-id-123', 'biz')).toBe(accountKey('secret-id-123', 'biz'));
		expect(accountKey('secret-id-123', 'biz')).not.toContain('secret-id-123');
		expect(accountKey('a', 'b')).not.toBe(accountKey('a', 'c'));
	});
});
