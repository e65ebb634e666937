import type { IWebhookDescription } from 'n8n-workflow';

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
