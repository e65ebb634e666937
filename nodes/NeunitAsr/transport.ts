import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { NeunitAsrApi } from '../../credentials/NeunitAsrApi.credentials';
import { jsonEnvelopeDecoder } from '../common/replyDecoder';
import type { VendorApi } from '../common/vendorRequest';
import { vendorRequest } from '../common/vendorRequest';
import { NEUNIT_ERROR_CODES, VENDOR } from './mapping';

export const CREDENTIAL_TYPE = 'neunitAsrApi';

/** Neunit's reply envelope: `code` 0 is success, anything else a business error. */
export interface NeunitReply {
	rid?: string;
	code: number;
	msg?: string;
	data?: IDataObject | null;
}

export const NEUNIT_API: VendorApi = {
	vendor: VENDOR,
	credentialType: CREDENTIAL_TYPE,
	authenticate: NeunitAsrApi.prototype.authenticate,
	codes: NEUNIT_ERROR_CODES,
	secretFields: ['apiKey', 'extraSecretHeaders'],
};

/** Every reply is HTTP 200 with `code` inside; another status is a gateway's. */
const decodeReply = jsonEnvelopeDecoder({
	codeKey: 'code',
	messageKey: 'msg',
	requestIdKey: 'rid',
	successCode: 0,
	statuses: 'ok',
});

export interface NeunitRequestOptions {
	itemIndex: number;
	/** Only read-only calls are retried on transient failures. */
	idempotent: boolean;
	timeoutMs?: number;
}

/** Sends one JSON POST to Neunit (the credential adds the base URL) and returns the reply once its code is 0. */
export async function neunitApiRequest(
	this: IExecuteFunctions,
	path: string,
	body: IDataObject,
	options: NeunitRequestOptions,
): Promise<NeunitReply> {
	const reply = await vendorRequest(
		this,
		NEUNIT_API,
		{ method: 'POST', url: path, body, json: true },
		{ ...options, decode: decodeReply },
	);
	return reply as unknown as NeunitReply;
}
