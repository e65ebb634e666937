import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { backoffDelay } from './backoff';

/** A reply as the vendor transports see it: status, headers and the body as text. */
export interface HttpReply {
	statusCode: number;
	headers: IDataObject;
	body: string;
}

export type RequestFailure =
	| { kind: 'status'; statusCode: number; body: string; retryAfterMs?: number }
	| { kind: 'network'; code: string; message: string }
	/** The execution was stopped while the request or its retry delay was under way. */
	| { kind: 'cancelled' }
	/** Anything else the HTTP helper threw (a credential that cannot sign, say): only its words are kept. */
	| { kind: 'other'; message: string };

/** Thrown when a request failed for good; carries what went wrong, never the request. */
export class RequestFailedError extends Error {
	constructor(
		readonly failure: RequestFailure,
		readonly attempts: number,
	) {
		super(failureSummary(failure));
		this.name = 'RequestFailedError';
	}
}

function failureSummary(failure: RequestFailure): string {
	switch (failure.kind) {
		case 'status':
			return `HTTP ${failure.statusCode}`;
		case 'network':
			return failure.code;
		case 'cancelled':
			return 'cancelled';
		default:
			return failure.message;
	}
}

export interface RetryPolicy {
	maxAttempts: number;
	initialDelayMs: number;
	maxDelayMs: number;
}

/** Read-only calls: 4 attempts, 0.5 s, 1 s, 2 s apart (or what Retry-After asks, up to 15 s). */
export const READ_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, initialDelayMs: 500, maxDelayMs: 15000 };

export interface SendOptions {
	/**
	 * Only idempotent calls (status reads, result downloads) are retried. A create that
	 * failed on the wire may still have created the task, so it is never sent twice.
	 */
	idempotent: boolean;
	retry?: RetryPolicy;
	signal?: AbortSignal;
}

/** Connection-level failures worth another try: the server dropped or stalled the request. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ESOCKETTIMEDOUT']);
const NETWORK_CODES = [...TRANSIENT_NETWORK_CODES, 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

export function isTransient(failure: RequestFailure): boolean {
	if (failure.kind === 'network') return TRANSIENT_NETWORK_CODES.has(failure.code);
	if (failure.kind === 'status') return failure.statusCode === 429 || failure.statusCode >= 500;
	return false;
}

/**
 * n8n wraps transport errors (NodeApiError around an AxiosError around a socket error);
 * the code we need may sit at any depth, or only in the message ("socket hang up").
 */
