import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	LEGACY_CREATE_PATH,
	TencentCloudAsrApi,
} from '../../credentials/TencentCloudAsrApi.credentials';
import { TC3_ACTION_HEADER } from '../../credentials/tencentCloud/tc3';
import { transportError } from '../common/errors';
import { parseJsonObject } from '../common/http';
import type { Concurrency } from '../common/concurrency';
import { CREATE_CONCURRENCY, READ_CONCURRENCY } from '../common/concurrency';
import { credentialsOfRun } from '../common/credentialsOfRun';
import type { ResumeKeySource } from '../common/resumeWebhook';
import { accountKey, rateLimiterFor } from '../common/rateLimiter';
import type { ReplyDecoder } from '../common/replyDecoder';
import { jsonEnvelopeDecoder } from '../common/replyDecoder';
import type { VendorApi } from '../common/vendorRequest';
import { vendorRequest } from '../common/vendorRequest';
import { API3_REFUSED_BEFORE_ACTING, API3_RETRYABLE_FOR_READS, TENCENT_API3_CODES } from './api3';
import { TENCENT_ERROR_CODES, VENDOR } from './mapping';

export const CREDENTIAL_TYPE = 'tencentCloudAsrApi';

/** What keys the resume URL of "Wait for the Callback Here" (Tencent signs no callback). */
export const TENCENT_RESUME_KEY: ResumeKeySource = {
	credentialType: CREDENTIAL_TYPE,
	secretFields: ['secretKey'],
};

export const TENCENT_LEGACY_API: VendorApi = {
	vendor: VENDOR,
	credentialType: CREDENTIAL_TYPE,
	authenticate: TencentCloudAsrApi.prototype.authenticate,
	codes: TENCENT_ERROR_CODES,
	secretFields: ['secretKey'],
};

/** Every reply is HTTP 200 with `code` inside (0 is success); another status is a gateway's. */
const decodeReply = jsonEnvelopeDecoder({
	codeKey: 'code',
	messageKey: 'message',
	successCode: 0,
	statuses: 'ok',
});

export interface CreateTaskRequest {
	/** Business query parameters; the credential adds and signs the auth ones. */
	query: IDataObject;
	/** Raw audio for source_type 1. */
	audio?: Buffer;
	itemIndex: number;
	timeoutMs?: number;
}

/**
 * POST /asr/v1/<appid> (the credential adds the App ID and signs): creates a recognition task
 * and returns its id (Tencent's requestId). Never retried: a create that failed on the wire
 * may still have started a task.
 */
export async function createRecognitionTask(
	this: IExecuteFunctions,
	request: CreateTaskRequest,
): Promise<string> {
	const body = await vendorRequest(
		this,
		TENCENT_LEGACY_API,
		{
			method: 'POST',
			url: LEGACY_CREATE_PATH,
			qs: request.query,
			headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
			body: request.audio,
		},
		{
			itemIndex: request.itemIndex,
			idempotent: false,
			timeoutMs: request.timeoutMs,
			decode: decodeReply,
		},
	);
	const requestId = body.requestId;
	if (typeof requestId !== 'number' && typeof requestId !== 'string') {
		throw transportError(this.getNode(), {
			vendor: VENDOR,
			problem: 'accepted the task but returned no requestId',
			action:
				'The task may exist without an id to follow it by; check the Tencent console before creating it again.',
			itemIndex: request.itemIndex,
		});
	}
	return String(requestId);
}

export const TENCENT_API3: VendorApi = {
	vendor: VENDOR,
	credentialType: CREDENTIAL_TYPE,
	authenticate: TencentCloudAsrApi.prototype.authenticate,
	codes: TENCENT_API3_CODES,
	secretFields: ['secretKey', 'sessionToken'],
	// Tencent's gateway answers RequestLimitExceeded before the action runs (its official Go SDK
	// retries it for every action: RateLimitExceededMaxRetries), so creates are sent again too.
	// A limiter keeps us under the limit, but a call admitted there can reach Tencent late
	// (credential read, signing, a busy event loop) and land in a fuller second.
	refusedBeforeActing: {
		codes: API3_REFUSED_BEFORE_ACTING,
		retry: { maxAttempts: 4, initialDelayMs: 1000, maxDelayMs: 4000 },
	},
	// An internal failure may come after the action ran: reads are sent again, creates never.
	transientForReads: {
		codes: API3_RETRYABLE_FOR_READS,
		retry: { maxAttempts: 4, initialDelayMs: 500, maxDelayMs: 4000 },
	},
};

/** `{"Response": {…, "RequestId"}}`, or `{"Response": {"Error": {"Code", "Message"}, …}}`, in HTTP 200. */
const decodeApi3: ReplyDecoder<IDataObject> = (reply) => {
	const response = parseJsonObject(reply.body)?.Response as IDataObject | undefined;
	if (!response || typeof response !== 'object' || typeof response.RequestId !== 'string')
		return undefined;
	const error = response.Error as IDataObject | undefined;
	if (error && typeof error.Code === 'string') {
		return {
			error: {
				code: error.Code,
				message: String(error.Message ?? ''),
				requestId: response.RequestId,
			},
		};
	}
	return { body: response };
};

/** The documented per-account limits: 20 creates and 50 status reads per second. */
const API3_LIMITS = { CreateRecTask: 20, DescribeTaskStatus: 50 } as const;

/** Concurrent Items of the API 3.0 operations: never above the limits above. */
export const API3_CONCURRENCY: Record<keyof typeof API3_LIMITS, Concurrency> = {
	CreateRecTask: { default: CREATE_CONCURRENCY.default, max: API3_LIMITS.CreateRecTask },
	DescribeTaskStatus: { default: READ_CONCURRENCY.default, max: API3_LIMITS.DescribeTaskStatus },
};

/** The account a call belongs to, read once per node run, as a rate-limiter key. */
const accounts = new WeakMap<object, Promise<string>>();
function account(context: IExecuteFunctions, itemIndex: number): Promise<string> {
	if (!accounts.has(context)) {
		accounts.set(
			context,
			credentialsOfRun(context, CREDENTIAL_TYPE, itemIndex).then((data) =>
				accountKey('tencent', data.secretId),
			),
		);
	}
	return accounts.get(context)!;
}

/**
 * One API 3.0 call (the credential signs it with TC3), within the account's per-second limit
 * in this n8n process; returns the reply's Response.
 */
export async function api3Request(
	this: IExecuteFunctions,
	action: keyof typeof API3_LIMITS,
	body: IDataObject,
	options: { itemIndex: number; idempotent: boolean; timeoutMs?: number },
): Promise<IDataObject> {
	// A window of one second is short: a request admitted now reaches Tencent a little later
	// (credential read, signing), so each call holds its slot 100 ms longer. A call delayed more
	// (a busy event loop) may still be refused; RequestLimitExceeded is then sent again.
	await rateLimiterFor(`tencent-api3-${action}`, API3_LIMITS[action], 1000, 100).acquire(
		await account(this, options.itemIndex),
		this.getExecutionCancelSignal(),
	);
	return await vendorRequest(
		this,
		TENCENT_API3,
		{ method: 'POST', url: '/', headers: { [TC3_ACTION_HEADER]: action }, body },
		{ ...options, decode: decodeApi3 },
	);
}
