import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { concurrencyOption } from '../../common/concurrency';
import {
	readTaskOptions,
	readWaitTiming,
	taskOptionsProperty,
	waitTimingProperties,
} from '../../common/properties';
import { httpUrlParameter } from '../../common/url';
import { maxWaitProperty, parkUntilCallback, resumeUrlFor } from '../../common/resumeWebhook';
import type { Task } from '../../common/taskModel';
import { taskToJson } from '../../common/taskModel';
import { createRecTaskBody } from '../api3Body';
import { VENDOR } from '../mapping';
import { API3_CONCURRENCY, api3Request, TENCENT_RESUME_KEY } from '../transport';
import { readApi3Task } from './getTaskStatus';

/**
 * Create Recognition Task of API 3.0 (CreateRecTask): the recording from a URL or as base64
 * Data (at most 5 MB), the recognition settings, and one of four ways to get the result.
 */

const show = { operation: ['createTask'] };
const when = (extra: Record<string, unknown[]>) => ({ show: { ...show, ...extra } });

const levels = (none: string, some: string, all: string) => [
	{ name: none, value: 0 },
	{ name: some, value: 1 },
	{ name: all, value: 2 },
];

export const concurrency = API3_CONCURRENCY.CreateRecTask;

export const description: INodeProperties[] = [
	{
		displayName: 'Audio Source',
		name: 'audioSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'URL',
				value: 'url',
				description: 'Tencent downloads the recording (up to 5 hours, 1 GB)',
			},
			{
				name: 'Binary File',
				value: 'binary',
				description: 'Send a file from the input item (up to 5 MB)',
			},
		],
		default: 'url',
		displayOptions: { show },
	},
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/recordings/call.wav',
		description: 'Public http(s) URL of the recording, at most 2048 characters',
		displayOptions: when({ audioSource: ['url'] }),
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description:
			'Name of the binary field of the input item that holds the recording (at most 5 MB)',
		displayOptions: when({ audioSource: ['binary'] }),
	},
	{
		displayName: 'Engine Model',
		name: 'engineModel',
		type: 'options',
		options: [
			{ name: '16k Cantonese (16k_yue)', value: '16k_yue' },
			{ name: '16k English (16k_en)', value: '16k_en' },
			{ name: '16k Japanese (16k_ja)', value: '16k_ja' },
			{ name: '16k Korean (16k_ko)', value: '16k_ko' },
			{ name: '16k Mandarin (16k_zh)', value: '16k_zh' },
			{ name: '16k Mandarin and English (16k_zh_en)', value: '16k_zh_en' },
			{ name: '16k Mandarin, Large Model (16k_zh_large)', value: '16k_zh_large' },
			{ name: '8k Telephone English (8k_en)', value: '8k_en' },
			{ name: '8k Telephone Mandarin (8k_zh)', value: '8k_zh' },
			{ name: '8k Telephone Mandarin, Large Model (8k_zh_large)', value: '8k_zh_large' },
		],
		default: '16k_zh',
		description: 'The recognition engine, matching the sample rate; any other engine by expression',
		displayOptions: { show },
	},
	{
		displayName: 'Channel Count',
		name: 'channelNum',
		type: 'options',
		options: [
			{ name: 'Mono (1)', value: 1 },
			{ name: 'Stereo (2, 8k Telephone: Left and Right Are Speakers 0 and 1)', value: 2 },
		],
		default: 1,
		displayOptions: { show },
	},
	{
		displayName: 'Result Text Format',
		name: 'resultTextFormat',
		type: 'options',
		options: [
			{ name: 'Sentences with Times (0)', value: 0 },
			{ name: 'Sentences and Words, No Punctuation (1)', value: 1 },
			{ name: 'Sentences and Words, with Punctuation (2)', value: 2 },
			{ name: 'Subtitle-Sized Sentences (3)', value: 3 },
		],
		default: 2,
		description: 'Formats 1-3 give each sentence with its speaker (segments in the output)',
		displayOptions: { show },
	},
	{
		displayName: 'Recognition Options',
		name: 'recognition',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Customization ID',
				name: 'customizationId',
				type: 'string',
				default: '',
				description: 'A self-learning model',
			},
			{
				displayName: 'Filter Dirty Words',
				name: 'filterDirty',
				type: 'options',
				options: levels('Keep', 'Filter', 'Replace with *'),
				default: 0,
			},
			{
				displayName: 'Filter Modal Particles',
				name: 'filterModal',
				type: 'options',
				options: levels('Keep', 'Filter Some', 'Filter All'),
				default: 0,
			},
			{
				displayName: 'Filter Punctuation',
				name: 'filterPunc',
				type: 'options',
				options: levels('Keep', 'Drop the Final Period', 'Drop All'),
				default: 0,
			},
			{ displayName: 'Hotword Table ID', name: 'hotwordId', type: 'string', default: '' },
			{
				displayName: 'Hotwords',
				name: 'hotwordList',
				type: 'string',
				default: '',
				placeholder: '腾讯云|10,语音识别|5',
				description: 'Temporary hotwords as word|weight pairs, comma-separated',
			},
			{
				displayName: 'Number Conversion',
				name: 'convertNumMode',
				type: 'options',
				options: [
					{ name: 'Words (0)', value: 0 },
					{ name: 'Smart Digits (1)', value: 1 },
					{ name: 'Digits for Maths (3)', value: 3 },
				],
				default: 1,
			},
			{
				displayName: 'Speaker Count',
				name: 'speakerNumber',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 0,
				description: 'With speaker diarization: 1-10, or 0 to detect',
			},
			{
				displayName: 'Speaker Diarization',
				name: 'speakerDiarization',
				type: 'boolean',
				default: false,
				description: 'Whether to tell speakers apart (mono audio only)',
			},
		],
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
				description: 'Output the task now; read it with Get Task Status',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				description:
					'Poll the task here until it ends; the execution keeps running (and its queue-mode worker busy) meanwhile',
			},
			{
				name: 'Send to a Callback URL',
				value: 'callbackUrl',
				description: 'Tencent posts the result to your URL, e.g. a Tencent Cloud ASR Trigger',
			},
			{
				name: 'Wait for the Callback Here',
				value: 'waitForCallback',
				description:
					'Pause this execution until Tencent posts the result to it; nothing runs meanwhile, and a restart loses nothing',
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
		placeholder: 'https://n8n.example.com/webhook/…/callback?token=…',
		description:
			'Public http(s) URL Tencent posts the result to, e.g. a Tencent Cloud ASR Trigger URL with its token',
		displayOptions: when({ resultDelivery: ['callbackUrl'] }),
	},
	maxWaitProperty({ ...show, resultDelivery: ['waitForCallback'] }),
	taskOptionsProperty(show, [concurrencyOption(VENDOR, concurrency)]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const delivery = this.getNodeParameter('resultDelivery', itemIndex) as
		'none' | 'waitForCompletion' | 'callbackUrl' | 'waitForCallback';
	const options = readTaskOptions(this, itemIndex);
	const body = await createRecTaskBody(this, itemIndex);
	if (delivery === 'callbackUrl') {
		body.CallbackUrl = httpUrlParameter(this, this.getNodeParameter('callbackUrl', itemIndex), {
			field: 'Callback URL',
			maxLength: 2048,
			limit: 'Tencent accepts at most 2048',
			itemIndex,
		});
	}
	// Waiting here: this execution's resume URL is the callback (see the node's webhook).
	if (delivery === 'waitForCallback')
		body.CallbackUrl = await resumeUrlFor(
			this,
			itemIndex,
			'Tencent Cloud ASR Trigger',
			TENCENT_RESUME_KEY,
		);

	const reply = await api3Request.call(this, 'CreateRecTask', body, {
		itemIndex,
		idempotent: false,
		timeoutMs: options.requestTimeoutMs,
	});
	const taskId = String((reply.Data as IDataObject | undefined)?.TaskId ?? '');
	const queued: Task = {
		vendor: 'tencent',
		taskId,
		status: 'queued',
		createdAt: new Date().toISOString(),
	};

	if (delivery === 'waitForCompletion') {
		const read = await readApi3Task.call(
			this,
			taskId,
			itemIndex,
			readWaitTiming.call(this, itemIndex),
		);
		return [{ json: taskToJson(read.task, options.includeRawResponse ? read.reply : undefined) }];
	}
	if (delivery === 'waitForCallback') await parkUntilCallback(this, itemIndex, queued, 'Tencent');
	return [{ json: taskToJson(queued, options.includeRawResponse ? reply : undefined) }];
}
