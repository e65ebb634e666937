import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { binarySize, formatBytes } from '../../common/binary';
import { concurrencyOption, CREATE_CONCURRENCY } from '../../common/concurrency';
import { readTaskOptions, taskOptionsProperty } from '../../common/properties';
import { httpUrlParameter } from '../../common/url';
import { maxWaitProperty, parkUntilCallback, resumeUrlFor } from '../../common/resumeWebhook';
import type { Task } from '../../common/taskModel';
import { taskToJson } from '../../common/taskModel';
import { VENDOR } from '../mapping';
import { createRecognitionTask, TENCENT_RESUME_KEY } from '../transport';

/** Tencent refuses bodies over 5 MB (code 1031); refusing before sending saves the upload. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Tencent's limit for url and callback_url (code 1016). */
const MAX_URL_LENGTH = 2047;

const show = { operation: ['createRecognitionTask'] };

export const concurrency = CREATE_CONCURRENCY;

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
				description: 'Tencent downloads the recording from a public URL (any size)',
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
		description: 'Public http(s) URL of the recording, shorter than 2048 characters',
		displayOptions: { show: { ...show, audioSource: ['url'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description:
			'Name of the binary field of the input item that holds the recording (at most 5 MB)',
		displayOptions: { show: { ...show, audioSource: ['binary'] } },
	},
	{
		displayName: 'Engine Model Type',
		name: 'engineModelType',
		type: 'options',
		options: [
			{ name: '16k Mandarin, General (16k_0)', value: '16k_0' },
			{ name: '8k Mandarin, Telephone (8k_0)', value: '8k_0' },
			{ name: '8k Telephone, Speaker Separation (8k_6)', value: '8k_6' },
			{ name: 'Legacy 0: 8k Model', value: '0' },
			{ name: 'Legacy 1: 16k General', value: '1' },
			{ name: 'Legacy 2: 16k Short Speech', value: '2' },
			{ name: 'Legacy 3: 8k Speaker Separation', value: '3' },
		],
		default: '16k_0',
		description:
			'Recognition engine, matching the sample rate of the recording. Use an expression for an engine not listed.',
		displayOptions: { show },
	},
	{
		displayName: 'Channel Count',
		name: 'channelNum',
		type: 'options',
		options: [
			{ name: 'Mono (1)', value: 1 },
			{ name: 'Stereo (2, 8k Engines Only)', value: 2 },
		],
		default: 1,
		displayOptions: { show },
	},
	{
		displayName: 'Result Text Encoding',
		name: 'resTextFormat',
		type: 'options',
		options: [
			{ name: 'UTF-8', value: 0 },
			{ name: 'GB2312', value: 1 },
			{ name: 'GBK', value: 2 },
			{ name: 'BIG5', value: 3 },
		],
		default: 0,
		description: 'Encoding of the transcript in the callback',
		displayOptions: { show },
	},
	{
		displayName: 'Project ID',
		name: 'projectId',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Tencent Cloud project; 0 is the default project',
		displayOptions: { show },
	},
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		description:
			'A recognition template from the Tencent console; when set, Tencent uses it instead of the engine parameters',
		displayOptions: { show },
	},
	{
		displayName: 'Result Delivery',
		name: 'resultDelivery',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Send to a Callback URL',
				value: 'callbackUrl',
				description:
					'Output the queued task now; Tencent posts the result to your URL, e.g. a Tencent Cloud ASR Trigger',
			},
			{
				name: 'Wait for the Callback Here',
				value: 'waitForCallback',
				description:
					'Pause this execution until Tencent posts the result to it (one recording per execution); nothing runs meanwhile, and a restart loses nothing',
			},
		],
		default: 'callbackUrl',
		description: 'This API has no status query: the result only arrives as a callback',
		displayOptions: { show },
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…/callback?token=…',
		description:
			'Public http(s) URL Tencent posts the result to, e.g. the production URL of a Tencent Cloud ASR Trigger with its token',
		displayOptions: { show: { ...show, resultDelivery: ['callbackUrl'] } },
	},
	maxWaitProperty({ ...show, resultDelivery: ['waitForCallback'] }),
	taskOptionsProperty(show, [concurrencyOption(VENDOR, concurrency)]),
];

