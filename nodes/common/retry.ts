import type { IDataObject } from 'n8n-workflow';
import { cancellableSleep } from './sleep';

import { backoffDelay } from './backoff';
import type { HttpReply, RequestFailure } from './http';
import { networkFailureOf, RequestFailedError, TRANSIENT_NETWORK_CODES } from './http';

/**
 * When a call is sent again: transient failures of reads, and replies a vendor declares
 * refused before acting. Everything else is the vendor decoder's to read.
 */

export interface RetryPolicy {
	maxAttempts: number;
	initialDelayMs: number;
	maxDelayMs: number;
}

/** Read-only calls: 4 attempts, 0.5 s, 1 s, 2 s apart (or what Retry-After asks, up to 15 s). */
export const READ_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 4,
	initialDelayMs: 500,
	maxDelayMs: 15000,
};

export interface SendOptions<Body extends string | Buffer> {
	/**
	 * Only idempotent calls (status reads, result downloads) are retried after a network
	 * failure or an HTTP 5xx/429. A create that failed on the wire may still have created the
	 * task, so it is never sent twice.
	 */
	idempotent: boolean;
	retry?: RetryPolicy;
	signal?: AbortSignal;
	/**
	 * A reply the vendor declares transient because it refused the call before doing anything
	 * (a rate limit): sent again under its own policy, creates included.
	 */
	refusedBeforeActing?: {
		test(reply: HttpReply<Body>): boolean;
		retry: RetryPolicy;
		/** Awaited after the backoff, before the refused call is sent again. */
		beforeResend?: () => Promise<void>;
	};
}

/** The reply a call ended with, and how many times it was sent. */
export interface SentReply<Body extends string | Buffer> {
	reply: HttpReply<Body>;
	attempts: number;
}

export function isTransient(failure: RequestFailure): boolean {
	return failure.kind === 'network' && TRANSIENT_NETWORK_CODES.has(failure.code);
}

/** Statuses a server answers when it may answer differently a moment later. */
export function isTransientStatus(statusCode: number): boolean {
	return statusCode === 429 || statusCode >= 500;
}

function retryAfterMs(headers: IDataObject): number | undefined {
	const value = headers['retry-after'];
	const seconds = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
	return await cancellableSleep(ms, signal).then(
		() => true,
		() => false,
	);
}

/**
 * Sends a request built by a vendor transport and returns the reply it ends with, whatever
 * its status: deciding what a reply means is the vendor decoder's job. Transient failures
 * (connection resets, timeouts, HTTP 5xx and 429) of idempotent calls are retried with
 * exponential backoff, honouring Retry-After; replies the vendor declares refused before
 * acting are retried under their own policy. A failure with no reply is thrown as
 * RequestFailedError.
 */
export async function sendWithRetry<Body extends string | Buffer>(
	send: () => Promise<HttpReply<Body>>,
	options: SendOptions<Body>,
): Promise<SentReply<Body>> {
	const policy = options.retry ?? READ_RETRY_POLICY;
	const maxAttempts = options.idempotent ? Math.max(1, policy.maxAttempts) : 1;
	let transientTries = 0;
	let refusedTries = 0;

	for (let attempt = 1; ; attempt++) {
		let reply: HttpReply<Body> | undefined;
		let failure: RequestFailure | undefined;
		try {
			reply = await send();
		} catch (error) {
			failure = options.signal?.aborted
				? { kind: 'cancelled' }
				: (networkFailureOf(error) ?? {
						kind: 'other',
						message: String((error as Error)?.message ?? error),
					});
		}

		let wait: number | undefined;
		let refusedNow = false;
		if (failure) {
			transientTries++;
			if (!isTransient(failure) || transientTries >= maxAttempts) {
				throw new RequestFailedError(failure, attempt);
			}
			wait = backoffDelay(transientTries, policy.initialDelayMs, 2, policy.maxDelayMs);
		} else if (reply && options.refusedBeforeActing?.test(reply)) {
			const refused = options.refusedBeforeActing.retry;
			refusedTries++;
			refusedNow = true;
			if (refusedTries >= refused.maxAttempts) return { reply, attempts: attempt };
			wait = backoffDelay(refusedTries, refused.initialDelayMs, 2, refused.maxDelayMs);
		} else if (reply && isTransientStatus(reply.statusCode)) {
			transientTries++;
			if (transientTries >= maxAttempts) return { reply, attempts: attempt };
			const backoff = backoffDelay(transientTries, policy.initialDelayMs, 2, policy.maxDelayMs);
			const asked = retryAfterMs(reply.headers);
			wait = asked === undefined ? backoff : Math.min(Math.max(asked, backoff), policy.maxDelayMs);
		} else {
			return { reply: reply!, attempts: attempt };
		}

		if (!(await pause(wait, options.signal))) {
			throw new RequestFailedError({ kind: 'cancelled' }, attempt);
		}
		if (refusedNow) await options.refusedBeforeActing?.beforeResend?.();
	}
}
