import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { API3_CALLBACK_ACCEPTED, CALLBACK_ACCEPTED } from '../mapping';

/**
 * Ends a workflow started by a Tencent Cloud ASR Trigger set to acknowledge after the
 * workflow succeeds: answers Tencent {"code":0,"message":"成功"} so it does not notify again.
 * (n8n's own Respond to Webhook node only works under n8n's Webhook node.)
 */
export const description: INodeProperties[] = [
	{
		displayName:
			'Put this at the end of a workflow started by a Tencent Cloud ASR Trigger whose Acknowledge is "After the Workflow Succeeds". If the workflow fails before reaching it, Tencent gets HTTP 500 and notifies again.',
		name: 'acknowledgeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['acknowledgeCallback'] } },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	// One answer per callback: n8n uses the first response a run sends.
	if (itemIndex === 0) {
		// API 3.0 expects "success", the legacy API "成功"; both read code 0.
		const api3 = this.getNodeParameter('api', 0, 'legacy') === 'api3';
		this.sendResponse({
			body: api3 ? API3_CALLBACK_ACCEPTED : CALLBACK_ACCEPTED,
			headers: { 'content-type': 'application/json; charset=utf-8' },
			statusCode: 200,
		});
	}
	return [{ json: this.getInputData()[itemIndex].json }];
}
