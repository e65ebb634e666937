import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'http';

/** A request as a vendor module sees it: the body is already read. */
export interface SandboxRequest {
	vendor: string;
	method: string;
	/** Path below the vendor's prefix, e.g. /cloud/asr/v1/get_task_status for /neunit/cloud/... */
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
	/** The unread body, for a vendor whose streamsBody asked for it (the body is then empty). */
	stream?: IncomingMessage;
	receivedAt: number;
}

export interface SandboxReply {
	status: number;
	headers?: Record<string, string>;
	body: string | Buffer;
}

export function jsonReply(status: number, value: unknown): SandboxReply {
	return {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8' },
		body: JSON.stringify(value),
	};
}

/** One vendor emulator. Mounted under /<name>/ on the sandbox server. */
export interface VendorModule {
	readonly name: string;
	handle(request: SandboxRequest): Promise<SandboxReply> | SandboxReply;
	/** Vendor-specific control actions: POST /__control/<name>/<action> with a JSON body. */
	control(action: string, body: Record<string, unknown>): unknown | Promise<unknown>;
	reset(): void;
	/** Whether this request's body is handed over unread, as a stream. */
	streamsBody?(method: string, path: string): boolean;
}

export type FaultKind = 'status' | 'slow' | 'reset' | 'malformed';

/** A fault applied to the next `times` requests to a vendor (optionally only to one path). */
export interface Fault {
	vendor: string;
	kind: FaultKind;
	path?: string;
	/** For kind "status": the HTTP status to answer (500, 429, ...). */
	status?: number;
	/** For kind "slow": how long to wait before answering normally. */
	delayMs?: number;
	/** For kind "status" 429: a Retry-After header, in seconds. */
	retryAfterSeconds?: number;
	/** Let this many matching requests through before the fault applies (a failure part-way). */
	skip?: number;
	times: number;
}

export interface RecordedRequest {
	vendor: string;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	body: string;
	receivedAt: number;
	/** Status the sandbox answered, or "reset" when it dropped the connection. */
	answered?: number | 'reset';
	/** When a vendor's answer was sent (not set for injected faults). */
	answeredAt?: number;
}

export type ResponseWriter = ServerResponse;
