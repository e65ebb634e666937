import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { transportError } from '../common/errors';
import type { BusinessEnvelope } from '../common/vendorRequest';
import { parseBusinessReply, sendVendorRequest } from '../common/vendorRequest';
import { TENCENT_ERROR_CODES, VENDOR } from './mapping';

export const CREDENTIAL_TYPE = 'tencentCloudAsrApi';

const ENVELOPE: BusinessEnvelope = { codeKey: 'code', messageKey: 'message', successCode: 0, table: TENCENT_ERROR_CODES };

export interface CreateTaskRequest {
	/** Business query parameters; the credential adds and signs the auth ones. */
	query: IDataObject;
	/** Raw audio for source_type 1. */
	audio?: Buffer;
	itemIndex: number;
	timeoutMs?: number;
}

/**
 * POST /asr/v1/<appid>: creates a recognition task and returns its id (Tencent's requestId).
 * Never retried: a create that failed on the wire may still have started a task.
 */
export async function createRecognitionTask(this: IExecuteFunctions, request: CreateTaskRequest): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, request.itemIndex);
	const baseUrl = String(credentials.baseUrl || 'https://aai.qcloud.com').replace(/\/+$/, '');
	const call = {
		vendor: VENDOR,
		credentialType: CREDENTIAL_TYPE,
		itemIndex: request.itemIndex,
		idempotent: false,
		timeoutMs: request.timeoutMs,
		secrets: [credentials.secretKey],
	};
	const reply = await sendVendorRequest.call(
		this,
		{
			method: 'POST',
			url: `${baseUrl}/asr/v1/${String(credentials.appId).trim()}`,
			qs: request.query,
			headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
			body: request.audio,
		},
		call,
	);
	const body = parseBusinessReply.call(this, reply, ENVELOPE, call);
	const requestId = body.requestId;
	if (typeof requestId !== 'number' && typeof requestId !== 'string') {
		throw transportError(this.getNode(), {
			vendor: VENDOR,
			problem: 'accepted the task but returned no requestId',
			action: 'The task may exist without an id to follow it by; check the Tencent console before creating it again.',
			itemIndex: request.itemIndex,
		});
	}
	return String(requestId);
}