/** A URL parameter Tencent takes: http(s), shorter than 2048 characters (code 1016). */
function urlParameter(
	context: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
): string {
	const value = context.getNodeParameter(name, itemIndex, '');
	const limit = 'Tencent accepts fewer than 2048 (code 1016)';
	return httpUrlParameter(context, value, {
		field,
		maxLength: MAX_URL_LENGTH,
		limit,
		itemIndex,
	});
}

async function readAudio(context: IExecuteFunctions, itemIndex: number): Promise<Buffer> {
	const field = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const binaryData = context.helpers.assertBinaryData(itemIndex, field);
	const size = await binarySize(context, binaryData);
	if (size > MAX_BODY_BYTES) {
		throw new NodeOperationError(
			context.getNode(),
			`The file in "${field}" is ${formatBytes(size)}; Tencent accepts at most 5 MB in the request body`,
			{
				itemIndex,
				description:
					'Nothing was sent. Put the recording where Tencent can download it and use Audio Source: URL, which has no size limit (code 1031 otherwise).',
			},
		);
	}
	const audio = await context.helpers.getBinaryDataBuffer(itemIndex, field);
	if (audio.length === 0)
		throw new NodeOperationError(context.getNode(), `The file in "${field}" is empty`, {
			itemIndex,
		});
	return audio;
}

/** The business parameters of the create call, checked before anything is sent. */
async function buildRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	callbackUrl: string,
): Promise<{ query: IDataObject; audio?: Buffer }> {
	const source = context.getNodeParameter('audioSource', itemIndex) as 'url' | 'binary';
	const engine = String(context.getNodeParameter('engineModelType', itemIndex)).trim();
	const channels = Number(context.getNodeParameter('channelNum', itemIndex, 1));
	if (channels === 2 && !/^(8k|0$|3$)/.test(engine)) {
		throw new NodeOperationError(
			context.getNode(),
			`Two channels need an 8k engine, not "${engine}"`,
			{ itemIndex, description: 'Pick an 8k engine or Mono.' },
		);
	}
	const templateName = String(context.getNodeParameter('templateName', itemIndex, '')).trim();
	const query: IDataObject = {
		projectid: Number(context.getNodeParameter('projectId', itemIndex, 0)),
		sub_service_type: 0,
		engine_model_type: engine,
		channel_num: channels,
		res_text_format: Number(context.getNodeParameter('resTextFormat', itemIndex, 0)),
		res_type: 1,
		callback_url: callbackUrl,
		source_type: source === 'url' ? 0 : 1,
	};
	if (templateName) query.template_name = templateName;
	if (source === 'url') {
		query.url = urlParameter(context, 'audioUrl', 'Audio URL', itemIndex);
		return { query };
	}
	return { query, audio: await readAudio(context, itemIndex) };
}

function queuedTask(taskId: string): Task {
	return { vendor: 'tencent', taskId, status: 'queued', createdAt: new Date().toISOString() };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const delivery = this.getNodeParameter('resultDelivery', itemIndex) as
		'callbackUrl' | 'waitForCallback';
	const options = readTaskOptions(this, itemIndex);
	const waiting = delivery === 'waitForCallback';

	// Waiting here: this execution's resume URL is the callback, and the callback resumes it
	// through `webhook` below, as n8n's send-and-wait nodes do: no worker is held meanwhile.
	const callbackUrl = waiting
		? await resumeUrlFor(this, itemIndex, 'Tencent Cloud ASR Trigger', TENCENT_RESUME_KEY)
		: urlParameter(this, 'callbackUrl', 'Callback URL', itemIndex);
	const { query, audio } = await buildRequest(this, itemIndex, callbackUrl);
	const taskId = await createRecognitionTask.call(this, {
		query,
		audio,
		itemIndex,
		timeoutMs: options.requestTimeoutMs,
	});

	if (waiting) {
		await parkUntilCallback(this, itemIndex, queuedTask(taskId), 'Tencent');
	}
	const raw = options.includeRawResponse ? { code: 0, requestId: Number(taskId) } : undefined;
	return [{ json: taskToJson(queuedTask(taskId), raw) }];
}
