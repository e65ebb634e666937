import type { IHttpRequestOptions } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

/**
 * `authenticate` receives a request in one of two shapes, and must sign the URL n8n then sends:
 *
 * - n8n's httpRequestWithAuthentication (this package's nodes, the credential Test button):
 *   `url`, usually a path such as `/task/create`, which the credential's base URL goes in
 *   front of;
 * - n8n's requestWithAuthentication (the HTTP Request node with a predefined credential type):
 *   the legacy options, with `uri` (no `url`) holding the full URL the user typed.
 *
 * n8n sends `url ?? uri`, resolved against `baseURL` when there is one (n8n-core's legacy
 * request adapter), so that is the URL a credential signs, and the field its result keeps.
 */
type EitherShape = IHttpRequestOptions & { uri?: string | URL };

/** The field n8n reads the URL from: `url`, or `uri` when only that is set. */
function urlField(request: IHttpRequestOptions): 'url' | 'uri' {
	const { url, uri } = request as EitherShape;
	return (url === undefined || url === null) && uri !== undefined && uri !== null ? 'uri' : 'url';
}

/**
 * The URL a request is for, whichever shape it came in: a full URL as it is; a path with the
 * credential's base URL in front, joined as text, not resolved as a URL (a base URL may carry
 * a path of its own: a proxy); with a `baseURL` of the request's own, resolved as n8n does.
 */
export function requestUrl(request: IHttpRequestOptions, baseUrl: string): string {
	const target = (request as EitherShape)[urlField(request)];
	if (target === undefined || target === null)
		throw new UserError('The request has no URL to send it to');
	const text = String(target);
	if (request.baseURL) return new URL(text, String(request.baseURL)).href;
	if (!text.startsWith('/')) return text;
	return `${baseUrl.replace(/\/+$/, '')}${text}`;
}

/** The request sent to `url` instead, in the field n8n reads it from (`url` or `uri`). */
export function withRequestUrl(request: IHttpRequestOptions, url: string): IHttpRequestOptions {
	return { ...request, [urlField(request)]: url } as IHttpRequestOptions;
}

/**
 * A request whose URL is a path gets the credential's base URL in front: the credential is
 * the one home of where an account's API lives, so nodes and credential tests send paths.
 * A full URL (the HTTP Request node's) is kept.
 */
export function withBaseUrl(request: IHttpRequestOptions, baseUrl: string): IHttpRequestOptions {
	return withRequestUrl(request, requestUrl(request, baseUrl));
}
