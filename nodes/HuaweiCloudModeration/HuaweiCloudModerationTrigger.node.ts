import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { CallbackRequest } from '../common/callback';
import { includeRawResponseOption, readTaskOptions } from '../common/properties';
import { taskToJson } from '../common/taskModel';
import {
	checkCallbackToken,
	hasCallbackToken,
	refuse,
	seenRecently,
	TRIGGER_VERSIONS,
	triggerWebhook,
	unregisteredWebhook,
} from '../common/trigger';
import {
	CALLBACK_ACCEPTED,
	huaweiJobToTask,
	isSignedWithSeed,
	readHuaweiCallback,
	SEED_PATTERN,
	signatureHeader,
} from './mapping';

/**
 * Receives the results Huawei posts to the callback of Create Audio Moderation Job. With a
 * seed, every callback must carry Huawei's X-Auth-Signature; without one, the URL's token.
 */
export class HuaweiCloudModerationTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei Cloud Moderation Trigger',
		name: 'huaweiCloudModerationTrigger',
		icon: { light: 'file:huaweiCloud.svg', dark: 'file:huaweiCloud.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: 'Audio moderation results',
		description:
			'Starts the workflow when Huawei Cloud Content Moderation posts an audio job result',
		defaults: { name: 'Huawei Cloud Moderation Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// No credential: a callback is checked with the seed or token set here, never with keys.
		// Huawei resends a callback not answered HTTP 200 within 3 s: n8n answers once it has
		// started the execution, never before.
		webhooks: triggerWebhook('callback', 'onReceived'),
		properties: [
			{
				displayName:
					"Give Huawei this trigger's Production URL as the Callback URL of Huawei Cloud Moderation → Create Audio Moderation Job, with the same Callback Seed (or followed by <code>?token=</code> and the Callback Token)",
				name: 'callbackUrlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Verify Callbacks By',
				name: 'verification',
				type: 'options',
				options: [
					{
						name: 'Seed Signature (X-Auth-Signature)',
						value: 'seed',
						description: "Huawei signs each callback with the job's seed",
					},
					{
						name: 'URL Token',
						value: 'token',
						description: 'The callback URL carries a secret ?token=',
					},
				],
				default: 'seed',
			},
			{
				displayName: 'Callback Seed',
				name: 'callbackSeed',
				type: 'string',
				typeOptions: { password: true },
				required: true,
				default: '',
				description:
					'1 to 64 letters, digits or _, also given to Create Audio Moderation Job. Callbacks without its signature are answered 401 and start no execution.',
				displayOptions: { show: { verification: ['seed'] } },
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
				displayOptions: { show: { verification: ['token'] } },
			},
			{
				displayName: 'Ignore Repeats for (Minutes)',
				name: 'dedupeMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'Huawei resends a callback it thinks was not received: one of a job this n8n process saw (same job and update time) within this time is answered but starts no execution. Behind several webhook processors (queue mode), also drop repeats with a Remove Duplicates node on taskId.',
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
						description: 'Whether to add the posted job to the output under `raw`',
					},
				],
			},
		],
	};

	/** Nothing to register at Huawei: the callback URL travels with each job. */
	webhookMethods = unregisteredWebhook((context) => {
		if (context.getNodeParameter('verification', 'seed') === 'token') {
			checkCallbackToken(
				context.getNode(),
				String(context.getNodeParameter('callbackToken', '') ?? ''),
				'Without a seed Huawei signs nothing, so this token is what keeps strangers from starting the workflow.',
			);
		} else if (!SEED_PATTERN.test(String(context.getNodeParameter('callbackSeed', '') ?? ''))) {
			throw new NodeOperationError(
				context.getNode(),
				'The Callback Seed must be 1 to 64 letters, digits or _',
				{
					description:
						'It is what Huawei signs the callbacks with; give Create Audio Moderation Job the same.',
				},
			);
		}
	});

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as CallbackRequest;
		const bySeed = this.getNodeParameter('verification', 'seed') !== 'token';
		if (
			!bySeed &&
			!hasCallbackToken(this, String(this.getNodeParameter('callbackToken', '') ?? ''))
		) {
			return refuse(this, 401, { error: 'missing or wrong token' });
		}
		const callback = await readHuaweiCallback(request);
		if ('reason' in callback) return refuse(this, 400, { error: callback.reason });
		const { job } = callback;
		if (
			bySeed &&
			!isSignedWithSeed(
				job,
				signatureHeader(request),
				String(this.getNodeParameter('callbackSeed', '')),
			)
		) {
			return refuse(this, 401, { error: 'missing or wrong X-Auth-Signature' });
		}

		const windowMs = Number(this.getNodeParameter('dedupeMinutes', 60)) * 60_000;
		const key = `${this.getWorkflow().id}:${this.getNode().id}:${String(job.job_id)}:${String(job.update_time)}`;
		if (windowMs > 0 && seenRecently(key, windowMs)) return { webhookResponse: CALLBACK_ACCEPTED };

		const raw = readTaskOptions(this).includeRawResponse ? job : undefined;
		return {
			webhookResponse: CALLBACK_ACCEPTED,
			workflowData: [[{ json: taskToJson(huaweiJobToTask(job), raw) }]],
		};
	}
}
