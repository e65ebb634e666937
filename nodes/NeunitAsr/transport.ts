import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { scrubSecrets, transportError, vendorCodeError } from '../common/errors';
import { cancellationError } from '../common/execute';
import { describeFailure, parseJsonObject, RequestFailedError, sendWithRetry } from '../common/http';
import { NEUNIT_ERROR_CODES, VENDOR } from './mapping';

export const CREDENTIAL_TYPE = 'neunitAsrApi';

/** Default per-request timeout; the node's "Request Timeout" option overrides it. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30000;

/** Neunit's reply envelope: `code` 0 is success, anything else a business error. */
export interface NeunitReply {
	rid?: string;
	code: number;
	msg?: string;
	data?: IDataObject | null;
}

export interface NeunitRequestOptions {
	itemIndex: number;
	/** Only read-only calls are retried on transient failures. */
	idempotent: boolean;
	timeoutMs?: number;
}

function joinUrl(baseUrl: string, path: string): string {
	return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Sends one JSON POST to Neunit and returns the reply once its business code is 0. */
export async function neunitApiRequest(
	this: IExecuteFunctions,
	path: string,
	body: IDataObject,
	options: NeunitRequestOptions,
): Promise<NeunitReply> {
	const { itemIndex } = options;
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const secrets = [credentials.apiKey, credentials.extraSecretHeaders];
	const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
	const signal = this.getExecutionCancelSignal();

	let replyBody: string;
	try {
		const reply = await sendWithRetry(
			async () =>
				await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
					method: 'POST',
					url: joinUrl(String(credentials.baseUrl), path),
					body,
					json: true,
					// Parse the body ourselves: a malformed reply must be an error, not a string.
					encoding: 'text',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: timeoutMs,
					abortSignal: signal,
				}),
			{ idempotent: options.idempotent, signal },
		);
		replyBody = reply.body;
	} catch (error) {
		if (!(error instanceof RequestFailedError)) throw new NodeOperationError(this.getNode(), scrubSecrets(String(error?.message ?? error), secrets), { itemIndex });
		if (error.failure.kind === 'cancelled') throw cancellationError.call(this);
		if (error.failure.kind === 'other') {
			// A credential that cannot build its headers, say: keep its words, never the request.
			throw new NodeOperationError(this.getNode(), scrubSecrets(error.failure.message, secrets), { itemIndex });
		}
		throw transportError(this.getNode(), {
			vendor: VENDOR,
			...describeFailure(error.failure, timeoutMs),
			attempts: error.attempts,
			itemIndex,
			secrets,
		});
	}

	const reply = parseJsonObject(replyBody);
	if (!reply || typeof reply.code !== 'number') {
		throw transportError(this.getNode(), {
			vendor: VENDOR,
			problem: 'answered with something that is not a Neunit API reply (not JSON, or no numeric "code")',
			action: 'Check the base URL in the credential; if it is right, the service is misbehaving: try again later.',
			itemIndex,
			secrets,
		});
	}
	if (reply.code !== 0) {
		throw vendorCodeError(this.getNode(), {
			vendor: VENDOR,
			code: reply.code,
			vendorMessage: typeof reply.msg === 'string' ? reply.msg : undefined,
			requestId: typeof reply.rid === 'string' ? reply.rid : undefined,
			table: NEUNIT_ERROR_CODES,
			itemIndex,
			secrets,
		});
	}
	return reply as unknown as NeunitReply;
}
