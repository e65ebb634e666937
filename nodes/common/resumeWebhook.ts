import type { IDataObject, IExecuteFunctions, IWebhookDescription } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

/**
 * Parks the execution until the vendor's callback resumes it, or `maxWaitMs` passes. When the
 * wait expires, n8n resumes the execution by passing the waiting node's input items through
 * unchanged (the node is not run again): rewriting the input item now into `timedOut` makes
 * that pass-through a failed "timed out" task instead of the unrelated input.
 */
export async function parkUntilCallback(
	context: IExecuteFunctions,
	itemIndex: number,
	timedOut: IDataObject,
	maxWaitMs: number,
): Promise<void> {
	const input = context.getInputData()[itemIndex];
	input.json = timedOut;
	delete input.binary;
	await context.putExecutionToWait(new Date(Date.now() + maxWaitMs));
}
