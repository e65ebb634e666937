import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { CallbackRequest } from '../common/callback';
import { includeRawResponseOption, readTaskOptions } from '../common/properties';
import { taskToJson } from '../common/taskModel';
import {
	checkCallbackToken,
	credentialValueAccepts,
	hasCallbackToken,
	refuse,
	TRIGGER_VERSIONS,
	triggerWebhook,
	unregisteredWebhook,
} from '../common/trigger';
import {
	API3_CALLBACK_ACCEPTED,
	CALLBACK_ACCEPTED,
	isApi3Task,
	readTencentCallback,
	tencentCallbackToTask,
} from './mapping';

/**
 * Receives Tencent's result callbacks for any number of tasks. Tencent signs nothing, so
 * the URL carries a secret token; requests without it are refused before any execution.
 */
export class TencentCloudAsrTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tencent Cloud ASR Trigger',
		name: 'tencentCloudAsrTrigger',
		icon: { light: 'file:tencentCloudAsr.svg', dark: 'file:tencentCloudAsr.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle:
			'={{ "Acknowledge " + ($parameter["acknowledge"] === "afterWorkflowSucceeds" ? "after success" : "immediately") }}',
		description: 'Starts the workflow when Tencent Cloud ASR posts a recognition result',
		defaults: { name: 'Tencent Cloud ASR Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tencentCloudAsrApi', required: true }],
		// "Immediately": answered once n8n has recorded the execution, as the other triggers are.
		// "After the workflow succeeds": answered by the run's Acknowledge Callback node.
		webhooks: triggerWebhook('callback', (parameters) =>
			parameters.acknowledge === 'afterWorkflowSucceeds' ? 'responseNode' : 'onReceived',
		),
		properties: [
			{
				displayName:
					"Give Tencent this trigger's Production URL followed by <code>?token=</code> and the Callback Token below, as the Callback URL of the Tencent Cloud ASR node",
				name: 'callbackUrlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Callback Token',
				name: 'callbackToken',
				type: 'string',
				typeOptions: { password: true },
				required: true,
				default: '',
				placeholder: 'e.g. the output of: openssl rand -hex 24',
				description:
					'A long random secret. Callbacks whose URL lacks ?token= with this value are answered 401 and start no execution.',
			},
			{
				displayName: 'Acknowledge',
				name: 'acknowledge',
				type: 'options',
				options: [
					{
						name: 'Immediately',
						value: 'immediately',
						description: 'Answer Tencent {"code":0} as soon as the callback is accepted',
					},
					{
						name: 'After the Workflow Succeeds',
						value: 'afterWorkflowSucceeds',
						description:
							'End the workflow with a Tencent Cloud ASR node, operation Acknowledge Callback. A failed workflow answers HTTP 500, so Tencent notifies again.',
					},
				],
				default: 'immediately',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						...includeRawResponseOption,
						description: 'Whether to add the decoded callback fields to the output under `raw`',
					},
				],
			},
		],
	};

	/**
	 * Tencent has no webhook registration: the callback URL travels with each task. What
	 * activation can do is refuse a token too weak to protect an unsigned callback.
	 */
	webhookMethods = {
		...unregisteredWebhook((context) =>
			checkCallbackToken(
				context.getNode(),
				String(context.getNodeParameter('callbackToken', '') ?? ''),
				'Tencent signs nothing, so this token is what keeps strangers from starting the workflow.',
			),
		),
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (!hasCallbackToken(this, String(this.getNodeParameter('callbackToken', '') ?? ''))) {
			return refuse(this, 401, { code: 401, message: 'missing or wrong token' });
		}

		const callback = await readTencentCallback(
			this.getRequestObject() as unknown as CallbackRequest,
		);
		if ('reason' in callback) return refuse(this, 400, { code: 400, message: callback.reason });
		const { fields } = callback;

		if (
			fields.appid !== undefined &&
			!(await credentialValueAccepts(
				this,
				'tencentCloudAsrApi',
				(credentials) => String(credentials.appId).trim(),
				(appId) => fields.appid === appId,
			))
		) {
			return refuse(this, 403, { code: 403, message: 'callback for another App ID' });
		}

		const includeRaw = readTaskOptions(this).includeRawResponse;
		const task = tencentCallbackToTask(fields, new Date());
		const json = taskToJson(task, includeRaw ? (fields as IDataObject) : undefined);
		// n8n sends this answer in "onReceived" mode only, i.e. when acknowledging immediately:
		// after it has recorded the execution, so a callback it could not take in is never
		// acknowledged and Tencent sends it again. API 3.0 expects "success", the legacy API
		// "成功"; both read code 0.
		return {
			webhookResponse: isApi3Task(json) ? API3_CALLBACK_ACCEPTED : CALLBACK_ACCEPTED,
			workflowData: [[{ json }]],
		};
	}
}
