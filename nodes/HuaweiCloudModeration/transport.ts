import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { PROJECT_PLACEHOLDER } from '../../credentials/HuaweiCloudApi.credentials';
import { huaweiUriEncode } from '../../credentials/huaweiCloud/sdkHmacSha256';
import { transportError } from '../common/errors';
import { parseJsonObject } from '../common/http';
import type { ReplyDecoder } from '../common/replyDecoder';
import type { ResumeKeySource } from '../common/resumeWebhook';
import type { VendorApi } from '../common/vendorRequest';
import { vendorRequest } from '../common/vendorRequest';
import { HUAWEI_ERROR_CODES, VENDOR } from './mapping';

export const CREDENTIAL_TYPE = 'huaweiCloudApi';

/** What keys the resume URL of "Wait for the Callback Here" (and through it the job's seed). */
export const HUAWEI_RESUME_KEY: ResumeKeySource = {
	credentialType: CREDENTIAL_TYPE,
	secretFields: ['secretAccessKey', 'password'],
};

export const HUAWEI_API: VendorApi = {
	vendor: VENDOR,
	credentialType: CREDENTIAL_TYPE,
	codes: HUAWEI_ERROR_CODES,
	secretFields: ['secretAccessKey', 'password', 'sessionToken'],
	// An IAM token refused with HTTP 401 is renewed by n8n and the call sent once more.
	renewsOnHttp401: true,
};

const JOBS_PATH = `/v3/${PROJECT_PLACEHOLDER}/moderation/audio/jobs`;

/**
 * Huawei answers success with HTTP 2xx and the object itself, failure with HTTP 4xx/5xx and
 * `{"error_code": "AIS.0030", "error_msg": …}` (string codes, the API gateway's APIGW.* too).
 */
export const decodeReply: ReplyDecoder<IDataObject> = (reply) => {
	const body = parseJsonObject(reply.body);
	if (!body) return undefined;
	if (typeof body.error_code === 'string') {
		const message = body.error_msg;
		return {
			error: {
				code: body.error_code,
				message: typeof message === 'string' ? message : undefined,
				requestId: typeof body.request_id === 'string' ? body.request_id : undefined,
			},
		};
	}
	return reply.statusCode >= 200 && reply.statusCode < 300 ? { body } : undefined;
};

interface CallOptions {
	itemIndex: number;
	timeoutMs?: number;
}

/** POST …/audio/jobs: creates a job and returns `{job_id, request_id}`. Never sent twice. */
export async function createJob(
	this: IExecuteFunctions,
	body: IDataObject,
	options: CallOptions,
): Promise<IDataObject> {
	const reply = await vendorRequest(
		this,
		HUAWEI_API,
		{ method: 'POST', url: JOBS_PATH, body },
		{ ...options, idempotent: false, decode: decodeReply },
	);
	if (typeof reply.job_id !== 'string' || !reply.job_id) {
		throw transportError(this.getNode(), {
			vendor: VENDOR,
			problem: 'accepted the job but returned no job_id',
			action:
				'The job may exist without an id to follow it by; check the Huawei console before creating it again.',
			itemIndex: options.itemIndex,
		});
	}
	return reply;
}

/** GET …/audio/jobs/{job_id}: the job's status and, once it succeeded, its result. */
export async function getJob(
	this: IExecuteFunctions,
	jobId: string,
	options: CallOptions,
): Promise<IDataObject> {
	return await vendorRequest(
		this,
		HUAWEI_API,
		{ method: 'GET', url: `${JOBS_PATH}/${huaweiUriEncode(jobId)}` },
		{ ...options, idempotent: true, decode: decodeReply },
	);
}
