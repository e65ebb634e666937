import type { IWebhookDescription } from 'n8n-workflow';

/**
 * The webhook through which a vendor's callback resumes an execution that a node parked
 * with putExecutionToWait (the "wait for the callback" mode), as n8n's send-and-wait nodes
 * declare theirs. Its URL is the one getSignedResumeUrl() returns, which n8n checks the
 * signature of before the node's webhook() runs. Nothing is registered at the vendor: the
 * URL travels with each task, so there is no webhook lifecycle to manage.
 */
export const resumeWebhookDescription: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];
