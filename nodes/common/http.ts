import type { IDataObject } from 'n8n-workflow';

/** A reply as the vendor decoders see it: status, headers and the body as text or bytes. */
export interface HttpReply<Body extends string | Buffer = string> {
	statusCode: number;
	headers: IDataObject;
	body: Body;
}

/** How a call wants the body: text (JSON APIs) or bytes (downloads), never a parsed object. */
export type BodyType = 'text' | 'bytes';

/** Failures that leave no reply to decode. */
export type RequestFailure =
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
		case 'network':
			return failure.code;
		case 'cancelled':
			return 'cancelled';
		default:
			return failure.message;
	}
}

/** Connection-level failures worth another try: the server dropped or stalled the request. */
export const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
]);
const NETWORK_CODES = [
	...TRANSIENT_NETWORK_CODES,
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
];

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
			if (/timeout of \d+ms exceeded/i.test(message))
				return { kind: 'network', code: 'ETIMEDOUT', message };
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Normalises what httpRequest returns with returnFullResponse and text or arraybuffer encoding. */
export function toHttpReply(response: unknown, bodyType: 'bytes'): HttpReply<Buffer>;
export function toHttpReply(response: unknown, bodyType?: 'text'): HttpReply<string>;
export function toHttpReply(
	response: unknown,
	bodyType: BodyType = 'text',
): HttpReply<string | Buffer> {
	const { statusCode, headers, body } = response as {
		statusCode: number;
		headers?: IDataObject;
		body?: unknown;
	};
	let bytes: Buffer;
	if (Buffer.isBuffer(body)) bytes = body;
	else if (body instanceof ArrayBuffer) bytes = Buffer.from(body);
	else if (typeof body === 'string') bytes = Buffer.from(body, 'utf8');
	else if (body === undefined || body === null) bytes = Buffer.alloc(0);
	else bytes = Buffer.from(JSON.stringify(body), 'utf8');
	const text = typeof body === 'string' ? body : undefined;
	return {
		statusCode,
		headers: headers ?? {},
		body: bodyType === 'bytes' ? bytes : (text ?? bytes.toString('utf8')),
	};
}

/** A reply's body as text, whichever way it was asked for. */
export function replyText(reply: HttpReply<string | Buffer>): string {
	return typeof reply.body === 'string' ? reply.body : reply.body.toString('utf8');
}

/**
 * Human words for a failure: what happened and what the user can do. Socket codes go in the
 * action, not the problem: NodeApiError replaces any message that contains one with
 * n8n's generic text, which would lose the vendor's name and the attempt count.
 */
export interface FailureWords {
	problem: string;
	action: string;
	httpCode?: number;
}

export function describeFailure(failure: RequestFailure, timeoutMs?: number): FailureWords {
	if (failure.kind === 'cancelled')
		return { problem: 'request was cancelled', action: 'The execution was stopped.' };
	if (failure.kind === 'other')
		return {
			problem: `request could not be made: ${failure.message}`,
			action: 'Check the credential and the node parameters.',
		};
	const code = ` (network error ${failure.code})`;
	switch (failure.code) {
		case 'ECONNREFUSED':
			return {
				problem: 'refused the connection',
				action: `Check the base URL and port in the credential, and that the service is running${code}.`,
			};
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return {
				problem: 'could not be found: its host name does not resolve',
				action: `Check the base URL in the credential and the DNS of the n8n host${code}.`,
			};
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
		case 'ESOCKETTIMEDOUT':
			return {
				problem: `did not answer${timeoutMs ? ` within ${timeoutMs} ms` : ' in time'}`,
				action: `The service is slow or unreachable; raise the request timeout or try again later${code}.`,
			};
		default:
			return {
				problem: 'closed the connection before answering',
				action: `A network device or the service dropped the request; try again later${code}.`,
			};
	}
}

/** Human words for an HTTP status that no vendor decoder recognised as its API's reply. */
export function describeStatus(statusCode: number): FailureWords {
	if (statusCode === 401 || statusCode === 403) {
		return {
			problem: `refused the credentials (HTTP ${statusCode})`,
			action: 'Check the keys or headers in the credential.',
			httpCode: statusCode,
		};
	}
	if (statusCode === 404) {
		return {
			problem: 'answered HTTP 404 (not found)',
			action: 'Check the base URL in the credential: the API path does not exist there.',
			httpCode: statusCode,
		};
	}
	if (statusCode === 429) {
		return {
			problem: 'answered HTTP 429 (too many requests)',
			action: 'Fewer calls per second: lower the batch size, or run fewer executions at once.',
			httpCode: statusCode,
		};
	}
	if (statusCode >= 500) {
		return {
			problem: `answered HTTP ${statusCode} (server error)`,
			action: "The vendor's service is failing; try again later.",
			httpCode: statusCode,
		};
	}
	return {
		problem: `answered HTTP ${statusCode}`,
		action: 'Check the request parameters.',
		httpCode: statusCode,
	};
}

/** Parses a reply body that must be a JSON object; undefined when it is not. */
export function parseJsonObject(body: string): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(body);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}
