import { describeFailure, isTransient, networkFailureOf, parseJsonObject, RequestFailedError, sendWithRetry } from '../../nodes/common/http';

const fastRetry = { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 5 };
const reply = (statusCode: number, body = '{}', headers = {}) => ({ statusCode, headers, body });
const socketError = (code: string) => Object.assign(new Error('request failed'), { cause: Object.assign(new Error(code), { code }) });

/** A send function that answers from a script, one entry per call. */
function scripted(...script: Array<ReturnType<typeof reply> | Error>) {
	let calls = 0;
	const send = async () => {
		const next = script[Math.min(calls++, script.length - 1)];
		if (next instanceof Error) throw next;
		return next;
	};
	return { send, calls: () => calls };
}

describe('sendWithRetry', () => {
	test.each([
		['HTTP 500', reply(500)],
		['HTTP 503', reply(503)],
		['HTTP 429', reply(429)],
		['a connection reset', socketError('ECONNRESET')],
		['a timeout', new Error('timeout of 50ms exceeded')],
		['a hung-up socket', new Error('socket hang up')],
	])('retries a read after %s and returns the success', async (_name, failure) => {
		const { send, calls } = scripted(failure, reply(200, '{"ok":true}'));
		expect((await sendWithRetry(send, { idempotent: true, retry: fastRetry })).body).toBe('{"ok":true}');
		expect(calls()).toBe(2);
	});

	test('never sends a create twice', async () => {
		const { send, calls } = scripted(reply(503), reply(200));
		await expect(sendWithRetry(send, { idempotent: false, retry: fastRetry })).rejects.toBeInstanceOf(RequestFailedError);
		expect(calls()).toBe(1);
		const reset = scripted(socketError('ECONNRESET'), reply(200));
		await expect(sendWithRetry(reset.send, { idempotent: false, retry: fastRetry })).rejects.toMatchObject({ failure: { kind: 'network', code: 'ECONNRESET' } });
		expect(reset.calls()).toBe(1);
	});

	test('gives up after the last attempt and reports how many were made', async () => {
		const { send, calls } = scripted(reply(502));
		await expect(sendWithRetry(send, { idempotent: true, retry: fastRetry })).rejects.toMatchObject({ attempts: 4, failure: { statusCode: 502 } });
		expect(calls()).toBe(4);
	});

	test.each([400, 401, 403, 404])('does not retry HTTP %i', async (status) => {
		const { send, calls } = scripted(reply(status), reply(200));
		await expect(sendWithRetry(send, { idempotent: true, retry: fastRetry })).rejects.toMatchObject({ attempts: 1 });
		expect(calls()).toBe(1);
	});

	test('does not retry a refused connection (a wrong URL will not heal)', async () => {
		const { send, calls } = scripted(socketError('ECONNREFUSED'), reply(200));
		await expect(sendWithRetry(send, { idempotent: true, retry: fastRetry })).rejects.toMatchObject({ failure: { code: 'ECONNREFUSED' } });
		expect(calls()).toBe(1);
	});

	test('other errors keep only their words and are not retried', async () => {
		const { send, calls } = scripted(Object.assign(new TypeError('credential could not build headers'), { config: { headers: { secret: 's' } } }));
		await expect(sendWithRetry(send, { idempotent: true, retry: fastRetry })).rejects.toMatchObject({
			failure: { kind: 'other', message: 'credential could not build headers' },
		});
		expect(calls()).toBe(1);
	});

	test('waits as long as Retry-After asks, within the cap', async () => {
		const { send } = scripted(reply(429, '', { 'retry-after': '0.05' }), reply(200));
		const started = Date.now();
		await sendWithRetry(send, { idempotent: true, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1000 } });
		expect(Date.now() - started).toBeGreaterThanOrEqual(45);
	});

	test('stops retrying when the execution is cancelled', async () => {
		const controller = new AbortController();
		const { send, calls } = scripted(reply(503));
		const sending = sendWithRetry(send, { idempotent: true, retry: { maxAttempts: 5, initialDelayMs: 60_000, maxDelayMs: 60_000 }, signal: controller.signal });
		controller.abort(new Error('stopped'));
		await expect(sending).rejects.toMatchObject({ failure: { kind: 'cancelled' } });
		expect(calls()).toBe(1);
	});
});

describe('failure classification', () => {
	test('finds the socket code at any depth of n8n error wrapping', () => {
		const wrapped = { message: 'NodeApiError', cause: { message: 'AxiosError', cause: { code: 'ECONNRESET', message: 'read ECONNRESET' } } };
		expect(networkFailureOf(wrapped)).toEqual({ kind: 'network', code: 'ECONNRESET', message: 'read ECONNRESET' });
		expect(networkFailureOf(new Error('something else'))).toBeUndefined();
	});

	test('transient: 5xx, 429, resets and timeouts; not: 4xx, refused', () => {
		expect(isTransient({ kind: 'status', statusCode: 500, body: '' })).toBe(true);
		expect(isTransient({ kind: 'status', statusCode: 429, body: '' })).toBe(true);
		expect(isTransient({ kind: 'status', statusCode: 404, body: '' })).toBe(false);
		expect(isTransient({ kind: 'network', code: 'ETIMEDOUT', message: '' })).toBe(true);
		expect(isTransient({ kind: 'network', code: 'ECONNREFUSED', message: '' })).toBe(false);
	});

	test('every failure gets words and an action', () => {
		const failures = [
			{ kind: 'status' as const, statusCode: 401, body: '' },
			{ kind: 'status' as const, statusCode: 404, body: '' },
			{ kind: 'status' as const, statusCode: 429, body: '' },
			{ kind: 'status' as const, statusCode: 503, body: '' },
			{ kind: 'status' as const, statusCode: 418, body: '' },
			{ kind: 'network' as const, code: 'ECONNREFUSED', message: '' },
			{ kind: 'network' as const, code: 'ENOTFOUND', message: '' },
			{ kind: 'network' as const, code: 'ETIMEDOUT', message: '' },
			{ kind: 'network' as const, code: 'ECONNRESET', message: '' },
		];
		for (const failure of failures) {
			const { problem, action } = describeFailure(failure, 500);
			expect(problem.length).toBeGreaterThan(5);
			expect(action.length).toBeGreaterThan(5);
		}
		expect(describeFailure({ kind: 'network', code: 'ETIMEDOUT', message: '' }, 500).problem).toContain('500 ms');
	});

	test('parseJsonObject accepts objects only', () => {
		expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
		expect(parseJsonObject('[1]')).toBeUndefined();
		expect(parseJsonObject('{"a":1,')).toBeUndefined();
		expect(parseJsonObject('<html>')).toBeUndefined();
	});
});
