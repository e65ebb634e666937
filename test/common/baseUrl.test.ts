import type { IHttpRequestOptions } from 'n8n-workflow';

import { requestUrl, withBaseUrl, withRequestUrl } from '../../credentials/common/baseUrl';
import { headerValue, withHeaders } from '../../credentials/common/headers';

/** Either shape n8n hands a credential's `authenticate`. */
const request = (fields: Record<string, unknown>) => fields as unknown as IHttpRequestOptions;

describe('which URL a request is for (credentials/common/baseUrl.ts)', () => {
	test.each([
		[
			'a path (our nodes): the base URL in front, joined as text',
			{ url: '/task/create' },
			'https://api.example/proxy/task/create',
		],
		['a full `url`: kept', { url: 'https://other.example/x?a=1' }, 'https://other.example/x?a=1'],
		[
			"the HTTP Request node's `uri`: kept",
			{ uri: 'https://other.example/y' },
			'https://other.example/y',
		],
		['a path in `uri`: the base URL in front', { uri: '/y' }, 'https://api.example/proxy/y'],
		[
			'both: `url` wins, as n8n sends `url ?? uri`',
			{ url: '/a', uri: 'https://ignored.example/' },
			'https://api.example/proxy/a',
		],
		[
			'a `baseURL` of the request: resolved as n8n resolves it',
			{ url: '/v1/x', baseURL: 'https://b.example/root' },
			'https://b.example/v1/x',
		],
	])('%s', (_name, fields, expected) => {
		expect(requestUrl(request(fields), 'https://api.example/proxy/')).toBe(expected);
	});

	test('the result keeps the field n8n reads: `uri` for the HTTP Request node, `url` otherwise', () => {
		expect(
			withBaseUrl(request({ uri: 'https://x.example/a', method: 'POST' }), 'https://b'),
		).toEqual({
			uri: 'https://x.example/a',
			method: 'POST',
		});
		expect(withBaseUrl(request({ url: '/a' }), 'https://b/')).toEqual({ url: 'https://b/a' });
		expect(withRequestUrl(request({ url: '/a', uri: 'https://c' }), 'https://d/a')).toEqual({
			url: 'https://d/a',
			uri: 'https://c',
		});
	});

	test('a request without a URL is a clear error', () => {
		expect(() => requestUrl(request({ method: 'GET' }), 'https://b')).toThrow(
			'The request has no URL to send it to',
		);
	});
});

describe('headers in either case (credentials/common/headers.ts)', () => {
	test('a header is found whatever the case of its name; setting one replaces the other cases', () => {
		const lowercased = request({ headers: { 'x-tc-action': 'DescribeTaskStatus', accept: '*/*' } });
		expect(headerValue(lowercased, 'X-TC-Action')).toBe('DescribeTaskStatus');
		expect(headerValue(lowercased, 'X-TC-Version')).toBeUndefined();
		expect(
			withHeaders(request({ headers: { 'content-type': 'text/plain', accept: '*/*' } }), {
				'Content-Type': 'application/json',
			}),
		).toEqual({ accept: '*/*', 'Content-Type': 'application/json' });
	});
});
