import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { ExecutionCancelledError, ManualExecutionCancelledError, NodeApiError, NodeOperationError } from 'n8n-workflow';

/** One operation of a node: its parameters, and what it does for one input item. */
export interface Operation {
	description: INodeProperties[];
	/** Returns the output items for input item `itemIndex` (pairedItem is added by the router). */
	execute?(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
	/**
	 * For operations that work on all items at once (batched calls, or one call per
	 * execution): returns every output item, each with its own pairedItem.
	 */
	executeAll?(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

function errorJson(error: Error & { description?: unknown; httpCode?: unknown }): IDataObject {
	const json: IDataObject = { error: error.message };
	if (typeof error.description === 'string' && error.description) json.description = error.description;
	if (typeof error.httpCode === 'string' && error.httpCode) json.httpCode = error.httpCode;
	return json;
}

/**
 * The error to end with once the execution's cancel signal has fired. n8n marks a run
 * "canceled" (not "error") only when it ends with a cancellation error; a bare AbortError
 * from an interrupted sleep or request would make a stop look like a failure.
 */
export function cancellationError(this: IExecuteFunctions): Error {
	const reason: unknown = this.getExecutionCancelSignal()?.reason;
	return reason instanceof ExecutionCancelledError ? reason : new ManualExecutionCancelledError(this.getExecutionId());
}

/**
 * Runs the selected operation once per input item. Every output item is paired with the
 * input item it came from; with "Continue On Fail" a failing item becomes an error item
 * and the others still run.
 */
export async function runOperationPerItem(
	this: IExecuteFunctions,
	operations: Readonly<Record<string, Operation>>,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];

	const whole = operations[this.getNodeParameter('operation', 0) as string];
	if (whole?.executeAll) return await whole.executeAll.call(this);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operationName = this.getNodeParameter('operation', itemIndex) as string;
			const operation = operations[operationName];
			if (!operation?.execute) {
				throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported`, { itemIndex });
			}
			const results = await operation.execute.call(this, itemIndex);
			for (const result of results) output.push({ ...result, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.getExecutionCancelSignal()?.aborted) throw cancellationError.call(this);
			if (this.continueOnFail()) {
				output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
				continue;
			}
			// Re-wrapping a NodeApiError or NodeOperationError hands back the original: only the item index is added.
			if (error instanceof NodeApiError) {
				error.context.itemIndex ??= itemIndex;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
			}
			if (error instanceof NodeOperationError) error.context.itemIndex ??= itemIndex;
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return output;
}
