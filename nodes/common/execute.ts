import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Concurrency } from './concurrency';
import { runBounded } from './concurrency';
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
	/**
	 * For `execute`: how many items may be at the vendor at once, set by the "Concurrent Items"
	 * option (`concurrencyOption`) of the Options collection. Without it, one at a time.
	 */
	concurrency?: Concurrency;
}

/**
 * Runs the selected operation, per item or on the whole input, under the same rules: every
 * output item is paired with the input item it came from, in input order; with "Continue On
 * Fail" a failing item becomes an error item and the others still count; a stopped execution
 * ends with n8n's cancellation error, whatever the operation was doing.
 */
export async function runOperation(
	this: IExecuteFunctions,
	operations: Readonly<Record<string, Operation>>,
): Promise<INodeExecutionData[]> {
	const first = operations[this.getNodeParameter('operation', 0) as string];
	let outcomes: Array<ItemOutcome | undefined>;
	if (first?.executeAll) {
		try {
			outcomes = await first.executeAll.call(this);
		} catch (error) {
			outcomes = this.getInputData().map((_, itemIndex) => ({ itemIndex, error: error as Error }));
		}
	} else {
		outcomes = await runItems.call(this, readConcurrency.call(this, first?.concurrency), (index) =>
			executeItem.call(this, operations, index),
		);
	}
	return settle.call(this, outcomes);
}

/**
 * The "Concurrent Items" option of the node run (read once: it is a property of the run, not of
 * an item), kept within the operation's limits; 1 for an operation that has none.
 */
export function readConcurrency(this: IExecuteFunctions, limits: Concurrency | undefined): number {
	if (!limits) return 1;
	const chosen = Number(this.getNodeParameter('options.concurrency', 0, limits.default));
	if (!Number.isFinite(chosen)) return limits.default;
	return Math.min(limits.max, Math.max(1, Math.floor(chosen)));
}

/**
 * `run` for each input item, `concurrency` at a time, outcomes by input index. Without Continue
 * On Fail, a failure starts no further item, as a one-at-a-time run would stop there.
 */
export async function runItems(
	this: IExecuteFunctions,
	concurrency: number,
	run: (itemIndex: number) => Promise<ItemOutcome>,
): Promise<Array<ItemOutcome | undefined>> {
	const stopOnFailure = !this.continueOnFail();
	return await runBounded(
		this.getInputData().length,
		concurrency,
		run,
		(outcome) => stopOnFailure && 'error' in outcome,
		this.getExecutionCancelSignal(),
	);
}

async function executeItem(
	this: IExecuteFunctions,
	operations: Readonly<Record<string, Operation>>,
	itemIndex: number,
): Promise<ItemOutcome> {
	try {
		const operationName = this.getNodeParameter('operation', itemIndex) as string;
		const operation = operations[operationName];
		if (!operation?.execute) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operationName}" is not supported`,
				{ itemIndex },
			);
		}
		return { itemIndex, output: await operation.execute.call(this, itemIndex) };
	} catch (error) {
		return { itemIndex, error: error as Error };
	}
}

/** The node's output from the outcomes, in their order, or the error that ends the run. */
function settle(
	this: IExecuteFunctions,
	outcomes: Array<ItemOutcome | undefined>,
): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	const settled = outcomes.filter((outcome): outcome is ItemOutcome => outcome !== undefined);
	for (const outcome of settled) {
		if ('error' in outcome) {
			output.push(failedItem.call(this, outcome.error, outcome.itemIndex, settled));
			continue;
		}
		for (const result of outcome.output)
			output.push({ ...result, pairedItem: { item: outcome.itemIndex } });
	}
	// Stopped between two items: nothing failed, but the run must not pass for complete.
	if (this.getExecutionCancelSignal()?.aborted) throw cancellationError(this);
	return output;
}

/** An item's error: the execution's cancellation, an error item, or the node's error. */
function failedItem(
	this: IExecuteFunctions,
	error: Error,
	itemIndex: number,
	outcomes: ItemOutcome[],
): INodeExecutionData {
	if (this.getExecutionCancelSignal()?.aborted) throw cancellationError(this);
	if (this.continueOnFail()) return errorItem(this.getNode(), error, itemIndex);
	const failure = nodeError(this.getNode(), error, itemIndex);
	const alreadySent = sentAfter(outcomes, itemIndex);
	if (alreadySent)
		failure.description = [failure.description, alreadySent].filter(Boolean).join(' ');
	throw failure;
}

/**
 * Items after `itemIndex` that had already succeeded when it failed (several at once): their
 * output is lost with the failed run, so the error names them, and their task IDs, if any.
 */
function sentAfter(outcomes: ItemOutcome[], itemIndex: number): string | undefined {
	const later = outcomes.filter(
		(outcome) => outcome.itemIndex > itemIndex && 'output' in outcome,
	) as Array<{ itemIndex: number; output: INodeExecutionData[] }>;
	if (later.length === 0) return undefined;
	const taskIds = later
		.flatMap((outcome) => outcome.output.map((item) => (item.json as IDataObject).taskId))
		.filter((taskId) => taskId !== undefined && taskId !== null && taskId !== '');
	const items = later.map((outcome) => outcome.itemIndex).join(', ');
	const tasks = taskIds.length > 0 ? ` (task IDs ${taskIds.join(', ')})` : '';
	return `Items sent at the same time had already succeeded and are not in the output: item ${items}${tasks}. Set Concurrent Items to 1 to stop at the first failure.`;
}
