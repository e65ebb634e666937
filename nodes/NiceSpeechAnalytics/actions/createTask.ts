import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { concurrencyOption, CREATE_CONCURRENCY } from '../../common/concurrency';
import type { ItemOutcome } from '../../common/execute';
import { readConcurrency, runItems } from '../../common/execute';
import {
	readTaskOptions,
	readWaitTiming,
	taskOptionsProperty,
	waitTimingProperties,
} from '../../common/properties';
import type { Task } from '../../common/taskModel';
import { taskToJson } from '../../common/taskModel';
import { NICE_LANGUAGES, VENDOR } from '../mapping';
import { versionProperty } from '../parameters';
import { downloadAndParse, parsedItems, resultFileLink } from '../results';
import { createFromParameters } from '../taskRequest';
import { readStatus } from './getStatus';

const show = { operation: ['createTask'] };
const when = (extra: Record<string, unknown[]>) => ({ show: { ...show, ...extra } });

export const concurrency = CREATE_CONCURRENCY;

export const description: INodeProperties[] = [
	{
		displayName: 'Task Type',
		name: 'taskType',
		type: 'options',
		options: [
			{
				name: 'Audio',
				value: 'audio',
				description: 'A recording longer than 10 seconds, under 500 MB',
			},
			{
				name: 'Text',
				value: 'text',
				description: 'A .txt file of {"data": [{ID, content}]}, under 100 MB',
			},
		],
		default: 'audio',
		displayOptions: { show },
	},
	{
		displayName: 'File Source',
		name: 'fileSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'URL', value: 'url', description: 'NICE downloads the file from a URL it can reach' },
			{
				name: 'Binary File',
				value: 'binary',
				description: 'Upload a file from the input item (streamed, up to 500 MB)',
			},
			{
				name: 'Input Items (Text)',
				value: 'items',
				description: "Build the text file from the items' ID and content fields",
			},
		],
		default: 'url',
		displayOptions: { show },
	},
	{
		displayName: 'File URL',
		name: 'taskFileUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/recordings/call.wav',
		displayOptions: when({ fileSource: ['url'] }),
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'Name of the binary field of the input item that holds the file',
		displayOptions: when({ fileSource: ['binary'] }),
	},
	{
		displayName: 'ID Field',
		name: 'idField',
		type: 'string',
		default: 'id',
		description: 'Field of each input item that holds its ID (NICE returns results by it)',
		displayOptions: when({ fileSource: ['items'] }),
	},
	{
		displayName: 'Content Field',
		name: 'contentField',
		type: 'string',
		default: 'content',
		description: 'Field of each input item that holds the text to analyse',
		displayOptions: when({ fileSource: ['items'] }),
	},
	{
		displayName: 'Tasks',
		name: 'textTaskPer',
		type: 'options',
		options: [
			{ name: 'One Task for All Items', value: 'execution' },
			{ name: 'One Task per Item', value: 'item' },
		],
		default: 'execution',
		displayOptions: when({ fileSource: ['items'] }),
	},
	{
		displayName: 'Project Key',
		name: 'projectKey',
		type: 'string',
		default: '',
		description: "The NICE project; empty for the credential's Default Project Key",
		displayOptions: { show },
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: NICE_LANGUAGES,
		default: 'cn',
		displayOptions: { show },
	},
	{
		displayName: 'After Creating',
		name: 'afterCreate',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Output the Task', value: 'none', description: 'Get its status and result later' },
			{
				name: 'Wait for Completion',
				value: 'status',
				description: 'Poll until the task ends; output its status',
			},
			{
				name: 'Wait, Then Parse the Result (Whole File)',
				value: 'parsed',
				description: 'One item: the task with segments, transcript and the parsed file',
			},
			{
				name: 'Wait, Then Parse the Result (One Item per Segment)',
				value: 'items',
				description: 'One item per audio segment, per text ID, or per e-commerce comment',
			},
		],
		default: 'none',
		displayOptions: { show },
	},
	...waitTimingProperties({ ...show, afterCreate: ['status', 'parsed', 'items'] }),
	versionProperty({ ...show, afterCreate: ['parsed', 'items'] }),
	taskOptionsProperty(show, [
		concurrencyOption(VENDOR, concurrency),
		{
			displayName: 'Rows',
			name: 'rows',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'Lines of a text task (counted for you when the file is built from input items)',
		},
		{
			displayName: 'Start Time',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			description: 'When the recording was made; NICE dates the segments from it',
		},
		{
			displayName: 'User Code',
			name: 'userCode',
			type: 'string',
			default: '',
			description: "A NICE user's code: their voiceprint, if recorded, is used",
		},
	]),
];

/** Creates one task from the item (or, for a file built from items, from `itemIndexes`). */
async function createOne(
	this: IExecuteFunctions,
	itemIndex: number,
	itemIndexes: number[],
): Promise<INodeExecutionData[]> {
	const kind = this.getNodeParameter('taskType', itemIndex) as 'audio' | 'text';
	const source = this.getNodeParameter('fileSource', itemIndex) as 'url' | 'binary' | 'items';
	const options = readTaskOptions(this, itemIndex);
	if (source === 'items' && kind !== 'text') {
		throw new NodeOperationError(this.getNode(), 'Only text tasks can be built from input items', {
			itemIndex,
		});
	}
	const created = await createFromParameters(this, itemIndex, itemIndexes, kind, source, options);
	const taskNo = String(created.task_no ?? '');
	const queued: Task = {
		vendor: 'nice',
		taskId: taskNo,
		status: 'running',
		createdAt: new Date().toISOString(),
	};

	const after = this.getNodeParameter('afterCreate', itemIndex, 'none') as
		'none' | 'status' | 'parsed' | 'items';
	if (after === 'none')
		return [{ json: taskToJson(queued, options.includeRawResponse ? created : undefined) }];
	const { task, reply } = await readStatus.call(
		this,
		taskNo,
		itemIndex,
		readWaitTiming.call(this, itemIndex),
	);
	if (after === 'status' || task.status !== 'succeeded') {
		return [{ json: taskToJson(task, options.includeRawResponse ? reply : undefined) }];
	}
	const version = String(this.getNodeParameter('version', itemIndex, '1.1'));
	const link = await resultFileLink(this, taskNo, version, itemIndex, options.requestTimeoutMs);
	const { parsed } = await downloadAndParse(this, link.url, itemIndex, options.requestTimeoutMs);
	return parsedItems(task, parsed, after);
}

/**
 * One task per item (Concurrent Items at a time), or, for a text file built from the items,
 * one task for all of them (its output belongs to the first item).
 */
export async function executeAll(this: IExecuteFunctions): Promise<ItemOutcome[]> {
	const items = this.getInputData();
	const create = async (itemIndex: number, group: number[]): Promise<ItemOutcome> => {
		try {
			return { itemIndex, output: await createOne.call(this, itemIndex, group) };
		} catch (error) {
			return { itemIndex, error: error as Error };
		}
	};
	const perExecution =
		this.getNodeParameter('fileSource', 0) === 'items' &&
		this.getNodeParameter('textTaskPer', 0, 'execution') === 'execution';
	if (perExecution)
		return [
			await create(
				0,
				items.map((_, itemIndex) => itemIndex),
			),
		];
	const outcomes = await runItems.call(this, readConcurrency.call(this, concurrency), (itemIndex) =>
		create(itemIndex, [itemIndex]),
	);
	return outcomes.filter((outcome): outcome is ItemOutcome => outcome !== undefined);
}
