import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { yidunSignature } from '../../credentials/YidunApi.credentials';
import { constantTimeEqual, formFieldsOf } from '../common/callback';
import { includeRawResponseOption } from '../common/properties';
import { taskToJson } from '../common/taskModel';
import { yidunV3ResultToTask, yidunV4ResultToTask } from './mapping';

/** taskIds pushed lately, by trigger: Yidun may deliver the same result more than once. */
const recentPushes = new Map<string, number>();

/** True when this trigger saw a push of the task within the window (and remembers this one). */
function seenRecently(key: string, windowMs: number): boolean {
	const now = Date.now();
	for (const [entry, at] of recentPushes) if (at < now - windowMs) recentPushes.delete(entry);
	if (recentPushes.has(key)) return true;
	recentPushes.set(key, now);
	return false;
}

/**
 * Receives the results Yidun pushes to the callbackUrl of Submit Audio. Every push is
 * verified: the signature over all fields (with the credential's Secret Key and the method
 * the push names), compared in constant time, then the secretId and businessId.
 */
export class YidunTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Yidun Trigger',
		name: 'yidunTrigger',
		icon: { light: 'file:yidun.svg', dark: 'file:yidun.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Pushed results',
		description: 'Starts the workflow when NetEase Yidun pushes an audio moderation result',
		defaults: { name: 'Yidun Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'yidunApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Empty, so n8n answers with the webhookResponse returned below (undefined means 'firstEntryJson').
				responseData: '',
				path: 'push',
			},
		],
		properties: [
			{
				displayName: "Use this trigger's Production URL as the Callback URL of Yidun Audio Moderation → Submit Audio. To fetch results on a schedule instead, use the Yidun Poll Trigger.",
				name: 'pushNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Ignore Repeats for (Minutes)',
				name: 'dedupeMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description: 'Yidun may push the same result more than once: a push of a task already seen within this time is acknowledged but starts no execution',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [{ ...includeRawResponseOption, description: 'Whether to add the pushed result (callbackData) to the output under `raw`' }],
			},
		],
	};

	/** Nothing to register at Yidun: the push URL travels with each submitted task. */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const refuse = (status: number, msg: string): IWebhookResponseData => {
			response.status(status).json({ code: status, msg });
			return { noWebhookResponse: true };
		};

		const fields = formFieldsOf(this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown; headers: Record<string, string> });
		if (!fields) return refuse(400, 'not a Yidun push: the body is not form data');
		if (!fields.signature) return refuse(401, 'missing signature');

		const credentials = await this.getCredentials('yidunApi');
		let expected: string;
		try {
			expected = yidunSignature(fields, String(credentials.secretKey), fields.signatureMethod ?? 'MD5');
		} catch {
			return refuse(401, 'unknown signature method');
		}
		if (!constantTimeEqual(fields.signature, expected)) return refuse(401, 'invalid signature');
		if (fields.secretId !== String(credentials.secretId).trim() || fields.businessId !== String(credentials.businessId).trim()) {
			return refuse(403, 'push for another account or business');
		}

		let result: IDataObject;
		try {
			result = JSON.parse(fields.callbackData ?? '') as IDataObject;
		} catch {
			return refuse(400, 'callbackData is not JSON');
		}
		if (!result || typeof result !== 'object' || result.taskId === undefined) return refuse(400, 'callbackData has no taskId');

		const windowMs = Number(this.getNodeParameter('dedupeMinutes', 10)) * 60_000;
		const key = `${this.getWorkflow().id}:${this.getNode().id}:${String(result.taskId)}`;
		if (windowMs > 0 && seenRecently(key, windowMs)) return { webhookResponse: { code: 200, msg: 'ok (repeat ignored)' } };

		// v3 pushes carry asrStatus/action, v4 pushes status/suggestion: both map to the same model.
		const task = 'asrStatus' in result ? yidunV3ResultToTask(result) : yidunV4ResultToTask(result);
		const includeRaw = (this.getNodeParameter('options', {}) as { includeRawResponse?: boolean }).includeRawResponse;
		return {
			webhookResponse: { code: 200, msg: 'ok' },
			workflowData: [[{ json: taskToJson(task, includeRaw ? result : undefined) }]],
		};
	}
}
