import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INode,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Task } from './taskModel';
import type { WaitOptions, WaitOutcome } from './waitForCompletion';
import { waitForCompletion } from './waitForCompletion';

/**
 * "Wait for Completion" and its timing, the same on every vendor's status operation.
 * `show` is the displayOptions.show of the operation they belong to.
 */
export function waitForCompletionProperties(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			description:
				'Whether to keep polling until the task succeeds or fails, instead of returning its current status',
			displayOptions: { show },
		},
		...waitTimingProperties({ ...show, waitForCompletion: [true] }),
	];
}

/** The timing of a wait for completion, shown under `show` (where an operation waits). */
export function waitTimingProperties(show: IDisplayOptions['show']): INodeProperties[] {
	const whenWaiting = { show };
	return [
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 0.01, numberPrecision: 2 },
			default: 5,
			description: 'Delay before the second status check; later delays grow by the backoff factor',
			displayOptions: whenWaiting,
		},
		{
			displayName: 'Max Poll Interval (Seconds)',
			name: 'maxPollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 0.01, numberPrecision: 2 },
			default: 60,
			description: 'The delay between checks never grows beyond this',
			displayOptions: whenWaiting,
		},
		{
			displayName: 'Backoff Factor',
			name: 'backoffFactor',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 2 },
			default: 1.5,
			description: 'Each delay is the previous one times this; 1 polls at a fixed interval',
			displayOptions: whenWaiting,
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'waitTimeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 600,
			description: 'Give up waiting after this long; the task keeps running at the vendor',
			displayOptions: whenWaiting,
		},
	];
}

/** The defaults above, by parameter name, for nodes whose saved parameters predate one of them. */
const WAIT_DEFAULTS = Object.fromEntries(
	waitTimingProperties({}).map((property) => [property.name, property.default as number]),
);

export function readWaitOptions(
	this: IExecuteFunctions,
	itemIndex: number,
): WaitOptions | undefined {
	if (!(this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean)) return undefined;
	return readWaitTiming.call(this, itemIndex);
}

/** The timing of waitTimingProperties, for an operation that waits by another choice. */
export function readWaitTiming(this: IExecuteFunctions, itemIndex: number): WaitOptions {
	const number = (name: string) =>
		Number(this.getNodeParameter(name, itemIndex, WAIT_DEFAULTS[name]));
	return {
		intervalMs: number('pollIntervalSeconds') * 1000,
		maxIntervalMs: number('maxPollIntervalSeconds') * 1000,
		backoffFactor: Math.max(1, number('backoffFactor')),
		timeoutMs: number('waitTimeoutSeconds') * 1000,
		signal: this.getExecutionCancelSignal(),
	};
}

/** "0.2 s" for short waits, "95 s" for long ones. */
function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return `${seconds < 10 ? Math.round(seconds * 10) / 10 : Math.round(seconds)} s`;
}

export function waitTimeoutError(
	node: INode,
	vendor: string,
	outcome: WaitOutcome,
	itemIndex: number,
): NodeOperationError {
	const { task } = outcome;
	const progress = task.progress !== undefined ? `, ${task.progress}% done` : '';
	return new NodeOperationError(
		node,
		`${vendor} task ${task.taskId} did not finish within ${formatSeconds(outcome.waitedMs)} (last status: ${task.status}${progress})`,
		{
			itemIndex,
			description: `Checked ${outcome.polls} times. The task keeps running at ${vendor}: raise the timeout, or check its status again later.`,
		},
	);
}

/**
 * Where an error finds its node. n8n's getNode() deep-copies the node on every call, so the
 * per-item paths ask for it only when they report an error.
 */
export interface NodeSource {
	getNode(): INode;
}

/** Polls until the task finishes; a wait that runs out is an error that says how far it got. */
export async function waitForTask(
	context: NodeSource,
	vendor: string,
	poll: () => Promise<Task>,
	options: WaitOptions,
	itemIndex: number,
): Promise<Task> {
	const outcome = await waitForCompletion(poll, options);
	if (outcome.timedOut) throw waitTimeoutError(context.getNode(), vendor, outcome, itemIndex);
	return outcome.task;
}

/** A task as one read of the vendor gives it, with the reply (kept for `raw`). */
export interface TaskRead {
	task: Task;
	reply: IDataObject;
}

/** Reads a task once, or, with `waitOptions`, until it ends; the last read is returned. */
export async function readTask(
	context: NodeSource,
	vendor: string,
	itemIndex: number,
	read: () => Promise<TaskRead>,
	waitOptions: WaitOptions | undefined,
): Promise<TaskRead> {
	let last: TaskRead | undefined;
	const poll = async () => (last = await read()).task;
	if (waitOptions) await waitForTask(context, vendor, poll, waitOptions, itemIndex);
	else await poll();
	return last!;
}

/** Options every task operation offers. */
export const includeRawResponseOption: INodeProperties = {
	displayName: 'Include Raw Response',
	name: 'includeRawResponse',
	type: 'boolean',
	default: false,
	description: "Whether to add the vendor's unmodified reply to the output under `raw`",
};

export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Ms)',
	name: 'requestTimeoutMs',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 30000,
	description:
		'How long one HTTP request may take before it counts as failed (read-only calls are retried)',
};

/** An operation's "Options" collection, shown under `show`. */
export function optionsProperty(
	show: IDisplayOptions['show'],
	options: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options,
	};
}

/** The "Options" collection of a task operation: its own options, then Include Raw Response and Request Timeout. */
export function taskOptionsProperty(
	show: IDisplayOptions['show'],
	extra: INodeProperties[] = [],
): INodeProperties {
	return optionsProperty(show, [...extra, includeRawResponseOption, requestTimeoutOption]);
}

/** What every task operation's Options collection holds, besides its own options. */
export interface TaskOptions extends IDataObject {
	includeRawResponse?: boolean;
	requestTimeoutMs?: number;
}

/** A node or trigger context: triggers read parameters without an item index. */
interface ParameterSource {
	getNodeParameter(name: string, ...rest: unknown[]): unknown;
}

/** The Options collection of an operation (of item `itemIndex`) or of a trigger (no index). */
export function readTaskOptions(context: ParameterSource, itemIndex?: number): TaskOptions {
	const options =
		itemIndex === undefined
			? context.getNodeParameter('options', {})
			: context.getNodeParameter('options', itemIndex, {});
	return (options ?? {}) as TaskOptions;
}
