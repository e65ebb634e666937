import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { concurrencyOption, CREATE_CONCURRENCY } from '../../common/concurrency';
import { readTaskOptions, taskOptionsProperty } from '../../common/properties';
import { httpUrlParameter } from '../../common/url';
import type { Task } from '../../common/taskModel';
import { taskToJson } from '../../common/taskModel';
import { VENDOR } from '../mapping';
import { yidunApiRequest } from '../transport';

const show = { operation: ['submitAudio'] };

export const apiVersionProperty = (operation: string): INodeProperties => ({
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'options',
	options: [
		{ name: 'V4', value: 'v4' },
		{ name: 'V3.1', value: 'v3.1' },
	],
	default: 'v4',
	description: 'Yidun API version; results come back in its shape (both map to the same output)',
	displayOptions: { show: { operation: [operation] } },
});

export const concurrency = CREATE_CONCURRENCY;

export const description: INodeProperties[] = [
	apiVersionProperty('submitAudio'),
	{
		displayName: 'Audio URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/recordings/voice.mp3',
		description:
			'Public http(s) URL of the recording (at most 512 characters; under 5 hours and 550 MB)',
		displayOptions: { show },
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…/yidun',
		description:
			'Where Yidun pushes the result, e.g. a Yidun Trigger in push mode; leave empty to fetch results with Drain Results',
		displayOptions: { show },
	},
	taskOptionsProperty(show, [
		concurrencyOption(VENDOR, concurrency),
		{
			displayName: 'Account',
			name: 'account',
			type: 'string',
			default: '',
			description: 'The user account the audio belongs to',
		},
		{
			displayName: 'Callback Data',
			name: 'callback',
			type: 'string',
			default: '',
			description:
				'Your own data, returned with the result (as `reference` when there is no Data ID)',
		},
		{
			displayName: 'Data ID',
			name: 'dataId',
			type: 'string',
			default: '',
			description: 'Your own ID for this audio, returned with the result as `reference` (V4 only)',
		},
		{ displayName: 'Device ID', name: 'deviceId', type: 'string', default: '' },
		{ displayName: 'Device Type', name: 'deviceType', type: 'number', default: 0 },
		{
			displayName: 'IP',
			name: 'ip',
			type: 'string',
			default: '',
			description: 'IP address of the user who uploaded the audio',
		},
		{ displayName: 'Title', name: 'title', type: 'string', default: '' },
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const version = this.getNodeParameter('apiVersion', itemIndex) as 'v4' | 'v3.1';
	const url = httpUrlParameter(this, this.getNodeParameter('url', itemIndex), {
		field: 'Audio URL',
		maxLength: 512,
		limit: 'Yidun accepts at most 512',
		itemIndex,
	});
	const callbackParameter = String(this.getNodeParameter('callbackUrl', itemIndex, '')).trim();
	const callbackUrl =
		callbackParameter &&
		httpUrlParameter(this, callbackParameter, {
			field: 'Callback URL',
			maxLength: 256,
			limit: 'Yidun accepts at most 256',
			itemIndex,
		});
	const options = readTaskOptions(this, itemIndex);

	const body: IDataObject = { version, url };
	if (callbackUrl) body.callbackUrl = callbackUrl;
	for (const name of ['title', 'callback', 'account', 'ip', 'deviceId'])
		if (options[name]) body[name] = options[name];
	if (options.deviceType) body.deviceType = options.deviceType;
	if (options.dataId && version === 'v4') body.dataId = options.dataId;

	const reply = await yidunApiRequest.call(
		this,
		version === 'v4' ? '/v4/audio/submit' : '/v3/audio/submit',
		body,
		{ itemIndex, idempotent: false, timeoutMs: options.requestTimeoutMs },
	);
	const result = (reply.result ?? {}) as IDataObject;
	const task: Task = {
		vendor: 'yidun',
		taskId: String(result.taskId),
		status: result.status === 1 ? 'failed' : 'queued',
		createdAt: new Date().toISOString(),
	};
	if (task.status === 'failed')
		task.error = { code: 'SUBMIT_REFUSED', message: 'Yidun did not accept the audio (status 1)' };
	const reference = options.dataId || options.callback;
	if (reference) task.reference = String(reference);
	return [{ json: taskToJson(task, options.includeRawResponse ? reply : undefined) }];
}
