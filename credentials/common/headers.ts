import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * Header names are case-insensitive, and requests come with either case: this package's nodes
 * send `X-TC-Action`, the HTTP Request node lowercases the names the user typed (`x-tc-action`).
 */

/** A header's value, whatever the case of its name. */
export function headerValue(request: IHttpRequestOptions, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries((request.headers ?? {}) as IDataObject)) {
		if (key.toLowerCase() === wanted && value !== undefined && value !== null) return String(value);
	}
	return undefined;
}

/**
 * The request's headers with these set: a header of the same name in another case is
 * replaced, not sent beside it (two Content-Types, or two Authorizations, would be sent as one
 * of them, not necessarily the one signed).
 */
export function withHeaders(
	request: IHttpRequestOptions,
	set: Record<string, string>,
): Record<string, string> {
	const replaced = new Set(Object.keys(set).map((name) => name.toLowerCase()));
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries((request.headers ?? {}) as Record<string, string>)) {
		if (!replaced.has(key.toLowerCase())) headers[key] = value;
	}
	return Object.assign(headers, set);
}
