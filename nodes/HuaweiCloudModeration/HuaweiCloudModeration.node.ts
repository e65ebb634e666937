import type {
	IExecuteFunctions,
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
import * as createAudioModerationJob from './actions/createAudioModerationJob';
import * as getJob from './actions/getJob';
import { router } from './actions/router';
import {
	CALLBACK_ACCEPTED,
	huaweiJobToTask,
	isSignedWithSeed,
	readHuaweiCallback,
	resumeSeed,
	signatureHeader,
} from './mapping';
import { HUAWEI_RESUME_KEY } from './transport';

export class HuaweiCloudModeration implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei Cloud Moderation',
		name: 'huaweiCloudModeration',
		icon: { light: 'file:huaweiCloud.svg', dark: 'file:huaweiCloud.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Check audio with Huawei Cloud Content Moderation (audio jobs)',
		defaults: { name: 'Huawei Cloud Moderation' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'huaweiCloudApi', required: true }],
		// Where Huawei's callback resumes an execution parked by "Wait for the Callback Here".
		webhooks: resumeWebhookDescription,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Create Audio Moderation Job',
						value: 'createAudioModerationJob',
						action: 'Create an audio moderation job',
						description: 'Send a recording URL to be checked',
					},
					{
						name: 'Get Job',
						value: 'getJob',
						action: 'Get an audio moderation job',
						description: 'Status and verdict of a job, optionally waiting until it finishes',
					},
				],
				default: 'createAudioModerationJob',
			},
			...createAudioModerationJob.description,
			...getJob.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	/**
	 * The resume webhook: Huawei's callback to the resume URL of an execution parked by "Wait
	 * for the Callback Here" (n8n has checked its resume token). The job was created with a
	 * seed drawn from that token, so the callback must carry its X-Auth-Signature.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as CallbackRequest;
		const callback = await readHuaweiCallback(request);
		if ('reason' in callback) return refuse(this, 400, { error: callback.reason });
		const resumeKey = await verifiedResumeKey(this, HUAWEI_RESUME_KEY);
		if (!resumeKey) return refuse(this, 401, { error: 'missing or wrong resume key' });
		if (!isSignedWithSeed(callback.job, signatureHeader(request), resumeSeed(resumeKey))) {
			return refuse(this, 401, { error: 'missing or wrong X-Auth-Signature' });
		}
		return resumeWith(this, huaweiJobToTask(callback.job), callback.job, CALLBACK_ACCEPTED);
	}
}
