import { createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { constantTimeEqual } from './callback';
import { readTaskOptions } from './properties';
import type { Task } from './taskModel';
import { taskToJson } from './taskModel';

/**
 * The webhook through which a vendor's callback resumes an execution that a node parked
 * with putExecutionToWait (the "wait for the callback" mode), declared as n8n's Wait node
 * declares its own. Its URL is `$execution.resumeUrl`: /webhook-waiting/<executionId>, on
 * n8n 2.x with the execution's random resume token as `?signature=`, which n8n checks before
 * the node's webhook() runs; the node adds its own resume key on every version (see
 * resumeKey). Without a suffix it reaches the webhook whose path is empty. Nothing is
 * registered at the vendor: the URL travels with each task, so there is no webhook lifecycle
 * to manage.
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

/** The credential whose secrets key an execution's resume key, and which of its fields do. */
export interface ResumeKeySource {
	credentialType: string;
	/** Fields that stay the same while an execution waits (not a session token). */
	secretFields: readonly string[];
}

/** The query parameter that carries the resume key. */
export const RESUME_KEY_PARAMETER = 'resume_key';

/**
 * The resume key of an execution: HMAC-SHA256 of its id under the credential's secrets. n8n
 * 2.x adds its own random token to the resume URL and checks it before webhook() runs; n8n
 * 1.x gives a bare /webhook-waiting/<executionId>, whose ids are counted up, and checks
 * nothing for a node like ours. The key makes the URL unguessable on both, and needs nothing
 * stored: webhook() computes it again from the URL's execution id.
 */
function resumeKey(
	credentials: ICredentialDataDecryptedObject,
	source: ResumeKeySource,
	executionId: string,
): string {
	const secrets = JSON.stringify(source.secretFields.map((field) => credentials[field] ?? ''));
	return createHmac('sha256', secrets).update(`n8n resume ${executionId}`).digest('hex');
}

/**
 * The execution's resume URL, with its resume key, to hand to a vendor as its callback URL;
 * one item per execution, since one execution resumes once.
 */
export async function resumeUrlFor(
	context: IExecuteFunctions,
	itemIndex: number,
	trigger: string,
	source: ResumeKeySource,
): Promise<string> {
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
	const resumeUrl = new URL(String(context.evaluateExpression(RESUME_URL_EXPRESSION, itemIndex)));
	const credentials = await context.getCredentials(source.credentialType, itemIndex);
	resumeUrl.searchParams.set(
		RESUME_KEY_PARAMETER,
		resumeKey(credentials, source, context.getExecutionId()),
	);
	return resumeUrl.toString();
}

/**
 * The resume key of a call to the resume webhook, when it is this execution's (compared in
 * constant time); undefined otherwise. The execution id is the last segment of the path:
 * the resume webhook's own path is empty.
 */
export async function verifiedResumeKey(
	context: IWebhookFunctions,
	source: ResumeKeySource,
): Promise<string | undefined> {
	const request = context.getRequestObject() as { originalUrl?: string; url?: string };
	const path = new URL(request.originalUrl ?? request.url ?? '/', 'http://n8n').pathname;
	const executionId = path.split('/').filter(Boolean).pop() ?? '';
	const received = (context.getQueryData() as IDataObject)[RESUME_KEY_PARAMETER];
	if (typeof received !== 'string' || !executionId) return undefined;
	const credentials = await context.getCredentials(source.credentialType);
	const expected = resumeKey(credentials, source, executionId);
	return constantTimeEqual(received, expected) ? received : undefined;
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
