import { NodeOperationError } from 'n8n-workflow';

import type { NodeSource } from './properties';

export interface UrlRule {
	/** The parameter's display name, e.g. "Callback URL". */
	field: string;
	/** The longest URL the vendor accepts. */
	maxLength: number;
	/** The vendor's limit in words, e.g. "<vendor> accepts at most 512". */
	limit: string;
	itemIndex: number;
}

/**
 * A URL parameter, trimmed, refused before anything is sent unless it is http(s) and short enough.
 */
export function httpUrlParameter(context: NodeSource, value: unknown, rule: UrlRule): string {
	const url = String(value ?? '').trim();
	let protocol = '';
	try {
		protocol = new URL(url).protocol;
	} catch {
		// Not a URL at all: refused below like any other scheme.
	}
	if (protocol !== 'http:' && protocol !== 'https:') {
		throw new NodeOperationError(context.getNode(), `${rule.field} is not an http(s) URL`, {
			itemIndex: rule.itemIndex,
			description: `Got "${url.slice(0, 200)}".`,
		});
	}
	if (url.length > rule.maxLength) {
		throw new NodeOperationError(
			context.getNode(),
			`${rule.field} is ${url.length} characters long; ${rule.limit}`,
			{
				itemIndex: rule.itemIndex,
			},
		);
	}
	return url;
}
