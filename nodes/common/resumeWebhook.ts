import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readTaskOptions } from './properties';
import type { Task } from './taskModel';
import { taskToJson } from './taskModel';

/**
 * The webhook through which a vendor's callback resumes an execution that a node parked
 * with putExecutionToWait (the "wait for the callback" mode), declared as n8n's Wait node
 * declares its own. Its URL is `$execution.resumeUrl`: /webhook-waiting/<executionId> with
 * the execution's random resume token as `?signature=`, which n8n checks (constant time)
 * before the node's webhook() runs; without a suffix it reaches the webhook whose path is
 * empty. Nothing is registered at the vendor: the URL travels with each task, so there is
 * no webhook lifecycle to manage.
 */
export const RESUME_URL_EXPRESSION = '{{ $execution.resumeUrl }}';

export const resumeWebhookDescription: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		// Empty, so n8n answers with the webhookResponse the node returns; left undefined it
		// defaults to 'firstEntryJson' and n8n sends that word as the answer.
		responseData: '',
		path: '',
		restartWebhook: true,
		isFullPath: true,
	},
];

/**
 * The execution's resume URL, to hand to a vendor as its callback URL, once it is certain a
 * callback to it can be authenticated and resumed: one item per execution, and a resume
 * token in the URL (n8n refuses a call without it before it reaches the node).
 */
export function resumeUrlFor(
	context: IExecuteFunctions,
	itemIndex: number,
	trigger: string,
): string {
	const items = context.getInputData().length;
	if (items > 1) {
		throw new NodeOperationError(
			context.getNode(),
			'Wait for the Callback Here takes one recording per execution',
			{
				itemIndex,
				description: `This execution got ${items} items, but one execution can wait for one callback. Send a ${trigger} URL as callback instead, or run one item per execution (e.g. an Execute Workflow node in "run once for each item" mode).`,
			},
		);
	}
	const resumeUrl = String(context.evaluateExpression(RESUME_URL_EXPRESSION, itemIndex));
	if (!/[?&]signature=/.test(resumeUrl)) {
		throw new NodeOperationError(
			context.getNode(),
			'This n8n gave no resume token for the execution, so a callback could not be authenticated',
			{
				itemIndex,
				description: `Wait for the Callback Here needs n8n 1.x with waiting-webhook tokens or 2.x. Use Send to a Callback URL with a ${trigger} instead.`,
			},
		);
	}
	return resumeUrl;
}

/** "Max Wait (Minutes)" of a "Wait for the Callback Here" delivery, shown under `show`. */
export function maxWaitProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 120,
		description:
			'If no callback arrives by then, the execution resumes and this node outputs a failed task with error code CALLBACK_TIMEOUT. No worker is held while waiting.',
		displayOptions: { show },
	};
}

/**
 * Parks the execution until the vendor's callback resumes it, or Max Wait passes. When the
 * wait expires, n8n resumes the execution by passing the waiting node's input items through
 * unchanged (the node is not run again): rewriting the input item now into `task`, failed
 * with CALLBACK_TIMEOUT, makes that pass-through a "timed out" task instead of the unrelated input.
 */
export async function parkUntilCallback(
	context: IExecuteFunctions,
	itemIndex: number,
	task: Task,
	vendor: string,
): Promise<void> {
	const minutes = Number(context.getNodeParameter('maxWaitMinutes', itemIndex, 120));
	const timedOut: Task = {
		...task,
		status: 'failed',
		error: {
			code: 'CALLBACK_TIMEOUT',
			message: `No callback from ${vendor} within ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`,
		},
	};
	const input = context.getInputData()[itemIndex];
	input.json = taskToJson(timedOut);
	delete input.binary;
	await context.putExecutionToWait(new Date(Date.now() + minutes * 60_000));
}

/**
 * What the resume webhook returns for a genuine callback: the answer the vendor expects, and
 * the task as the parked node's output (with the vendor's fields under `raw` when asked).
 */
export function resumeWith(
	context: IWebhookFunctions,
	task: Task,
	raw: IDataObject,
	answer: IDataObject,
): IWebhookResponseData {
	const json = taskToJson(task, readTaskOptions(context).includeRawResponse ? raw : undefined);
	return { webhookResponse: answer, workflowData: [[{ json, pairedItem: { item: 0 } }]] };
}
