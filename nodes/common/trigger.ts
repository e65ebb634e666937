import type {
	IDataObject,
	IHookFunctions,
	INode,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { constantTimeEqual } from './callback';

/**
 * The plumbing every vendor trigger shares: its webhook declaration, its versions, the
 * activation hooks of a webhook registered nowhere, and the refusal of a request.
 */

/**
 * Versions of every trigger node. n8n evaluates an expression on each request to a version-1
 * trigger (`$parameter["options"]["binaryData"]`, to decide whether to parse the body); from
 * version 2 on it does not, so a burst of callbacks costs what it costs n8n's Webhook node.
 * Version 1 stays for workflows saved with it. Version 2 gets no body for a Content-Type n8n
 * cannot parse; rawBodyText reads it then.
 */
export const TRIGGER_VERSIONS = { version: [1, 2], defaultVersion: 2 };

/**
 * A trigger's webhook. Every field is static: n8n evaluates each expression in a webhook
 * description on every request. `responseData` is empty so n8n answers with the node's
 * webhookResponse (left undefined it answers the literal word "firstEntryJson").
 */
export function triggerWebhook(
	path: string,
	responseMode: 'onReceived' | 'responseNode',
): IWebhookDescription[] {
	return [{ name: 'default', httpMethod: 'POST', responseMode, responseData: '', path }];
}

/**
 * Activation hooks for a webhook that is registered nowhere (the URL travels with each task):
 * `check` may refuse the node's settings when the workflow is activated.
 */
export function unregisteredWebhook(check?: (context: IHookFunctions) => void) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				check?.(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};
}

/** Answers a request that is not a genuine callback, and starts no execution. */
export function refuse(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/** Keys seen lately, with when each is forgotten, for every trigger in this n8n process. */
const recentKeys = new Map<string, number>();

/**
 * True when `key` was seen within its window (and remembers it now): vendors deliver some
 * results twice. Kept in this process's memory: separate queue-mode processes each keep their own.
 */
export function seenRecently(key: string, windowMs: number, now = Date.now()): boolean {
	for (const [entry, forgetAt] of recentKeys) if (forgetAt <= now) recentKeys.delete(entry);
	if (recentKeys.has(key)) return true;
	recentKeys.set(key, now + windowMs);
	return false;
}

/** Shorter tokens can be guessed; URL-safe characters need no encoding in a callback URL. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Refuses, when the workflow is activated, a URL token too weak to protect a callback the
 * vendor does not sign. `why` says what the token protects.
 */
export function checkCallbackToken(
	node: INode,
	token: string,
	why: string,
	field = 'Callback Token',
): void {
	if (token.length >= MIN_TOKEN_LENGTH && /^[A-Za-z0-9._~-]+$/.test(token)) return;
	throw new NodeOperationError(
		node,
		`The ${field} must be at least ${MIN_TOKEN_LENGTH} characters of letters, digits, "-", "_", "." or "~"`,
		{ description: `${why} Generate one, e.g. with: openssl rand -hex 24` },
	);
}

/** Whether the request's `?token=` is the trigger's token (compared in constant time). */
export function hasCallbackToken(context: IWebhookFunctions, token: string): boolean {
	const received = (context.getQueryData() as IDataObject).token;
	return !!token && constantTimeEqual(typeof received === 'string' ? received : undefined, token);
}
