import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { VendorCodeTable } from './errors';
import { scrubSecrets, transportError, vendorCodeError } from './errors';
import { cancellationError } from './execute';
import type { HttpReply } from './http';
import { describeFailure, parseJsonObject, RequestFailedError, sendWithRetry } from './http';

/** The contexts a vendor call is made from: a node's execute, or a polling trigger's poll. */
export type RequestContext = IExecuteFunctions | IPollFunctions;

/** The execution's cancel signal; a poll has none. */
export function cancelSignalOf(context: RequestContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/** Default per-request timeout; a node's "Request Timeout" option overrides it. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30000;

export interface VendorCall {
	/** Display name used in errors, e.g. "Neunit ASR". */
	vendor: string;
	credentialType: string;
	itemIndex: number;
	/** Read-only calls are retried on transient failures; creates never are. */
	idempotent: boolean;
	timeoutMs?: number;
	/** Credential values that must never reach an error. */
	secrets: readonly unknown[];
}

/**
 * Sends one request through the credential (so it is signed) and returns the reply as text,
 * whatever its status. Network failures, HTTP errors after retries and cancellations become
 * n8n errors that name the vendor and never carry the request.
 */
export async function sendVendorRequest(this: RequestContext, request: IHttpRequestOptions, call: VendorCall): Promise<HttpReply> {
	const timeoutMs = call.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
	const signal = cancelSignalOf(this);
	const helpers = this.helpers as IExecuteFunctions['helpers'];
	try {
		return await sendWithRetry(
			async () =>
				await helpers.httpRequestWithAuthentication.call(this as IExecuteFunctions, call.credentialType, {
					...request,
					// Parse the body ourselves: a malformed reply must be an error, not a string.
					encoding: 'text',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: timeoutMs,
					abortSignal: signal,
				}),
			{ idempotent: call.idempotent, signal },
		);
	} catch (error) {
		if (!(error instanceof RequestFailedError)) {
			throw new NodeOperationError(this.getNode(), scrubSecrets(String(error?.message ?? error), call.secrets), { itemIndex: call.itemIndex });
		}
		if (error.failure.kind === 'cancelled') throw cancellationError.call(this as IExecuteFunctions);
		if (error.failure.kind === 'other') {
			// A credential that cannot sign, say: keep its words, never the request.
			throw new NodeOperationError(this.getNode(), scrubSecrets(error.failure.message, call.secrets), { itemIndex: call.itemIndex });
		}
		throw transportError(this.getNode(), {
			vendor: call.vendor,
			...describeFailure(error.failure, timeoutMs),
			attempts: error.attempts,
			itemIndex: call.itemIndex,
			secrets: call.secrets,
		});
	}
}

/** Where a vendor's JSON envelope keeps its business code, message and request id. */
export interface BusinessEnvelope {
	codeKey: string;
	messageKey: string;
	requestIdKey?: string;
	successCode: number;
	table: VendorCodeTable;
}

/**
 * Parses a vendor's JSON reply and returns it when its business code is the success code;
 * any other code is an error with the vendor's documented meaning.
 */
export function parseBusinessReply(this: RequestContext, reply: HttpReply, envelope: BusinessEnvelope, call: VendorCall): IDataObject {
	const body = parseJsonObject(reply.body);
	const code = body?.[envelope.codeKey];
	if (!body || typeof code !== 'number') {
		throw transportError(this.getNode(), {
			vendor: call.vendor,
			problem: `answered with something that is not a ${call.vendor} API reply (HTTP ${reply.statusCode}, not JSON or no numeric "${envelope.codeKey}")`,
			action: 'Check the base URL in the credential; if it is right, the service is misbehaving: try again later.',
			httpCode: reply.statusCode >= 400 ? reply.statusCode : undefined,
			itemIndex: call.itemIndex,
			secrets: call.secrets,
		});
	}
	if (code !== envelope.successCode) {
		const message = body[envelope.messageKey];
		const requestId = envelope.requestIdKey ? body[envelope.requestIdKey] : undefined;
		throw vendorCodeError(this.getNode(), {
			vendor: call.vendor,
			code,
			vendorMessage: typeof message === 'string' ? message : undefined,
			requestId: typeof requestId === 'string' || typeof requestId === 'number' ? String(requestId) : undefined,
			table: envelope.table,
			itemIndex: call.itemIndex,
			secrets: call.secrets,
		});
	}
	return body;
}
