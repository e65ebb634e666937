import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INode,
	INodeParameters,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { fromFunction, NodeOperationError, webhookDescriptionFields } from 'n8n-workflow';

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

export type ResponseMode = 'onReceived' | 'responseNode';

/**
 * A trigger's webhook. Every field is static, or resolved from the node's parameters without
 * the expression engine: n8n evaluates a webhook field's expression on every request.
 * `responseData` is empty so n8n answers with the node's webhookResponse (left undefined it
 * answers the literal word "firstEntryJson").
 *
 * A response mode chosen by a parameter is a self-contained function of the parameters: n8n
 * 2.41 (webhookDescriptionFields) calls it directly when the parameters hold no expression;
 * an n8n without those helpers evaluates the same function as the template below.
 */
export function triggerWebhook(
	path: string,
	responseMode: ResponseMode | ((parameters: INodeParameters) => ResponseMode),
): IWebhookDescription[] {
	const webhook: IWebhookDescription = {
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path,
	};
	if (typeof responseMode === 'string') return [{ ...webhook, responseMode }];
	const fields =
		typeof webhookDescriptionFields === 'function' && typeof fromFunction === 'function'
			? webhookDescriptionFields({ responseMode: fromFunction(responseMode) })
			: { responseMode: `={{(${String(responseMode)})($parameter)}}` };
	return [{ ...webhook, ...fields }];
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

/** Credential values lately read (or being read), per trigger node and credential. */
const credentialValues = new Map<string, { value: Promise<unknown>; until: number }>();

/** How long a credential value read for one callback serves the next ones. */
export const CREDENTIAL_VALUE_MS = 60_000;

/**
 * Whether a callback agrees with the node's credential (its App ID, its project, a signature
 * made with its key): `pick` takes what is needed from the credential, `accepts` judges the
 * callback by it. In a webhook, n8n 2.41 builds a fresh V8 isolate for each credential read,
 * about a third of the CPU a callback costs it (bench/callbacks.bench.ts), so callbacks share
 * one read a minute per trigger node, and callbacks arriving together share the read in
 * flight. A callback not accepted is judged again by a fresh read before anything is refused:
 * an edited credential (a rotated key) never refuses what it now accepts, and accepts what it
 * was edited away from (a signature by the old key) for at most a minute.
 */
export async function credentialValueAccepts<Value>(
	context: IWebhookFunctions,
	type: string,
	pick: (credentials: ICredentialDataDecryptedObject) => Value,
	accepts: (value: Value) => boolean,
	now = Date.now(),
): Promise<boolean> {
	const node = context.getNode();
	const credentialId = node.credentials?.[type]?.id;
	const read = async () => pick(await context.getCredentials(type));
	if (!credentialId) return accepts(await read());
	const key = `${context.getWorkflow().id}:${node.id}:${type}:${credentialId}`;
	const cached = credentialValues.get(key);
	if (cached && cached.until > now) {
		// A failed shared read is not remembered: this request reads for itself.
		const value = (await cached.value.catch(() => undefined)) as Value | undefined;
		if (value !== undefined && accepts(value)) return true;
	}
	for (const [entry, { until }] of credentialValues)
		if (until <= now) credentialValues.delete(entry);
	const fresh = read();
	const entry = { value: fresh, until: now + CREDENTIAL_VALUE_MS };
	credentialValues.set(key, entry);
	// A failed read is forgotten, so the next callback reads again; this one fails as before.
	fresh.catch(() => {
		if (credentialValues.get(key) === entry) credentialValues.delete(key);
	});
	return accepts(await fresh);
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
