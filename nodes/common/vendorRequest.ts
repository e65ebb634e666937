import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { VendorCodeTable } from './errors';
import {
	cancellationError,
	cancelSignalOf,
	nodeError,
	scrubSecrets,
	transportError,
	vendorCodeError,
} from './errors';
import { credentialsOfRun, secretsOf } from './credentialsOfRun';
import type { BodyType, HttpReply } from './http';
import { describeFailure, describeStatus, RequestFailedError, toHttpReply } from './http';
import type { RetryPolicy } from './retry';
import { sendWithRetry } from './retry';
import type { ReplyDecoder } from './replyDecoder';
import { responseOfHttpError, sendRenewingSession } from './sessionRequest';

/** The contexts a vendor call is made from: a node's execute, or a polling trigger's poll. */
export type RequestContext = IExecuteFunctions | IPollFunctions;

/** Default per-request timeout; a node's "Request Timeout" option overrides it. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30000;

/** What the core needs to know of a vendor's API, written once in the vendor's transport. */
export interface VendorApi {
	/** The vendor's display name, as errors name it. */
	vendor: string;
	credentialType: string;
	/** The vendor's business codes: what each means and what to do. */
	codes: VendorCodeTable;
	/** What an error says of a code not in `codes`, for a vendor that publishes no list. */
	unlistedCode?: string;
	/**
	 * Credential fields whose values must never reach an error. A field holding a JSON object
	 * (extra headers, say) has its values scrubbed too.
	 */
	secretFields: readonly string[];
	/**
	 * Codes with which the vendor refuses a call before doing anything (a rate limit): the call
	 * is sent again under this policy, creates included, since nothing was done.
	 */
	refusedBeforeActing?: { codes: ReadonlyArray<string | number>; retry: RetryPolicy };
	/**
	 * The credential renews a session token when a call is refused with HTTP 401: n8n then runs
	 * its preAuthentication again and sends the call once more, but only for a reply that
	 * reaches it as an error. Such calls let n8n throw on HTTP errors; the reply is read back
	 * from the error.
	 */
	renewsOnHttp401?: boolean;
	/**
	 * The credential type's own `authenticate`. With it, a node run reads the credential once
	 * and signs every call with it, where n8n's httpRequestWithAuthentication reads it from the
	 * database and decrypts it on every call (a cost the Code-node baselines of
	 * bench/RESULTS.md, which hold their secrets in plain text, do not pay). Not for a
	 * credential that renews a session (`renewsOnHttp401`): only n8n's path runs its
	 * preAuthentication.
	 */
	authenticate?: (
		credentials: ICredentialDataDecryptedObject,
		request: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	/**
	 * Codes that mean "try again later" (a per-second limit, an internal failure): reads are
	 * sent again under this policy; creates are not, since the vendor may have acted. A code
	 * matches itself and its sub-codes (`InternalError` matches `InternalError.DbError`).
	 */
	transientForReads?: { codes: readonly string[]; retry: RetryPolicy };
}

const matchesCode = (code: string | number, codes: readonly (string | number)[]) =>
	codes.some((listed) => code === listed || String(code).startsWith(`${String(listed)}.`));

export interface VendorCall<Result, Body extends string | Buffer = string> {
	itemIndex: number;
	/** Read-only calls are retried on transient failures; creates never are. */
	idempotent: boolean;
	timeoutMs?: number;
	/** Turns the reply into the result, or the vendor's error. */
	decode: ReplyDecoder<Result, Body>;
	/**
	 * The URL carries its own authorization (a presigned file URL on another host): sent
	 * without the credential, whose token must not reach that host.
	 */
	anonymous?: boolean;
	/**
	 * For a call the vendor refused before acting: its own resend policy, and what to await
	 * before each resend (e.g. a limiter told the vendor's window is full).
	 */
	whenRefused?: { retry: RetryPolicy; beforeResend: () => Promise<void> };
}

/**
 * Sends one request through the credential (so it is signed) and returns what the vendor's
 * decoder makes of the reply. Network failures, replies that are no API reply, vendor errors
 * and cancellations become n8n errors that name the vendor and never carry the request.
 */
export async function vendorRequest<Result>(
	context: RequestContext,
	api: VendorApi,
	request: IHttpRequestOptions,
	call: VendorCall<Result, string>,
): Promise<Result> {
	return await callVendor(context, api, request, call, 'text');
}

/** As vendorRequest, with the reply's body as bytes (a file download), never decoded as text. */
export async function vendorDownload<Result>(
	context: RequestContext,
	api: VendorApi,
	request: IHttpRequestOptions,
	call: VendorCall<Result, Buffer>,
): Promise<Result> {
	return await callVendor(context, api, request, call, 'bytes');
}

async function callVendor<Result, Body extends string | Buffer>(
	context: RequestContext,
	api: VendorApi,
	request: IHttpRequestOptions,
	call: VendorCall<Result, Body>,
	bodyType: BodyType,
): Promise<Result> {
	const timeoutMs = call.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
	const signal = cancelSignalOf(context);
	const helpers = context.helpers as IExecuteFunctions['helpers'];
	// Replies sent again: those refused before the vendor acted, and, for reads, transient ones.
	const retried = [
		...(api.refusedBeforeActing ? [api.refusedBeforeActing] : []),
		...(call.idempotent && api.transientForReads ? [api.transientForReads] : []),
	];
	const refused = retried.length
		? { codes: retried.flatMap((entry) => entry.codes), retry: retried[0].retry }
		: undefined;

	const send = async (): Promise<HttpReply<Body>> => {
		let response: unknown;
		const options: IHttpRequestOptions = {
			...request,
			// The decoder reads the body: a malformed reply must be an error, not a string.
			encoding: bodyType === 'bytes' ? 'arraybuffer' : 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
			abortSignal: signal,
		};
		try {
			if (call.anonymous) response = await helpers.httpRequest(options);
			else if (api.authenticate && !api.renewsOnHttp401) {
				const credentials = await credentialsOfRun(context, api.credentialType, call.itemIndex);
				response = await helpers.httpRequest(await api.authenticate(credentials, options));
			} else if (api.renewsOnHttp401) {
				response = await sendRenewingSession(context, api.credentialType, options);
			} else
				response = await helpers.httpRequestWithAuthentication.call(
					context as IExecuteFunctions,
					api.credentialType,
					options,
				);
		} catch (error) {
			response = api.renewsOnHttp401 ? responseOfHttpError(error) : undefined;
			if (!response) throw nodeError(context.getNode(), error as Error);
		}
		return toHttpReply(response, bodyType as 'text') as HttpReply<Body>;
	};

	let reply: HttpReply<Body>;
	let attempts: number;
	try {
		({ reply, attempts } = await sendWithRetry<Body>(send, {
			idempotent: call.idempotent,
			signal,
			refusedBeforeActing: refused && {
				retry: call.whenRefused?.retry ?? refused.retry,
				beforeResend: call.whenRefused?.beforeResend,
				test: (candidate) => {
					const decoded = call.decode(candidate);
					return !!decoded && 'error' in decoded && matchesCode(decoded.error.code, refused.codes);
				},
			},
		}));
	} catch (error) {
		throw await requestError(context, api, call.itemIndex, error, timeoutMs);
	}

	const decoded = call.decode(reply);
	if (decoded && 'body' in decoded) return decoded.body;

	const secrets = await secretsOf(context, api.credentialType, api.secretFields, call.itemIndex);
	const ok = reply.statusCode >= 200 && reply.statusCode < 300;
	if (decoded) {
		throw vendorCodeError(context.getNode(), {
			vendor: api.vendor,
			code: decoded.error.code,
			vendorMessage: decoded.error.message,
			requestId: decoded.error.requestId,
			table: api.codes,
			unlistedCode: api.unlistedCode,
			httpCode: ok ? undefined : reply.statusCode,
			itemIndex: call.itemIndex,
			secrets,
		});
	}
	throw transportError(context.getNode(), {
		vendor: api.vendor,
		...(ok
			? {
					problem: `answered with something that is not a ${api.vendor} API reply (HTTP ${reply.statusCode})`,
					action:
						'Check the base URL in the credential; if it is right, the service is misbehaving: try again later.',
				}
			: describeStatus(reply.statusCode)),
		attempts,
		itemIndex: call.itemIndex,
		secrets,
	});
}

/** The error for a call that got no reply: cancelled, not sent, or lost on the network. */
async function requestError(
	context: RequestContext,
	api: VendorApi,
	itemIndex: number,
	error: unknown,
	timeoutMs: number,
): Promise<Error> {
	if (error instanceof RequestFailedError && error.failure.kind === 'cancelled') {
		return cancellationError(context as IExecuteFunctions);
	}
	const secrets = await secretsOf(context, api.credentialType, api.secretFields, itemIndex);
	if (!(error instanceof RequestFailedError) || error.failure.kind === 'other') {
		// A credential that cannot sign, say: keep its words, never the request.
		const words =
			error instanceof RequestFailedError && error.failure.kind === 'other'
				? error.failure.message
				: String((error as Error)?.message ?? error);
		return new NodeOperationError(context.getNode(), scrubSecrets(words, secrets), { itemIndex });
	}
	return transportError(context.getNode(), {
		vendor: api.vendor,
		...describeFailure(error.failure, timeoutMs),
		attempts: error.attempts,
		itemIndex,
		secrets,
	});
}
