import type { IDataObject } from 'n8n-workflow';

import { YidunApi } from '../../credentials/YidunApi.credentials';
import { credentialsOfRun } from '../common/credentialsOfRun';
import { accountKey } from '../common/rateLimiter';
import { jsonEnvelopeDecoder } from '../common/replyDecoder';
import type { RequestContext, VendorApi, VendorCall } from '../common/vendorRequest';
import { vendorRequest } from '../common/vendorRequest';
import { VENDOR, YIDUN_ERROR_CODES } from './mapping';

export const CREDENTIAL_TYPE = 'yidunApi';

export const YIDUN_API: VendorApi = {
	vendor: VENDOR,
	credentialType: CREDENTIAL_TYPE,
	authenticate: YidunApi.prototype.authenticate,
	codes: YIDUN_ERROR_CODES,
	secretFields: ['secretKey'],
	// 411 is the call rate limit: Yidun refused the call before doing anything, so it is
	// waited out (1, 2, 4, 8, 8 s) and sent again, submits and drains included.
	refusedBeforeActing: {
		codes: [411],
		retry: { maxAttempts: 6, initialDelayMs: 1000, maxDelayMs: 8000 },
	},
};

/** Every reply is HTTP 200 with `code` inside (200 is success); another status is a gateway's. */
const decodeReply = jsonEnvelopeDecoder({
	codeKey: 'code',
	messageKey: 'msg',
	successCode: 200,
	statuses: 'ok',
});

export interface YidunRequestOptions {
	itemIndex: number;
	/** Read-only calls (the task query) are retried on transient HTTP failures. */
	idempotent: boolean;
	timeoutMs?: number;
	/** How a call refused by the rate limit (411) is sent again, if not by YIDUN_API's policy. */
	whenRefused?: VendorCall<IDataObject>['whenRefused'];
}

/** The account a call belongs to, as a rate-limiter key. */
export async function yidunAccountKey(this: RequestContext): Promise<string> {
	const credentials = await credentialsOfRun(this, CREDENTIAL_TYPE, 0);
	return accountKey('yidun', credentials.secretId, credentials.businessId);
}

/** One form POST to Yidun (the credential signs it and adds the host), returned once its code is 200. */
export async function yidunApiRequest(
	this: RequestContext,
	path: string,
	body: IDataObject,
	options: YidunRequestOptions,
): Promise<IDataObject> {
	return await vendorRequest(
		this,
		YIDUN_API,
		{ method: 'POST', url: path, body },
		{ ...options, decode: decodeReply },
	);
}
