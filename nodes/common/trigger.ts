import type {
	IDataObject,
	IHookFunctions,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

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