export function networkFailureOf(error: unknown): RequestFailure | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const { code, message } = current as { code?: unknown; message?: unknown };
		if (typeof code === 'string' && NETWORK_CODES.includes(code)) {
			return { kind: 'network', code, message: typeof message === 'string' ? message : code };
		}
		if (typeof message === 'string') {
			if (/socket hang up/i.test(message)) return { kind: 'network', code: 'ECONNRESET', message };
			if (/timeout of \d+ms exceeded/i.test(message)) return { kind: 'network', code: 'ETIMEDOUT', message };
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function retryAfterMs(headers: IDataObject): number | undefined {
	const value = headers['retry-after'];
	const seconds = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Normalises what httpRequest returns with returnFullResponse and text encoding. */
export function toHttpReply(response: unknown): HttpReply {
	const { statusCode, headers, body } = response as { statusCode: number; headers?: IDataObject; body?: unknown };
	let text: string;
	if (typeof body === 'string') text = body;
	else if (body === undefined || body === null) text = '';
	else if (Buffer.isBuffer(body)) text = body.toString('utf8');
	else text = JSON.stringify(body);
	return { statusCode, headers: headers ?? {}, body: text };
}

/**
 * Sends a request built by a vendor transport and returns its 2xx reply. Transient failures
 * (HTTP 5xx, 429, connection resets, timeouts) of idempotent calls are retried with
 * exponential backoff; anything else is thrown as RequestFailedError at once.
 */
export async function sendWithRetry(send: () => Promise<unknown>, options: SendOptions): Promise<HttpReply> {
	const policy = options.retry ?? READ_RETRY_POLICY;
	const maxAttempts = options.idempotent ? Math.max(1, policy.maxAttempts) : 1;

	for (let attempt = 1; ; attempt++) {
		let failure: RequestFailure;
		try {
			const reply = toHttpReply(await send());
			if (reply.statusCode >= 200 && reply.statusCode < 300) return reply;
			failure = {
				kind: 'status',
				statusCode: reply.statusCode,
				body: reply.body,
				retryAfterMs: retryAfterMs(reply.headers),
			};
		} catch (error) {
			failure = options.signal?.aborted
				? { kind: 'cancelled' }
				: (networkFailureOf(error) ?? { kind: 'other', message: String((error as Error)?.message ?? error) });
		}

		if (attempt >= maxAttempts || !isTransient(failure)) throw new RequestFailedError(failure, attempt);
		const backoff = backoffDelay(attempt, policy.initialDelayMs, 2, policy.maxDelayMs);
		const wait = failure.kind === 'status' && failure.retryAfterMs !== undefined
			? Math.min(Math.max(failure.retryAfterMs, backoff), policy.maxDelayMs)
			: backoff;
		const slept = await sleep(wait, options.signal).then(
			() => true,
			() => false,
		);
		if (!slept) throw new RequestFailedError({ kind: 'cancelled' }, attempt);
	}
}

/**
 * Human words for a failure: what happened and what the user can do. Socket codes go in the
 * action, not the problem: NodeApiError replaces any message that contains one with
 * n8n's generic text, which would lose the vendor's name and the attempt count.
 */
export function describeFailure(failure: RequestFailure, timeoutMs?: number): { problem: string; action: string; httpCode?: number } {
	if (failure.kind === 'cancelled') return { problem: 'request was cancelled', action: 'The execution was stopped.' };
	if (failure.kind === 'other') return { problem: `request could not be made: ${failure.message}`, action: 'Check the credential and the node parameters.' };
	if (failure.kind === 'network') {
		const code = ` (network error ${failure.code})`;
		switch (failure.code) {
			case 'ECONNREFUSED':
				return { problem: 'refused the connection', action: `Check the base URL and port in the credential, and that the service is running${code}.` };
			case 'ENOTFOUND':
			case 'EAI_AGAIN':
				return { problem: 'could not be found: its host name does not resolve', action: `Check the base URL in the credential and the DNS of the n8n host${code}.` };
			case 'ETIMEDOUT':
			case 'ECONNABORTED':
			case 'ESOCKETTIMEDOUT':
				return {
					problem: `did not answer${timeoutMs ? ` within ${timeoutMs} ms` : ' in time'}`,
					action: `The service is slow or unreachable; raise the request timeout or try again later${code}.`,
				};
			default:
				return { problem: 'closed the connection before answering', action: `A network device or the service dropped the request; try again later${code}.` };
		}
	}
	const { statusCode } = failure;
	if (statusCode === 401 || statusCode === 403) {
		return { problem: `refused the credentials (HTTP ${statusCode})`, action: 'Check the keys or headers in the credential.', httpCode: statusCode };
	}
	if (statusCode === 404) {
		return { problem: 'answered HTTP 404 (not found)', action: 'Check the base URL in the credential: the API path does not exist there.', httpCode: statusCode };
	}
	if (statusCode === 429) {
		return { problem: 'answered HTTP 429 (too many requests)', action: 'Fewer calls per second: lower the batch size, or run fewer executions at once.', httpCode: statusCode };
	}
	if (statusCode >= 500) {
		return { problem: `answered HTTP ${statusCode} (server error)`, action: "The vendor's service is failing; try again later.", httpCode: statusCode };
	}
	return { problem: `answered HTTP ${statusCode}`, action: 'Check the request parameters.', httpCode: statusCode };
}

/** Parses a reply body that must be a JSON object; undefined when it is not. */
export function parseJsonObject(body: string): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(body);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}
