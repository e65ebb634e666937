import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { CallbackRequest } from '../common/callback';
import { resumeWebhookDescription, resumeWith, verifiedResumeKey } from '../common/resumeWebhook';
import { refuse } from '../common/trigger';
import * as acknowledgeCallback from './actions/acknowledgeCallback';
import * as createRecognitionTask from './actions/createRecognitionTask';
import * as createTask from './actions/createTask';
import * as getTaskStatus from './actions/getTaskStatus';
import { router } from './actions/router';
import {
	API3_CALLBACK_ACCEPTED,
	CALLBACK_ACCEPTED,
	readTencentCallback,
	tencentCallbackToTask,
} from './mapping';
import { TENCENT_RESUME_KEY } from './transport';

const legacyOperations = (show: IDisplayOptions['show']): INodeProperties => ({
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
	displayOptions: { show },
});

export class TencentCloudAsr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tencent Cloud ASR',
		name: 'tencentCloudAsr',
		icon: { light: 'file:tencentCloudAsr.svg', dark: 'file:tencentCloudAsr.dark.svg' },
		group: ['transform'],
		// Version 1: the legacy REST API only (workflows saved before API 3.0). Version 2: a
		// choice of API, API 3.0 by default.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			'Transcribe recordings with Tencent Cloud ASR: API 3.0 (status query, speakers) or the legacy REST API',
		defaults: { name: 'Tencent Cloud ASR' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tencentCloudAsrApi', required: true }],
		// Where Tencent's callback resumes an execution parked by "Wait for the Callback Here".
		webhooks: resumeWebhookDescription,
		properties: [
			{
				displayName: 'API',
				name: 'api',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'API 3.0',
						value: 'api3',
						description: 'Status query, speakers, sentence times (what Tencent documents today)',
					},
					{
						name: 'Legacy REST API',
						value: 'legacy',
						description: 'The aai.qcloud.com API, results by callback only',
					},
				],
				default: 'api3',
				displayOptions: { show: { '@version': [2] } },
			},
			// The legacy API's operations: all there is in version 1, a choice in version 2.
			legacyOperations({ '@version': [1] }),
			legacyOperations({ '@version': [2], api: ['legacy'] }),
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
							'Answer Tencent at the end of a workflow started by a Tencent Cloud ASR Trigger that acknowledges after success',
					},
					{
						name: 'Create Recognition Task',
						value: 'createTask',
						action: 'Create a recognition task (API 3.0)',
						description: 'Send a recording to be transcribed, optionally waiting for the result',
					},
					{
						name: 'Get Task Status',
						value: 'getTaskStatus',
						action: 'Get the status of a recognition task',
						description:
							'Status, transcript and sentences of a task, optionally waiting until it ends',
					},
				],
				default: 'createTask',
				displayOptions: { show: { '@version': [2], api: ['api3'] } },
			},
			...createRecognitionTask.description,
			...createTask.description,
			...getTaskStatus.description,
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
		if (!(await verifiedResumeKey(this, TENCENT_RESUME_KEY)))
			return refuse(this, 401, { code: 401, message: 'missing or wrong resume key' });
		const callback = await readTencentCallback(
			this.getRequestObject() as unknown as CallbackRequest,
		);
		// Not a Tencent callback: refuse it and keep waiting for the real one.
		if ('reason' in callback) return refuse(this, 400, { code: 400, message: callback.reason });
		const { fields } = callback;
		const api3 = this.getNodeParameter('api', 'legacy') === 'api3';
		const answer = api3 ? API3_CALLBACK_ACCEPTED : CALLBACK_ACCEPTED;
		return resumeWith(
			this,
			tencentCallbackToTask(fields, new Date()),
			fields as IDataObject,
			answer,
		);
	}
}
