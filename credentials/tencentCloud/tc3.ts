import { createHash, createHmac } from 'crypto';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

/**
 * Tencent Cloud API 3.0's signature, TC3-HMAC-SHA256 (the signature v3 document): a canonical
 * request over the method, path, query, the content-type and host headers and the SHA-256 of
 * the exact body bytes, signed with a key derived from the secret key, the date and the service.
 */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
	createHmac('sha256', key).update(data).digest();

export interface Tc3Request {
	method: string;
	path: string;
	query: string;
	/** The Content-Type exactly as sent (a different byte is a different signature). */
	contentType: string;
	/** The Host as sent. */
	host: string;
	body: string | Buffer;
	service: string;
	timestamp: number;
}

export function tc3CanonicalRequest(request: Tc3Request): string {
	return [
		request.method.toUpperCase(),
		request.path || '/',
		request.query,
		`content-type:${request.contentType.trim().toLowerCase()}\nhost:${request.host.trim().toLowerCase()}\n`,
		'content-type;host',
		sha256(request.body),
	].join('\n');
}

/** The Authorization header value. */
export function tc3Authorization(request: Tc3Request, secretId: string, secretKey: string): string {
	const date = new Date(request.timestamp * 1000).toISOString().slice(0, 10);
	const scope = `${date}/${request.service}/tc3_request`;
	const stringToSign = `${TC3_ALGORITHM}\n${request.timestamp}\n${scope}\n${sha256(tc3CanonicalRequest(request))}`;
	const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date), request.service), 'tc3_request');
	const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
	return `${TC3_ALGORITHM} Credential=${secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

/** The header that makes a request an API 3.0 call: the credential signs it with TC3. */
export const TC3_ACTION_HEADER = 'X-TC-Action';
export const API3_VERSION = '2019-06-14';
export const API3_ENDPOINT = 'https://asr.tencentcloudapi.com';
/** The Content-Type sent and signed, byte for byte. */
export const API3_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Signs an API 3.0 call: the body serialized once (those bytes are hashed and sent), the
 * version, timestamp, optional region and session token as X-TC-* headers, and TC3.
 */
export function signApi3(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const secretId = String(credentials.secretId ?? '').trim();
	const secretKey = String(credentials.secretKey ?? '');
	if (!secretId || !secretKey) {
		throw new UserError('The Tencent Cloud ASR credential needs a Secret ID and a Secret Key');
	}
	const endpoint = (String(credentials.apiEndpoint ?? '').trim() || API3_ENDPOINT).replace(
		/\/+$/,
		'',
	);
	const target = new URL(`${endpoint}${requestOptions.url === '/' ? '/' : requestOptions.url}`);
	const body =
		typeof requestOptions.body === 'string' || Buffer.isBuffer(requestOptions.body)
			? requestOptions.body
			: JSON.stringify(requestOptions.body ?? {});
	const timestamp = Math.floor(Date.now() / 1000);
	const headers: Record<string, string> = {
		...((requestOptions.headers ?? {}) as Record<string, string>),
		'Content-Type': API3_CONTENT_TYPE,
		'X-TC-Version': API3_VERSION,
		'X-TC-Timestamp': String(timestamp),
	};
	const region = String(credentials.region ?? '').trim();
	if (region) headers['X-TC-Region'] = region;
	const token = String(credentials.sessionToken ?? '').trim();
	if (token) headers['X-TC-Token'] = token;
	headers.Authorization = tc3Authorization(
		{
			method: requestOptions.method ?? 'POST',
			path: target.pathname,
			query: target.search.slice(1),
			contentType: API3_CONTENT_TYPE,
			host: target.host,
			body,
			service: 'asr',
			timestamp,
		},
		secretId,
		secretKey,
	);
	return { ...requestOptions, url: target.toString(), body, json: false, headers };
}
