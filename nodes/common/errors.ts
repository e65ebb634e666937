import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import {
	ExecutionCancelledError,
	ManualExecutionCancelledError,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { CodeInfo, CodeTable } from '../../credentials/common/codeTable';

/**
 * What a vendor's documented business code means, and what the user can do about it. The
 * type lives with the credentials, whose Test buttons read the same tables.
 */
export type VendorCodeInfo = CodeInfo;
export type VendorCodeTable = CodeTable;

/** Secrets shorter than this are not scrubbed: replacing one or two characters would mangle every message. */
const MIN_SCRUBBED_SECRET_LENGTH = 4;

/**
 * Replaces every occurrence of each secret with asterisks. Errors are built from sanitized
 * parts already; this is the second line of defence for text the vendor echoes back
 * (a signature, a header value, a query string).
 */
export function scrubSecrets(text: string, secrets: readonly unknown[]): string {
	let result = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SCRUBBED_SECRET_LENGTH) continue;
		result = result.split(secret).join('***');
	}
	return result;
}

export interface VendorErrorDetails {
	/** The vendor's display name, as errors name it. */
	vendor: string;
	code: string | number;
	/** The vendor's own message for this reply, if any. */
	vendorMessage?: string;
	table: VendorCodeTable;
	/** What to say of a code not in the table (by default: it is not in the published table). */
	unlistedCode?: string;
	httpCode?: number;
	requestId?: string;
	itemIndex?: number;
	/** Values that must never reach the error text. */
	secrets?: readonly unknown[];
}

export function describeVendorCode(
	table: VendorCodeTable,
	code: string | number,
): VendorCodeInfo | undefined {
	return table[String(code)];
}

/**
 * A vendor answered with a business code other than success: the error names the vendor,
 * the code, its documented meaning and what to do.
 */
export function vendorCodeError(node: INode, details: VendorErrorDetails): NodeApiError {
	const secrets = details.secrets ?? [];
	const known = describeVendorCode(details.table, details.code);
	const vendorMessage = details.vendorMessage
		? scrubSecrets(details.vendorMessage, secrets)
		: undefined;
	const meaning = known?.meaning ?? vendorMessage ?? 'no message';
	const message = `${details.vendor} error ${details.code}: ${meaning}`;

	const description = [
		known
			? undefined
			: (details.unlistedCode ??
				`Code ${details.code} is not in ${details.vendor}'s published code table.`),
		known && vendorMessage && vendorMessage !== known.meaning
			? `${details.vendor} said: "${vendorMessage}".`
			: undefined,
		known?.action ? `What to do: ${known.action}` : undefined,
		details.requestId ? `Request id: ${details.requestId}.` : undefined,
	]
		.filter(Boolean)
		.join(' ');

	const errorResponse: JsonObject = {
		vendor: details.vendor,
		code: details.code,
		message,
		...(vendorMessage ? { vendorMessage } : {}),
		...(details.requestId ? { requestId: details.requestId } : {}),
	};
	return new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode: details.httpCode !== undefined ? String(details.httpCode) : undefined,
		itemIndex: details.itemIndex,
	});
}

export interface TransportErrorDetails {
	vendor: string;
	/** What went wrong, in words, e.g. "answered HTTP 503 (Service Unavailable)". */
	problem: string;
	action: string;
	httpCode?: number;
	attempts?: number;
	itemIndex?: number;
	secrets?: readonly unknown[];
}

/** The vendor could not be reached, or answered something that is not an API reply. */
export function transportError(node: INode, details: TransportErrorDetails): NodeApiError {
	const secrets = details.secrets ?? [];
	const tries =
		details.attempts && details.attempts > 1 ? ` (after ${details.attempts} attempts)` : '';
	const message = scrubSecrets(`${details.vendor} ${details.problem}${tries}`, secrets);
	const description = scrubSecrets(`What to do: ${details.action}`, secrets);
	return new NodeApiError(node, { vendor: details.vendor, message } as JsonObject, {
		message,
		description,
		httpCode: details.httpCode !== undefined ? String(details.httpCode) : undefined,
		itemIndex: details.itemIndex,
	});
}

/** What can tell whether the execution was stopped: a node's execute context (a poll has no signal). */
export interface CancellableContext {
	getExecutionCancelSignal?(): AbortSignal | undefined;
	getExecutionId(): string;
}

export function cancelSignalOf(context: object): AbortSignal | undefined {
	const { getExecutionCancelSignal } = context as CancellableContext;
	return typeof getExecutionCancelSignal === 'function'
		? getExecutionCancelSignal.call(context)
		: undefined;
}

/**
 * The error to end with once the execution's cancel signal has fired. n8n marks a run
 * "canceled" (not "error") only when it ends with a cancellation error; a bare AbortError
 * from an interrupted sleep or request would make a stop look like a failure.
 */
export function cancellationError(context: CancellableContext): Error {
	const reason: unknown = cancelSignalOf(context)?.reason;
	return reason instanceof ExecutionCancelledError
		? reason
		: new ManualExecutionCancelledError(context.getExecutionId());
}

/**
 * The one shape of an error item ("Continue On Fail", a drain stopped part-way): the message,
 * and n8n's description and HTTP code when the error has them. With "On Error: Continue (using
 * error output)" the item is `{ error, message }`, with the description and the HTTP code in
 * `message`: the only JSON n8n 1.x and 2.x both send to the error output.
 */
export function errorItem(
	node: INode,
	error: Error & { description?: unknown; httpCode?: unknown },
	itemIndex: number,
	extraDescription?: string,
): INodeExecutionData {
	const details: IDataObject = {};
	const description = [
		typeof error.description === 'string' ? error.description : '',
		extraDescription ?? '',
	]
		.filter(Boolean)
		.join(' ');
	if (description) details.description = description;
	if (typeof error.httpCode === 'string' && error.httpCode) details.httpCode = error.httpCode;
	if (node.onError !== 'continueErrorOutput')
		return { json: { error: error.message, ...details }, pairedItem: { item: itemIndex } };
	// Only `error` and `message` send an item to the error output on every n8n line (1.x
	// takes nothing else; 2.x also takes `details`): what to do, and the HTTP code, go in one text.
	const message = [details.description, details.httpCode && `(HTTP ${String(details.httpCode)})`]
		.filter(Boolean)
		.join(' ');
	return {
		json: { error: error.message, ...(message ? { message } : {}) },
		pairedItem: { item: itemIndex },
	};
}

/**
 * Any error as the node's error, with the item it belongs to. Re-wrapping a NodeApiError or
 * NodeOperationError hands back the original (n8n's constructors do): only the index is added.
 */
export function nodeError(
	node: INode,
	error: Error,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return new NodeApiError(node, error as unknown as JsonObject, { itemIndex });
	}
	if (error instanceof NodeOperationError && itemIndex !== undefined)
		error.context.itemIndex ??= itemIndex;
	return new NodeOperationError(node, error, { itemIndex });
}
