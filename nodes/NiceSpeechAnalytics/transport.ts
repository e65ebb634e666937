import { randomBytes } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { NiceApi } from '../../credentials/NiceApi.credentials';
import type { MultipartFile } from '../common/multipart';
import { multipartBody } from '../common/multipart';
import { jsonEnvelopeDecoder } from '../common/replyDecoder';
import type { ReplyDecoder } from '../common/replyDecoder';
import type { RequestContext, VendorApi } from '../common/vendorRequest';
import { vendorDownload, vendorRequest } from '../common/vendorRequest';
import { NICE_ERROR_CODES, VENDOR } from './mapping';

export const CREDENTIAL_TYPE = 'niceApi';

export const NICE_API: VendorApi = {
	vendor: VENDOR,
	credentialType: CREDENTIAL_TYPE,
	authenticate: NiceApi.prototype.authenticate,
	codes: NICE_ERROR_CODES,
	unlistedCode:
		"NICE publishes no list of its codes: the message is NICE's own. Check the task number and project key the call used; if they are right, ask NICE's support team with the code and message.",
	secretFields: ['appSecret'],
};

/** Every reply is `{errcode, message, data}`, errcode 0 for success; another HTTP status is a gateway's. */
const decodeReply = jsonEnvelopeDecoder({
	codeKey: 'errcode',
	messageKey: 'message',
	successCode: 0,
	statuses: 'ok',
});

export interface CallOptions {
	itemIndex: number;
	timeoutMs?: number;
}

/** POST <path> with a JSON body; returns the reply's `data`. Reads are retried, creates never. */
export async function niceRequest(
	context: RequestContext,
	path: string,
	body: IDataObject,
	options: CallOptions & { idempotent: boolean },
): Promise<IDataObject> {
	const reply = await vendorRequest(
		context,
		NICE_API,
		{ method: 'POST', url: path, body, json: true },
		{ ...options, decode: decodeReply },
	);
	return (reply.data ?? {}) as IDataObject;
}

/** POST task/create as multipart/form-data with the file streamed from the item's binary field. */
export async function createTaskWithFile(
	context: IExecuteFunctions,
	fields: Readonly<Record<string, string>>,
	file: MultipartFile,
	options: CallOptions,
): Promise<IDataObject> {
	const boundary = `n8nNiceBoundary${randomBytes(12).toString('hex')}`;
	const multipart = await multipartBody(context, options.itemIndex, fields, file, boundary);
	const reply = await vendorRequest(
		context,
		NICE_API,
		{
			method: 'POST',
			url: '/task/create',
			body: multipart.body as IDataObject,
			headers: multipart.headers,
			// A client that follows redirects keeps every byte written, to send the body again;
			// a 500 MB upload must not be held, and NICE's API does not redirect.
			disableFollowRedirect: true,
		},
		{ ...options, idempotent: false, decode: decodeReply },
	);
	return (reply.data ?? {}) as IDataObject;
}

/** A file URL's answer: the bytes, or "expired" for the 403 of a URL past its deadline. */
const decodeFile: ReplyDecoder<Buffer, Buffer> = (reply) => {
	if (reply.statusCode >= 200 && reply.statusCode < 300) return { body: reply.body };
	if (reply.statusCode === 403)
		return { error: { code: 'URL_EXPIRED', message: 'the file URL answered HTTP 403' } };
	return undefined;
};

/** Downloads a task or result file from its presigned URL, without the credential. */
export async function downloadFile(
	context: RequestContext,
	url: string,
	options: CallOptions,
): Promise<Buffer> {
	return await vendorDownload(
		context,
		NICE_API,
		{ method: 'GET', url },
		{ ...options, idempotent: true, anonymous: true, decode: decodeFile },
	);
}
