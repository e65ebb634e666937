import { createHash, createHmac } from 'crypto';

/**
 * Huawei Cloud's API signature, SDK-HMAC-SHA256 (the API signing guide; the same algorithm as
 * the official SDK's AKSKSigner): a canonical request over the method, the path and query as
 * sent, the signed headers and the SHA-256 of the exact body bytes, signed with the secret key.
 */
export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

const EMPTY_BODY_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - . _ ~ is percent-encoded (UTF-8). */
export function huaweiUriEncode(text: string): string {
	return encodeURIComponent(text).replace(
		/[!'()*]/g,
		(character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

/** `X-Sdk-Date`: UTC as YYYYMMDDTHHmmssZ. */
export function sdkDate(at: Date): string {
	return at
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/** Each segment of the path as sent encoded again, and a trailing `/` always. */
export function canonicalUri(path: string): string {
	const encoded = path.split('/').map(huaweiUriEncode).join('/');
	return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/** The query's pairs (decoded values), sorted by key, each key and value encoded. */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
	return [...pairs]
		.sort(([a, aValue], [b, bValue]) => (a === b ? (aValue < bValue ? -1 : 1) : a < b ? -1 : 1))
		.map(([key, value]) => `${huaweiUriEncode(key)}=${huaweiUriEncode(value)}`)
		.join('&');
}

export interface SignableRequest {
	method: string;
	/** The path as it goes on the wire (already percent-encoded where needed). */
	path: string;
	/** The query's pairs, decoded. */
	query: ReadonlyArray<readonly [string, string]>;
	/** Every header to sign, by any case of its name; values are trimmed. */
	headers: Readonly<Record<string, string>>;
	/** The exact bytes sent (empty for none). */
	body: Buffer | string;
}

export function canonicalRequest(request: SignableRequest): {
	text: string;
	signedHeaders: string;
} {
	const headers = Object.entries(request.headers)
		.map(([name, value]) => [name.toLowerCase(), String(value).trim()] as const)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const signedHeaders = headers.map(([name]) => name).join(';');
	const bodyHash =
		request.body.length === 0
			? EMPTY_BODY_SHA256
			: createHash('sha256').update(request.body).digest('hex');
	const text = [
		request.method.toUpperCase(),
		canonicalUri(request.path),
		canonicalQuery(request.query),
		headers.map(([name, value]) => `${name}:${value}\n`).join(''),
		signedHeaders,
		bodyHash,
	].join('\n');
	return { text, signedHeaders };
}

/** The Authorization header value for a request whose headers include X-Sdk-Date. */
export function sdkAuthorization(
	request: SignableRequest,
	accessKeyId: string,
	secretAccessKey: string,
): string {
	const date = Object.entries(request.headers).find(
		([name]) => name.toLowerCase() === 'x-sdk-date',
	)?.[1];
	const { text, signedHeaders } = canonicalRequest(request);
	const stringToSign = `${SIGNING_ALGORITHM}\n${date ?? ''}\n${createHash('sha256').update(text).digest('hex')}`;
	const signature = createHmac('sha256', secretAccessKey).update(stringToSign).digest('hex');
	return `${SIGNING_ALGORITHM} Access=${accessKeyId}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
