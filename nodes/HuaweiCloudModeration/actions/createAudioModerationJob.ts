import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { concurrencyOption, CREATE_CONCURRENCY } from '../../common/concurrency';
import {
	readTaskOptions,
	readWaitTiming,
	taskOptionsProperty,
	waitTimingProperties,
} from '../../common/properties';
import { httpUrlParameter } from '../../common/url';
import {
	maxWaitProperty,
	parkUntilCallback,
	RESUME_KEY_PARAMETER,
	resumeUrlFor,
} from '../../common/resumeWebhook';
import type { Task } from '../../common/taskModel';
import { taskToJson } from '../../common/taskModel';
import { HUAWEI_LABELS, resumeSeed, SEED_PATTERN, VENDOR } from '../mapping';
import { createJob, HUAWEI_RESUME_KEY } from '../transport';
import { readJob } from './getJob';

const show = { operation: ['createAudioModerationJob'] };
const when = (resultDelivery: string[]) => ({ show: { ...show, resultDelivery } });

export const EVENT_TYPES = [
	'default',
	'audiobook',
	'education',
	'game',
	'live',
	'ecommerce',
	'voiceroom',
	'private',
];
export const CATEGORIES = ['politics', 'porn', 'ad', 'moan', 'abuse'];
const MAX_URL_LENGTH = 2048;

export const concurrency = CREATE_CONCURRENCY;

export const description: INodeProperties[] = [
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/recordings/call.wav',
		description: 'Public http(s) URL of the recording; Huawei downloads it',
		displayOptions: { show },
	},
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		options: EVENT_TYPES.map((value) => ({ name: value[0].toUpperCase() + value.slice(1), value })),
		default: 'default',
		description: 'The scene the audio comes from; Huawei tunes its checks to it',
		displayOptions: { show },
	},
	{
		displayName: 'Categories',
		name: 'categories',
		type: 'multiOptions',
		options: CATEGORIES.map((value) => ({ name: HUAWEI_LABELS[value], value })),
		default: ['politics', 'porn', 'ad', 'moan', 'abuse'],
		description: 'What to check for. At least one, unless a Biz Type is set.',
		displayOptions: { show },
	},
	{
		displayName: 'Biz Type',
		name: 'bizType',
		type: 'string',
		default: '',
		description:
			'A moderation policy made in the Huawei console; when set, it overrides Event Type and Categories',
		displayOptions: { show },
	},
	{
		displayName: 'Result Delivery',
		name: 'resultDelivery',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'None (Get It Later)',
				value: 'none',
				description: 'Output the running job now; read it later with Get Job',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				description:
					'Poll the job here until it finishes; the execution keeps running (and its queue-mode worker busy) meanwhile',
			},
			{
				name: 'Send to a Callback URL',
				value: 'callbackUrl',
				description: 'Huawei posts the result to your URL, e.g. a Huawei Cloud Moderation Trigger',
			},
			{
				name: 'Wait for the Callback Here',
				value: 'waitForCallback',
				description:
					'Pause this execution until Huawei posts the result to it (one recording per execution); nothing runs meanwhile, and a restart loses nothing',
			},
		],
		default: 'none',
		displayOptions: { show },
	},
	...waitTimingProperties({ ...show, resultDelivery: ['waitForCompletion'] }),
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…/huawei',
		description:
			'Public http(s) URL Huawei posts the result to, e.g. the Production URL of a Huawei Cloud Moderation Trigger',
		displayOptions: when(['callbackUrl']),
	},
	{
		displayName: 'Callback Seed',
		name: 'callbackSeed',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'The Callback Seed of the trigger (letters, digits and _, at most 64): Huawei signs the callback with it. Leave empty when the trigger checks a URL token instead.',
		displayOptions: when(['callbackUrl']),
	},
	maxWaitProperty({ ...show, resultDelivery: ['waitForCallback'] }),
	taskOptionsProperty(show, [concurrencyOption(VENDOR, concurrency)]),
];

/** The create body from the node's parameters, checked before anything is sent. */
function jobBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const url = httpUrlParameter(context, context.getNodeParameter('audioUrl', itemIndex), {
		field: 'Audio URL',
		maxLength: MAX_URL_LENGTH,
		limit: `Huawei Cloud accepts at most ${MAX_URL_LENGTH}`,
		itemIndex,
	});
	const body: IDataObject = {
		data: { url },
		event_type: context.getNodeParameter('eventType', itemIndex, 'default'),
	};
	const bizType = String(context.getNodeParameter('bizType', itemIndex, '')).trim();
	const categories = context.getNodeParameter('categories', itemIndex, []) as string[];
	if (bizType) body.biz_type = bizType;
	else if (categories.length === 0) {
		throw new NodeOperationError(
			context.getNode(),
			'Pick at least one category, or set a Biz Type',
			{
				itemIndex,
			},
		);
	} else body.categories = categories;
	return body;
}

function runningTask(jobId: string): Task {
	return {
		vendor: 'huawei',
		taskId: jobId,
		status: 'running',
		createdAt: new Date().toISOString(),
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const delivery = this.getNodeParameter('resultDelivery', itemIndex) as
		'none' | 'waitForCompletion' | 'callbackUrl' | 'waitForCallback';
	const options = readTaskOptions(this, itemIndex);
	const body = jobBody(this, itemIndex);

	if (delivery === 'callbackUrl') {
		body.callback = httpUrlParameter(this, this.getNodeParameter('callbackUrl', itemIndex), {
			field: 'Callback URL',
			maxLength: MAX_URL_LENGTH,
			limit: `Huawei Cloud accepts at most ${MAX_URL_LENGTH}`,
			itemIndex,
		});
		const seed = String(this.getNodeParameter('callbackSeed', itemIndex, ''));
		if (seed && !SEED_PATTERN.test(seed)) {
			throw new NodeOperationError(
				this.getNode(),
				'Callback Seed must be 1 to 64 letters, digits or _',
				{ itemIndex },
			);
		}
		if (seed) body.seed = seed;
	}
	if (delivery === 'waitForCallback') {
		// Huawei signs its callback with this job's seed; the resume webhook checks it.
		body.callback = await resumeUrlFor(
			this,
			itemIndex,
			'Huawei Cloud Moderation Trigger',
			HUAWEI_RESUME_KEY,
		);
		body.seed = resumeSeed(
			new URL(String(body.callback)).searchParams.get(RESUME_KEY_PARAMETER) ?? '',
		);
	}

	const created = await createJob.call(this, body, {
		itemIndex,
		timeoutMs: options.requestTimeoutMs,
	});
	const jobId = String(created.job_id);

	if (delivery === 'waitForCompletion') {
		const { task, reply } = await readJob.call(
			this,
			jobId,
			itemIndex,
			readWaitTiming.call(this, itemIndex),
		);
		return [{ json: taskToJson(task, options.includeRawResponse ? reply : undefined) }];
	}
	if (delivery === 'waitForCallback') {
		await parkUntilCallback(this, itemIndex, runningTask(jobId), 'Huawei');
	}
	return [
		{ json: taskToJson(runningTask(jobId), options.includeRawResponse ? created : undefined) },
	];
}
