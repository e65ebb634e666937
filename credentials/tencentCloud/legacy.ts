import { createHmac, randomInt } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { requestUrl, withRequestUrl } from '../common/baseUrl';
import { withHeaders } from '../common/headers';

/**
 * The legacy REST API's signature (aai.qcloud.com, the seed document): HMAC-SHA1 over the
 * method, host, path and the sorted raw query, sent URL-encoded with the signature in
 * Authorization.
 */

/** The legacy create path; the credential adds the account's App ID to it. */
export const LEGACY_CREATE_PATH = '/asr/v1';

/** The host Tencent signs, whatever host the request is sent to (a proxy, the sandbox). */
export const TENCENT_SIGNED_HOST = 'aai.qcloud.com';

/** expired - timestamp must stay under 90 days; one day of margin for clock skew. */
export const MAX_SIGNATURE_VALIDITY_SECONDS = 89 * 24 * 3600;

/** The string Tencent signs: method, host, path, then key=value pairs sorted by key, raw values. */
export function tencentSignString(
	appId: string,
	params: Record<string, string>,
	method = 'POST',
): string {
	const joined = Object.keys(params)
		.sort()
		.map((key) => `${key}=${params[key]}`)
		.join('&');
	return `${method.toUpperCase()}${TENCENT_SIGNED_HOST}/asr/v1/${appId}?${joined}`;
}

/** Base64(HMAC-SHA1(secretKey, sign string)): the Authorization header. */
export function tencentSignature(secretKey: string, signString: string): string {
	return createHmac('sha1', secretKey).update(signString, 'utf8').digest('base64');
}

/** The query string actually sent: the same pairs, each key and value URL-encoded. */
export function tencentQueryString(params: Record<string, string>): string {
	return Object.keys(params)
		.sort()
		.map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(params[key])}`)
		.join('&');
}

function validitySeconds(credentials: ICredentialDataDecryptedObject): number {
	const requested = Number(credentials.signatureValiditySeconds ?? 3600);
	if (!Number.isFinite(requested) || requested < 1) return 3600;
	return Math.min(Math.floor(requested), MAX_SIGNATURE_VALIDITY_SECONDS);
}

/**
 * Signs a request to /asr/v1/<appid>: adds secretid, timestamp, expired and nonce to the
 * query, signs the sorted raw pairs with HMAC-SHA1, and sends the URL-encoded query with
 * the signature in the Authorization header. The query signed is all of it: the request's
 * `qs` and any query of its URL (the HTTP Request node's full URL may carry one).
 */
export function signLegacy(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const appId = String(credentials.appId ?? '').trim();
	const secretId = String(credentials.secretId ?? '').trim();
	const secretKey = String(credentials.secretKey ?? '');
	if (!/^\d+$/.test(appId))
		throw new UserError('The Tencent Cloud ASR credential needs a numeric App ID');
	if (!secretId || !secretKey)
		throw new UserError('The Tencent Cloud ASR credential needs a Secret ID and a Secret Key');

	const baseUrl = String(credentials.baseUrl || 'https://aai.qcloud.com');
	const target = new URL(requestUrl(requestOptions, baseUrl));
	// The create path without the App ID gets the credential's.
	const createPath = new URL(requestUrl({ url: LEGACY_CREATE_PATH }, baseUrl));
	if (target.origin === createPath.origin && target.pathname === createPath.pathname)
		target.pathname += `/${appId}`;

	const params: Record<string, string> = {};
	const add = (key: string, value: unknown) => {
		if (value !== undefined && value !== null && value !== '') params[key] = String(value);
	};
	for (const [key, value] of target.searchParams) add(key, value);
	for (const [key, value] of Object.entries((requestOptions.qs ?? {}) as IDataObject))
		add(key, value);
	const timestamp = Math.floor(Date.now() / 1000);
	params.secretid = secretId;
	params.timestamp = String(timestamp);
	params.expired = String(timestamp + validitySeconds(credentials));
	// A random positive integer of at most 10 digits; below 2^31 so any int parser takes it.
	params.nonce = String(randomInt(1, 2 ** 31));

	const method = (requestOptions.method ?? 'POST').toUpperCase();
	const signature = tencentSignature(secretKey, tencentSignString(appId, params, method));
	return {
		...withRequestUrl(
			requestOptions,
			`${target.origin}${target.pathname}?${tencentQueryString(params)}`,
		),
		qs: {},
		headers: withHeaders(requestOptions, { Authorization: signature }),
	};
}
