import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import {  NodeOperationError } from 'n8n-workflow';

import { binarySize, formatBytes } from '../../common/binary';
import type { CallbackRequest } from '../../common/callback';
import { taskOptionsProperty } from '../../common/properties';
import { RESUME_URL_EXPRESSION } from '../../common/resumeWebhook';
import { refuse } from '../../common/trigger';
import type { Task } from '../../common/taskModel';
import { taskToJson } from '../../common/taskModel';
import { CALLBACK_ACCEPTED, readTencentCallback, tencentCallbackToTask } from '../mapping';
import { createRecognitionTask } from '../transport';

/** Tencent refuses bodies over 5 MB (code 1031); refusing before sending saves the upload. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Tencent's limit for url and callback_url (code 1016). */
const MAX_URL_LENGTH = 2047;

const show = { operation: ['createRecognitionTask'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Audio Source',
		name: 'audioSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'URL', value: 'url', description: 'Tencent downloads the recording from a public URL (any size)' },
			{ name: 'Binary File', value: 'binary', description: 'Send a file from the input item (up to 5 MB)' },
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
		description: 'Name of the binary field of the input item that holds the recording (at most 5 MB)',
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
		description: 'Recognition engine, matching the sample rate of the recording. Use an expression for an engine not listed.',
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
		description: 'A recognition template from the Tencent console; when set, Tencent uses it instead of the engine parameters',
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
				description: 'Output the queued task now; Tencent posts the result to your URL, e.g. a Tencent Cloud ASR Trigger',
			},
			{
				name: 'Wait for the Callback Here',
				value: 'waitForCallback',
				description: 'Pause this execution until Tencent posts the result to it (one recording per execution)',
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
		description: 'Public http(s) URL Tencent posts the result to, e.g. the production URL of a Tencent Cloud ASR Trigger with its token',
		displayOptions: { show: { ...show, resultDelivery: ['callbackUrl'] } },
	},
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 120,
		description:
			'If no callback arrives by then, the execution resumes and this node outputs a failed task with error code CALLBACK_TIMEOUT. No worker is held while waiting.',
		displayOptions: { show: { ...show, resultDelivery: ['waitForCallback'] } },
	},
	taskOptionsProperty(show),
];

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function requireUrl(context: IExecuteFunctions, value: string, field: string, itemIndex: number): string {
	const url = value.trim();
	if (!isHttpUrl(url)) {
		throw new NodeOperationError(context.getNode(), `${field} is not an http(s) URL`, { itemIndex, description: `Got "${url.slice(0, 200)}".` });
	}
	if (url.length > MAX_URL_LENGTH) {
		throw new NodeOperationError(context.getNode(), `${field} is ${url.length} characters long; Tencent accepts fewer than 2048 (code 1016)`, { itemIndex });
	}
	return url;
}

async function readAudio(context: IExecuteFunctions, itemIndex: number): Promise<Buffer> {
	const field = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const binaryData = context.helpers.assertBinaryData(itemIndex, field);
	const size = await binarySize(context, binaryData);
	if (size > MAX_BODY_BYTES) {
		throw new NodeOperationError(context.getNode(), `The file in "${field}" is ${formatBytes(size)}; Tencent accepts at most 5 MB in the request body`, {
			itemIndex,
			description: 'Nothing was sent. Put the recording where Tencent can download it and use Audio Source: URL, which has no size limit (code 1031 otherwise).',
		});
	}
	const audio = await context.helpers.getBinaryDataBuffer(itemIndex, field);
	if (audio.length === 0) throw new NodeOperationError(context.getNode(), `The file in "${field}" is empty`, { itemIndex });
	return audio;
}

/** The business parameters of the create call, checked before anything is sent. */
async function buildRequest(context: IExecuteFunctions, itemIndex: number, callbackUrl: string): Promise<{ query: IDataObject; audio?: Buffer }> {
	const source = context.getNodeParameter('audioSource', itemIndex) as 'url' | 'binary';
	const engine = String(context.getNodeParameter('engineModelType', itemIndex)).trim();
	const channels = Number(context.getNodeParameter('channelNum', itemIndex, 1));
	if (channels === 2 && !/^(8k|0$|3$)/.test(engine)) {
		throw new NodeOperationError(context.getNode(), `Two channels need an 8k engine, not "${engine}"`, { itemIndex, description: 'Pick an 8k engine or Mono.' });
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
		query.url = requireUrl(context, String(context.getNodeParameter('audioUrl', itemIndex, '')), 'Audio URL', itemIndex);
		return { query };
	}
	return { query, audio: await readAudio(context, itemIndex) };
}

