import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { CallbackRequest } from '../common/callback';
import { resumeWebhookDescription, resumeWith } from '../common/resumeWebhook';
import { refuse } from '../common/trigger';
import * as acknowledgeCallback from './actions/acknowledgeCallback';
import * as createRecognitionTask from './actions/createRecognitionTask';
import { router } from './actions/router';
import { CALLBACK_ACCEPTED, readTencentCallback, tencentCallbackToTask } from './mapping';

export class TencentCloudAsr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tencent Cloud ASR',
		name: 'tencentCloudAsr',
		icon: { light: 'file:tencentCloudAsr.svg', dark: 'file:tencentCloudAsr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			'Transcribe recordings with Tencent Cloud ASR (legacy REST API, results by callback)',
		defaults: { name: 'Tencent Cloud ASR' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tencentCloudAsrApi', required: true }],
		// Where Tencent's callback resumes an execution parked by "Wait for the Callback Here".
		webhooks: resumeWebhookDescription,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Acknowledge Callback',
						value: 'acknowledgeCallback',
						action: 'Acknowledge a trigger callback',
						description:
							'Answer Tencent {"code":0} at the end of a workflow started by a Tencent Cloud ASR Trigger that acknowledges after success',
					},
					{
						name: 'Create Recognition Task',
						value: 'createRecognitionTask',
						action: 'Create a recognition task',
						description: 'Send a recording to be transcribed; the result comes back by callback',
					},
				],
				default: 'createRecognitionTask',
			},
			...createRecognitionTask.description,
			...acknowledgeCallback.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	/**
	 * The resume webhook: Tencent's callback to the resume URL of an execution parked by "Wait
	 * for the Callback Here" (n8n has checked its resume token). Answers Tencent's expected JSON
	 * and hands the result to the paused execution as this node's output.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const callback = await readTencentCallback(
			this.getRequestObject() as unknown as CallbackRequest,
		);
		// Not a Tencent callback: refuse it and keep waiting for the real one.
		if ('reason' in callback) return refuse(this, 400, { code: 400, message: callback.reason });
		const { fields } = callback;
		return resumeWith(
			this,
			tencentCallbackToTask(fields, new Date()),
			fields as IDataObject,
			CALLBACK_ACCEPTED,
		);
	}
}
