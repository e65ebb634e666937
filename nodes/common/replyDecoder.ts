import type { IDataObject } from 'n8n-workflow';

import type { HttpReply } from './http';
import { parseJsonObject, replyText } from './http';

/** A vendor's business error, read from its reply: explained from its code table. */
export interface VendorError {
	code: string | number;
	message?: string;
	requestId?: string;
}

/** What a decoder makes of a reply: the body the caller wants, or the vendor's error. */
export type Decoded<Result> = { body: Result } | { error: VendorError };

/**
 * Reads one reply of a vendor's API, whatever its HTTP status: returns the body, or the
 * vendor's error, or undefined when the reply is not this API's at all (a proxy's error page,
 * a wrong base URL), which the caller then reports by its HTTP status.
 */
export type ReplyDecoder<Result, Body extends string | Buffer = string> = (
	reply: HttpReply<Body>,
) => Decoded<Result> | undefined;

/** Where a JSON envelope keeps its business code, and which code means success. */
export interface JsonEnvelope {
	codeKey: string;
	messageKey: string;
	requestIdKey?: string;
	successCode: number | string;
	/**
	 * 'ok': the vendor answers every API call with HTTP 2xx and a code inside, so another
	 * status is a gateway's, not the API's. 'any': its API answers errors with 4xx/5xx too.
	 */
	statuses: 'ok' | 'any';
}

function scalar(value: unknown): string | undefined {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * The decoder of the common JSON shape `{<code>: …, <message>: …, …}`: the whole object when
 * the code is the success code, else the vendor's error. A reply without a code of the
 * success code's type is not an API reply.
 */
export function jsonEnvelopeDecoder<Body extends string | Buffer = string>(
	envelope: JsonEnvelope,
): ReplyDecoder<IDataObject, Body> {
	return (reply) => {
		const ok = reply.statusCode >= 200 && reply.statusCode < 300;
		if (envelope.statuses === 'ok' && !ok) return undefined;
		const body = parseJsonObject(replyText(reply));
		const code = body?.[envelope.codeKey];
		if (!body || typeof code !== typeof envelope.successCode) return undefined;
		if (code === envelope.successCode) return { body };
		return {
			error: {
				code: code as string | number,
				message: scalar(body[envelope.messageKey]),
				requestId: envelope.requestIdKey ? scalar(body[envelope.requestIdKey]) : undefined,
			},
		};
	};
}
