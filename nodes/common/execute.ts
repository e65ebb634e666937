import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { cancellationError, errorItem, nodeError } from './errors';

/** What one input item came to: its output items, or the error it failed with. */
export type ItemOutcome =
	{ itemIndex: number; output: INodeExecutionData[] } | { itemIndex: number; error: Error };

/** One operation of a node: its parameters, and what it does with the input. */
export interface Operation {
	description: INodeProperties[];
	/** Per item: the output items of input item `itemIndex`. */
	execute?(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
	/**
	 * Whole input, for batched calls or one call per execution: the outcome of each input item
	 * it answers for (an item left out has no output). Throwing fails every input item alike.
	 */
	executeAll?(this: IExecuteFunctions): Promise<ItemOutcome[]>;
}

/**
 * Runs the selected operation, per item or on the whole input, under the same rules: every
 * output item is paired with the input item it came from; with "Continue On Fail" a failing
 * item becomes an error item and the others still count; a stopped execution ends with
 * n8n's cancellation error, whatever the operation was doing.
 */
export async function runOperation(
	this: IExecuteFunctions,
	operations: Readonly<Record<string, Operation>>,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	const settle = (outcome: ItemOutcome) => {
		if ('error' in outcome) output.push(failedItem.call(this, outcome.error, outcome.itemIndex));
		else
			for (const result of outcome.output)
				output.push({ ...result, pairedItem: { item: outcome.itemIndex } });
	};

	const whole = operations[this.getNodeParameter('operation', 0) as string];
	if (whole?.executeAll) {
		let outcomes: ItemOutcome[];
		try {
			outcomes = await whole.executeAll.call(this);
		} catch (error) {
			outcomes = items.map((_, itemIndex) => ({ itemIndex, error: error as Error }));
		}
		outcomes.forEach(settle);
		return output;
	}

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operationName = this.getNodeParameter('operation', itemIndex) as string;
			const operation = operations[operationName];
			if (!operation?.execute) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operationName}" is not supported`,
					{
						itemIndex,
					},
				);
			}
			settle({ itemIndex, output: await operation.execute.call(this, itemIndex) });
		} catch (error) {
			settle({ itemIndex, error: error as Error });
		}
	}
	return output;
}

/** An item's error: the execution's cancellation, an error item, or the node's error. */
function failedItem(this: IExecuteFunctions, error: Error, itemIndex: number): INodeExecutionData {
	if (this.getExecutionCancelSignal()?.aborted) throw cancellationError(this);
	if (this.continueOnFail()) return errorItem(this.getNode(), error, itemIndex);
	throw nodeError(this.getNode(), error, itemIndex);
}
