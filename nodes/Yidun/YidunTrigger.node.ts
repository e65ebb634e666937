import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { yidunSignature } from '../../credentials/YidunApi.credentials';
import type { CallbackRequest } from '../common/callback';
import { constantTimeEqual, readFormFields } from '../common/callback';
import { includeRawResponseOption, readTaskOptions } from '../common/properties';
import { taskToJson } from '../common/taskModel';
import {
	credentialValueAccepts,
	refuse,
	seenRecently,
	TRIGGER_VERSIONS,
	triggerWebhook,
	unregisteredWebhook,
} from '../common/trigger';
import { yidunV3ResultToTask, yidunV4ResultToTask } from './mapping';

/**
 * Receives the results Yidun pushes to the callbackUrl of Submit Audio. Every push is
 * verified: the signature over all fields (with the credential's Secret Key and the method
 * the push names), compared in constant time, then the secretId and businessId.
 */
type PushVerdict = 'accepted' | 'unknownMethod' | 'badSignature' | 'otherAccount';

const REFUSALS: Record<Exclude<PushVerdict, 'accepted'>, [number, IDataObject]> = {
	unknownMethod: [401, { code: 401, msg: 'unknown signature method' }],
	badSignature: [401, { code: 401, msg: 'invalid signature' }],
	otherAccount: [403, { code: 403, msg: 'push for another account or business' }],
};

/** A push judged by one account: signed with its key, for its secret ID and business. */
function judgePush(
	fields: Record<string, string>,
	account: { secretKey: string; secretId: string; businessId: string },
): PushVerdict {
	let expected: string;
	try {
		expected = yidunSignature(fields, account.secretKey, fields.signatureMethod ?? 'MD5');
	} catch {
		return 'unknownMethod';
	}
	if (!constantTimeEqual(fields.signature, expected)) return 'badSignature';
	if (fields.secretId !== account.secretId || fields.businessId !== account.businessId)
		return 'otherAccount';
	return 'accepted';
}

export class YidunTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Yidun Trigger',
		name: 'yidunTrigger',
		icon: { light: 'file:yidun.svg', dark: 'file:yidun.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: 'Pushed results',
		description: 'Starts the workflow when NetEase Yidun pushes an audio moderation result',
		defaults: { name: 'Yidun Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'yidunApi', required: true }],
		// Answered as soon as n8n has created the execution: Yidun gives up after about 2 s.
		webhooks: triggerWebhook('push', 'onReceived'),
		properties: [
			{
				displayName:
					"Use this trigger's Production URL as the Callback URL of Yidun Audio Moderation → Submit Audio. To fetch results on a schedule instead, use the Yidun Poll Trigger.",
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
				description:
					'Yidun may push the same result more than once: a push of a task this n8n process saw within this time is acknowledged but starts no execution. Behind several webhook processors (queue mode), also drop repeats with a Remove Duplicates node on taskId.',
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
						description:
							'Whether to add the pushed result (callbackData) to the output under `raw`',
					},
				],
			},
		],
	};

	/** Nothing to register at Yidun: the push URL travels with each submitted task. */
	webhookMethods = unregisteredWebhook();

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const form = await readFormFields(this.getRequestObject() as unknown as CallbackRequest);
		if ('reason' in form)
			return refuse(this, 400, { code: 400, msg: `not a Yidun push: ${form.reason}` });
		const { fields } = form;
		if (!fields.signature) return refuse(this, 401, { code: 401, msg: 'missing signature' });

		let verdict: PushVerdict = 'accepted';
		const accepted = await credentialValueAccepts(
			this,
			'yidunApi',
			(credentials) => ({
				secretKey: String(credentials.secretKey),
				secretId: String(credentials.secretId).trim(),
				businessId: String(credentials.businessId).trim(),
			}),
			(account) => (verdict = judgePush(fields, account)) === 'accepted',
		);
		if (!accepted) return refuse(this, ...REFUSALS[verdict as Exclude<PushVerdict, 'accepted'>]);

		let result: IDataObject;
		try {
			result = JSON.parse(fields.callbackData ?? '') as IDataObject;
		} catch {
			return refuse(this, 400, { code: 400, msg: 'callbackData is not JSON' });
		}
		if (!result || typeof result !== 'object' || result.taskId === undefined) {
			return refuse(this, 400, { code: 400, msg: 'callbackData has no taskId' });
		}

		const windowMs = Number(this.getNodeParameter('dedupeMinutes', 10)) * 60_000;
		const key = `${this.getWorkflow().id}:${this.getNode().id}:${String(result.taskId)}`;
		if (windowMs > 0 && seenRecently(key, windowMs))
			return { webhookResponse: { code: 200, msg: 'ok (repeat ignored)' } };

		// v3 pushes carry asrStatus/action, v4 pushes status/suggestion: both map to the same model.
		const task = 'asrStatus' in result ? yidunV3ResultToTask(result) : yidunV4ResultToTask(result);
		const includeRaw = readTaskOptions(this).includeRawResponse;
		return {
			webhookResponse: { code: 200, msg: 'ok' },
			workflowData: [[{ json: taskToJson(task, includeRaw ? result : undefined) }]],
		};
	}
}
