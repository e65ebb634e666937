import {
	describeFailure,
	describeStatus,
	networkFailureOf,
	parseJsonObject,
} from '../../nodes/common/http';
import { isTransient, isTransientStatus, sendWithRetry } from '../../nodes/common/retry';

const fastRetry = { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 5 };
const reply = (statusCode: number, body = '{}', headers = {}) => ({ statusCode, headers, body });
const socketError = (code: string) =>
	Object.assign(new Error('request failed'), { cause: Object.assign(new Error(code), { code }) });

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
		expect((await sendWithRetry(send, { idempotent: true, retry: fastRetry })).reply.body).toBe(
			'{"ok":true}',
		);
		expect(calls()).toBe(2);
	});

	test('never sends a create twice', async () => {
		const { send, calls } = scripted(reply(503), reply(200));
		await expect(
			sendWithRetry(send, { idempotent: false, retry: fastRetry }),
		).resolves.toMatchObject({ attempts: 1, reply: { statusCode: 503 } });
		expect(calls()).toBe(1);
		const reset = scripted(socketError('ECONNRESET'), reply(200));
		await expect(
			sendWithRetry(reset.send, { idempotent: false, retry: fastRetry }),
		).rejects.toMatchObject({ failure: { kind: 'network', code: 'ECONNRESET' } });
		expect(reset.calls()).toBe(1);
	});

	test('after the last attempt hands over the last reply (for the vendor decoder) and how many were made', async () => {
		const { send, calls } = scripted(reply(502, '{"error_code":"X.500"}'));
		await expect(
			sendWithRetry(send, { idempotent: true, retry: fastRetry }),
		).resolves.toMatchObject({
			attempts: 4,
			reply: { statusCode: 502, body: '{"error_code":"X.500"}' },
		});
		expect(calls()).toBe(4);
	});

	test.each([400, 401, 403, 404])(
		'does not retry HTTP %i, and hands the reply over as it is',
		async (status) => {
			const { send, calls } = scripted(reply(status, '{"error_code":"AIS.0030"}'), reply(200));
			await expect(
				sendWithRetry(send, { idempotent: true, retry: fastRetry }),
			).resolves.toMatchObject({ attempts: 1, reply: { statusCode: status } });
			expect(calls()).toBe(1);
		},
	);

	test('a reply the vendor declares refused before acting is sent again, even for a create', async () => {
		const { send, calls } = scripted(
			reply(200, '{"code":411}'),
			reply(200, '{"code":411}'),
			reply(200, '{"code":200}'),
		);
		const refusedBeforeActing = {
			test: (candidate: { body: string }) => candidate.body.includes('411'),
			retry: fastRetry,
		};
		await expect(
			sendWithRetry(send, { idempotent: false, retry: fastRetry, refusedBeforeActing }),
		).resolves.toMatchObject({ attempts: 3, reply: { body: '{"code":200}' } });
		expect(calls()).toBe(3);
		const always = scripted(reply(200, '{"code":411}'));
		await expect(
			sendWithRetry(always.send, { idempotent: false, refusedBeforeActing }),
		).resolves.toMatchObject({ attempts: 4 });
	});

	test('a refused call awaits beforeResend before each resend, and only then', async () => {
		const { send } = scripted(
			reply(200, '{"code":411}'),
			reply(200, '{"code":411}'),
			reply(200, '{"code":200}'),
		);
		const events: string[] = [];
		const sent = async () => {
			events.push('send');
			return await send();
		};
		await sendWithRetry(sent, {
			idempotent: false,
			refusedBeforeActing: {
				test: (candidate: { body: string }) => candidate.body.includes('411'),
				retry: fastRetry,
				beforeResend: async () => {
					events.push('beforeResend');
				},
			},
		});
		expect(events).toEqual(['send', 'beforeResend', 'send', 'beforeResend', 'send']);
	});

	test('does not retry a refused connection (a wrong URL will not heal)', async () => {
		const { send, calls } = scripted(socketError('ECONNREFUSED'), reply(200));
		await expect(sendWithRetry(send, { idempotent: true, retry: fastRetry })).rejects.toMatchObject(
			{ failure: { code: 'ECONNREFUSED' } },
		);
		expect(calls()).toBe(1);
	});

	test('other errors keep only their words and are not retried', async () => {
		const { send, calls } = scripted(
			Object.assign(new TypeError('credential could not build headers'), {
				config: { headers: { secret: 's' } },
			}),
		);
		await expect(sendWithRetry(send, { idempotent: true, retry: fastRetry })).rejects.toMatchObject(
			{
				failure: { kind: 'other', message: 'credential could not build headers' },
			},
		);
		expect(calls()).toBe(1);
	});

	test('waits as long as Retry-After asks, within the cap', async () => {
		const { send } = scripted(reply(429, '', { 'retry-after': '0.05' }), reply(200));
		const started = Date.now();
		await sendWithRetry(send, {
			idempotent: true,
			retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1000 },
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(45);
	});

	test('stops retrying when the execution is cancelled', async () => {
		const controller = new AbortController();
		const { send, calls } = scripted(reply(503));
		const sending = sendWithRetry(send, {
			idempotent: true,
			retry: { maxAttempts: 5, initialDelayMs: 60_000, maxDelayMs: 60_000 },
			signal: controller.signal,
		});
		controller.abort(new Error('stopped'));
		await expect(sending).rejects.toMatchObject({ failure: { kind: 'cancelled' } });
		expect(calls()).toBe(1);
	});
});

describe('failure classification', () => {
	test('finds the socket code at any depth of n8n error wrapping', () => {
		const wrapped = {
			message: 'NodeApiError',
			cause: { message: 'AxiosError', cause: { code: 'ECONNRESET', message: 'read ECONNRESET' } },
		};
		expect(networkFailureOf(wrapped)).toEqual({
			kind: 'network',
			code: 'ECONNRESET',
			message: 'read ECONNRESET',
		});
		expect(networkFailureOf(new Error('something else'))).toBeUndefined();
	});

	test('transient: 5xx, 429, resets and timeouts; not: 4xx, refused', () => {
		expect(isTransientStatus(500)).toBe(true);
		expect(isTransientStatus(429)).toBe(true);
		expect(isTransientStatus(404)).toBe(false);
		expect(isTransient({ kind: 'network', code: 'ETIMEDOUT', message: '' })).toBe(true);
		expect(isTransient({ kind: 'network', code: 'ECONNREFUSED', message: '' })).toBe(false);
	});

	test('every failure gets words and an action', () => {
		for (const status of [401, 404, 429, 503, 418]) {
			const { problem, action, httpCode } = describeStatus(status);
			expect(problem).toContain(String(status));
			expect(action.length).toBeGreaterThan(5);
			expect(httpCode).toBe(status);
		}
		const failures = [
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
		expect(
			describeFailure({ kind: 'network', code: 'ETIMEDOUT', message: '' }, 500).problem,
		).toContain('500 ms');
	});

	test('parseJsonObject accepts objects only', () => {
		expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
		expect(parseJsonObject('[1]')).toBeUndefined();
		expect(parseJsonObject('{"a":1,')).toBeUndefined();
		expect(parseJsonObject('<html>')).toBeUndefined();
	});
});