function queuedTask(taskId: string): Task {
	return { vendor: 'tencent', taskId, status: 'queued', createdAt: new Date().toISOString() };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const delivery = this.getNodeParameter('resultDelivery', itemIndex) as 'callbackUrl' | 'waitForCallback';
	const options = this.getNodeParameter('options', itemIndex, {}) as { includeRawResponse?: boolean; requestTimeoutMs?: number };

	if (delivery === 'waitForCallback') return await createAndWait.call(this, itemIndex, options);

	const callbackUrl = requireUrl(this, String(this.getNodeParameter('callbackUrl', itemIndex, '')), 'Callback URL', itemIndex);
	const { query, audio } = await buildRequest(this, itemIndex, callbackUrl);
	const taskId = await createRecognitionTask.call(this, { query, audio, itemIndex, timeoutMs: options.requestTimeoutMs });
	return [{ json: taskToJson(queuedTask(taskId), options.includeRawResponse ? { code: 0, requestId: Number(taskId) } : undefined) }];
}

/**
 * Creates the task with this execution's resume URL as callback_url and parks the
 * execution, as n8n's send-and-wait nodes do: no worker is held while Tencent works.
 * The callback resumes it through `webhook` below.
 */
async function createAndWait(
	this: IExecuteFunctions,
	itemIndex: number,
	options: { includeRawResponse?: boolean; requestTimeoutMs?: number },
): Promise<INodeExecutionData[]> {
	if (this.getInputData().length > 1) {
		throw new NodeOperationError(this.getNode(), 'Wait for the Callback Here takes one recording per execution', {
			itemIndex,
			description: `This execution got ${this.getInputData().length} items, but one execution can wait for one callback. Send a Tencent Cloud ASR Trigger URL as callback instead, or run one item per execution (e.g. an Execute Workflow node in "run once for each item" mode).`,
		});
	}
	// n8n refuses a call to this URL without the execution's resume token before it reaches the node.
	const resumeUrl = String(this.evaluateExpression(RESUME_URL_EXPRESSION, itemIndex));
	if (!/[?&]signature=/.test(resumeUrl)) {
		throw new NodeOperationError(this.getNode(), 'This n8n gave no resume token for the execution, so a callback could not be authenticated', {
			itemIndex,
			description: 'Wait for the Callback Here needs n8n 1.x with waiting-webhook tokens or 2.x. Use Send to a Callback URL with a Tencent Cloud ASR Trigger instead.',
		});
	}
	const { query, audio } = await buildRequest(this, itemIndex, resumeUrl);
	const taskId = await createRecognitionTask.call(this, { query, audio, itemIndex, timeoutMs: options.requestTimeoutMs });

	const maxWaitMs = Number(this.getNodeParameter('maxWaitMinutes', itemIndex, 120)) * 60_000;
	// When the wait expires, n8n resumes the execution by passing this node's input items
	// through unchanged (the waiting node is not run again). Rewriting the input item now
	// makes that pass-through a failed "timed out" task instead of the unrelated input.
	const timedOut: Task = {
		...queuedTask(taskId),
		status: 'failed',
		error: { code: 'CALLBACK_TIMEOUT', message: `No callback from Tencent within ${Number(this.getNodeParameter('maxWaitMinutes', itemIndex, 120))} minutes` },
	};
	const input = this.getInputData()[itemIndex];
	input.json = taskToJson(timedOut);
	delete input.binary;

	await this.putExecutionToWait(new Date(Date.now() + maxWaitMs));
	return [{ json: taskToJson(queuedTask(taskId), options.includeRawResponse ? { code: 0, requestId: Number(taskId) } : undefined) }];
}

/**
 * The resume webhook: Tencent's callback to the execution's resume URL (n8n has checked its
 * resume token). Answers Tencent's expected JSON and hands the result to the paused
 * execution as this node's output.
 */
export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const callback = await readTencentCallback(this.getRequestObject() as unknown as CallbackRequest);
	// Not a Tencent callback: refuse it and keep waiting for the real one.
	if ('reason' in callback) return refuse(this, 400, { code: 400, message: callback.reason });
	const { fields } = callback;
	const includeRaw = (this.getNodeParameter('options', {}) as { includeRawResponse?: boolean }).includeRawResponse;
	const task = tencentCallbackToTask(fields, new Date());
	return {
		webhookResponse: CALLBACK_ACCEPTED,
		workflowData: [[{ json: taskToJson(task, includeRaw ? (fields as IDataObject) : undefined), pairedItem: { item: 0 } }]],
	};
}
