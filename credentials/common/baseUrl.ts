import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * A request whose URL is a path gets the credential's base URL in front: the credential is
 * the one home of where an account's API lives, so nodes and credential tests send paths.
 * Joined as text, not resolved as a URL: a base URL may carry a path of its own (a proxy).
 */
export function withBaseUrl(request: IHttpRequestOptions, baseUrl: string): IHttpRequestOptions {
	if (request.baseURL || !request.url.startsWith('/')) return request;
	return { ...request, url: `${baseUrl.replace(/\/+$/, '')}${request.url}` };
}
