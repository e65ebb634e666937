import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { LEGACY_CREATE_PATH } from '../../credentials/TencentCloudAsrApi.credentials';
import { transportError } from '../common/errors';
import { jsonEnvelopeDecoder } from '../common/replyDecoder';
import type { VendorApi } from '../common/vendorRequest';
import { vendorRequest } from '../common/vendorRequest';
import { TENCENT_ERROR_CODES, VENDOR } from './mapping';

export const CREDENTIAL_TYPE = 'tencentCloudAsrApi';

export const TENCENT_LEGACY_API: VendorApi = {
	vendor: VENDOR,
	credentialType: CREDENTIAL_TYPE,
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
