import { createHash, createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { requestUrl, withRequestUrl } from '../common/baseUrl';
import { headerValue, withHeaders } from '../common/headers';

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
 * The service a host serves: `<service>.tencentcloudapi.com` or `<service>.<region or
 * intl>.tencentcloudapi.com` (Tencent's endpoints), otherwise (a proxy, the sandbox) ASR's.
 */
export function tc3Service(host: string): string {
	const match = /^([a-z0-9-]+)\.(?:[a-z0-9-]+\.)?tencentcloudapi\.com$/i.exec(host.split(':')[0]);
	return match ? match[1].toLowerCase() : 'asr';
}

/**
 * Signs an API 3.0 call (a POST) as it will be sent: the URL's host, path and query (the
 * request's `qs` put in the URL, so nothing is added after signing), the body serialized once
 * and sent as those bytes (a Buffer: n8n's HTTP client would trim or re-serialize a JSON
 * string), the version (the caller's X-TC-Version, else ASR's), the timestamp, region (the
 * caller's X-TC-Region, else the credential's) and session token as X-TC-* headers, and TC3
 * for the host's service. The URL is the API 3.0 Endpoint for a path (this package's nodes),
 * or the HTTP Request node's full URL.
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
	// POST with a JSON body, as Tencent's SDKs call: a GET would reach Tencent without the
	// Content-Type it signs (n8n's HTTP client drops it from a request without a body).
	const legacy = requestOptions as { form?: unknown; formData?: unknown };
	const method = (requestOptions.method ?? 'POST').toUpperCase();
	if (method !== 'POST' || legacy.form !== undefined || legacy.formData !== undefined) {
		throw new UserError(
			'Tencent Cloud API 3.0 calls are signed as POST with a JSON body: in the HTTP Request node, choose the POST method and "JSON" or "Raw" as Body Content Type',
		);
	}
	const endpoint = String(credentials.apiEndpoint ?? '').trim() || API3_ENDPOINT;
	const target = new URL(requestUrl(requestOptions, endpoint));
	for (const [key, value] of Object.entries((requestOptions.qs ?? {}) as IDataObject)) {
		if (value !== undefined && value !== null) target.searchParams.append(key, String(value));
	}
	const body = Buffer.isBuffer(requestOptions.body)
		? requestOptions.body
		: Buffer.from(
				typeof requestOptions.body === 'string'
					? requestOptions.body
					: JSON.stringify(requestOptions.body ?? {}),
			);
	const timestamp = Math.floor(Date.now() / 1000);
	const set: Record<string, string> = {
		'Content-Type': API3_CONTENT_TYPE,
		'X-TC-Version': headerValue(requestOptions, 'X-TC-Version') || API3_VERSION,
		'X-TC-Timestamp': String(timestamp),
	};
	const region = headerValue(requestOptions, 'X-TC-Region') || String(credentials.region ?? '');
	if (region.trim()) set['X-TC-Region'] = region.trim();
	const token = String(credentials.sessionToken ?? '').trim();
	if (token) set['X-TC-Token'] = token;
	set.Authorization = tc3Authorization(
		{
			method,
			path: target.pathname,
			query: target.search.slice(1),
			contentType: API3_CONTENT_TYPE,
			host: target.host,
			body,
			service: tc3Service(target.host),
			timestamp,
		},
		secretId,
		secretKey,
	);
	return {
		...withRequestUrl(requestOptions, target.toString()),
		qs: {},
		body,
		json: false,
		headers: withHeaders(requestOptions, set),
	};
}
