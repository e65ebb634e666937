import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { yidunBaseUrl } from '../../credentials/YidunApi.credentials';
import { backoffDelay } from '../common/backoff';
import { parseJsonObject } from '../common/http';
import { accountKey } from '../common/rateLimiter';
import type { BusinessEnvelope, RequestContext } from '../common/vendorRequest';
import { cancelSignalOf, parseBusinessReply, sendVendorRequest } from '../common/vendorRequest';
import { VENDOR, YIDUN_ERROR_CODES } from './mapping';

export const CREDENTIAL_TYPE = 'yidunApi';

const ENVELOPE: BusinessEnvelope = { codeKey: 'code', messageKey: 'msg', successCode: 200, table: YIDUN_ERROR_CODES };

/** Yidun's rate-limit code: the call was refused before doing anything, so it can be sent again. */
const RATE_LIMITED = 411;
const MAX_RATE_LIMIT_ATTEMPTS = 6;

export interface YidunRequestOptions {
	itemIndex: number;
	/** Read-only calls (the task query) are retried on transient HTTP failures. */
	idempotent: boolean;
	timeoutMs?: number;
}

/** The account a call belongs to, as a rate-limiter key. */
export async function yidunAccountKey(this: RequestContext): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return accountKey('yidun', credentials.secretId, credentials.businessId);
}

/**
 * One signed form POST to Yidun, returning the reply once its business code is 200. A 411
 * (rate limit) is waited out with backoff and sent again; any other code is an error.
 */
export async function yidunApiRequest(this: RequestContext, path: string, body: IDataObject, options: YidunRequestOptions): Promise<IDataObject> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const call = { vendor: VENDOR, credentialType: CREDENTIAL_TYPE, itemIndex: options.itemIndex, idempotent: options.idempotent, timeoutMs: options.timeoutMs, secrets: [credentials.secretKey] };
	const request = { method: 'POST' as const, url: `${yidunBaseUrl(credentials)}${path}`, body, headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' } };
	for (let attempt = 1; ; attempt++) {
		const reply = await sendVendorRequest.call(this, request, call);
		if (parseJsonObject(reply.body)?.code === RATE_LIMITED && attempt < MAX_RATE_LIMIT_ATTEMPTS) {
			await sleep(backoffDelay(attempt, 1000, 2, 8000), cancelSignalOf(this));
			continue;
		}
		return parseBusinessReply.call(this, reply, ENVELOPE, call);
	}
}
