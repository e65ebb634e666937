import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { BusinessEnvelope } from '../common/vendorRequest';
import { parseBusinessReply, sendVendorRequest } from '../common/vendorRequest';
import { NEUNIT_ERROR_CODES, VENDOR } from './mapping';

export const CREDENTIAL_TYPE = 'neunitAsrApi';

/** Neunit's reply envelope: `code` 0 is success, anything else a business error. */
export interface NeunitReply {
	rid?: string;
	code: number;
	msg?: string;
	data?: IDataObject | null;
}

const ENVELOPE: BusinessEnvelope = { codeKey: 'code', messageKey: 'msg', requestIdKey: 'rid', successCode: 0, table: NEUNIT_ERROR_CODES };

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
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, options.itemIndex);
	const call = {
		vendor: VENDOR,
		credentialType: CREDENTIAL_TYPE,
		itemIndex: options.itemIndex,
		idempotent: options.idempotent,
		timeoutMs: options.timeoutMs,
		secrets: [credentials.apiKey, credentials.extraSecretHeaders],
	};
	const reply = await sendVendorRequest.call(this, { method: 'POST', url: joinUrl(String(credentials.baseUrl), path), body, json: true }, call);
	return parseBusinessReply.call(this, reply, ENVELOPE, call) as unknown as NeunitReply;
}
