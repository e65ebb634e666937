import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { binarySize, formatBytes } from '../../common/binary';
import type { ItemOutcome } from '../../common/execute';
import type { MultipartFile } from '../../common/multipart';
import {
	httpUrlParameter,
	readTaskOptions,
	readWaitTiming,
	taskOptionsProperty,
	waitTimingProperties,
} from '../../common/properties';
import type { Task } from '../../common/taskModel';
import { taskToJson } from '../../common/taskModel';
import { NICE_LANGUAGES } from '../mapping';
import { versionProperty } from '../parameters';
import { downloadAndParse, parsedItems, resultFileLink } from '../results';
import { createTaskWithFile, CREDENTIAL_TYPE, niceRequest } from '../transport';
import { readStatus } from './getStatus';

const show = { operation: ['createTask'] };
const when = (extra: Record<string, unknown[]>) => ({ show: { ...show, ...extra } });

/** NICE's limits: a recording under 500 MB, a text file under 100 MB. */
export const MAX_BYTES = { audio: 500 * 1024 * 1024, text: 100 * 1024 * 1024 };

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

/** The default project key, read once per node run and only when a create needs it. */
const projectKeys = new WeakMap<object, Promise<string>>();
async function projectKey(context: IExecuteFunctions, itemIndex: number): Promise<string> {
	const given = String(context.getNodeParameter('projectKey', itemIndex, '')).trim();
	if (given) return given;
	if (!projectKeys.has(context)) {
		projectKeys.set(
			context,
			context
				.getCredentials(CREDENTIAL_TYPE, itemIndex)
				.then((data) => String(data.projectKey ?? '').trim()),
		);
	}
	const fallback = await projectKeys.get(context)!;
	if (!fallback) {
		throw new NodeOperationError(context.getNode(), 'No project key', {
			itemIndex,
			description: 'Give a Project Key, or a Default Project Key in the NICE credential.',
		});
	}
	return fallback;
}

/** The text file NICE expects, built from items: {"data":[{"id","content"}]}. */
function textFile(
	context: IExecuteFunctions,
	itemIndexes: number[],
): { content: Buffer; rows: number } {
	const rows = itemIndexes.map((itemIndex) => {
		const json = context.getInputData()[itemIndex].json;
		const idField = String(context.getNodeParameter('idField', itemIndex, 'id'));
		const contentField = String(context.getNodeParameter('contentField', itemIndex, 'content'));
		const content = json[contentField];
		if (typeof content !== 'string' || !content) {
			throw new NodeOperationError(
				context.getNode(),
				`Item ${itemIndex} has no text in "${contentField}"`,
				{ itemIndex },
			);
		}
		return { id: String(json[idField] ?? itemIndex + 1), content };
	});
	return { content: Buffer.from(JSON.stringify({ data: rows }), 'utf8'), rows: rows.length };
}

function tooLarge(
	context: IExecuteFunctions,
	kind: 'audio' | 'text',
	bytes: number,
	itemIndex: number,
): void {
	if (bytes < MAX_BYTES[kind]) return;
	throw new NodeOperationError(
		context.getNode(),
		`The ${kind} file is ${formatBytes(bytes)}; NICE accepts ${kind === 'audio' ? 'less than 500 MB' : 'less than 100 MB'}`,
		{
			itemIndex,
			description: 'Nothing was sent. Split the file, or give NICE a URL of a smaller one.',
		},
	);
}

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
	const fields: Record<string, string> = {
		project_key: await projectKey(this, itemIndex),
		ts: String(Math.floor(Date.now() / 1000)),
		task_type: kind === 'audio' ? '1' : '2',
		task_language_type: String(this.getNodeParameter('language', itemIndex, 'cn')),
	};
	if (options.userCode) fields.user_code = String(options.userCode);
	if (options.startTime)
		fields.start_time = String(Math.floor(new Date(String(options.startTime)).getTime() / 1000));
	if (kind === 'text' && options.rows) fields.rows = String(options.rows);
	const call = { itemIndex, timeoutMs: options.requestTimeoutMs };

	let created: IDataObject;
	if (source === 'url') {
		const url = httpUrlParameter(this.getNode(), this.getNodeParameter('taskFileUrl', itemIndex), {
			field: 'File URL',
			maxLength: 2048,
			limit: 'NICE accepts at most 2048',
			itemIndex,
		});
		created = await niceRequest(
			this,
			'/task/create',
			{ ...fields, task_file_url: url },
			{ ...call, idempotent: false },
		);
	} else {
		let file: MultipartFile;
		if (source === 'binary') {
			const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex));
			const binaryData = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
			tooLarge(this, kind, await binarySize(this, binaryData), itemIndex);
			const name = binaryData.fileName ?? (kind === 'text' ? 'task.txt' : 'recording');
			file = {
				field: 'task_file',
				fileName: kind === 'text' && !name.endsWith('.txt') ? `${name}.txt` : name,
				mimeType: binaryData.mimeType,
				binaryPropertyName,
				binaryData,
			};
		} else {
			const built = textFile(this, itemIndexes);
			tooLarge(this, kind, built.content.length, itemIndex);
			fields.rows = String(built.rows);
			file = {
				field: 'task_file',
				fileName: 'n8n-items.txt',
				mimeType: 'text/plain',
				content: built.content,
			};
		}
		created = await createTaskWithFile(this, fields, file, call);
	}
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
 * One task per item, or, for a text file built from the items, one task for all of them
 * (its output belongs to the first item).
 */
export async function executeAll(this: IExecuteFunctions): Promise<ItemOutcome[]> {
	const indexes = this.getInputData().map((_, itemIndex) => itemIndex);
	const perExecution =
		this.getNodeParameter('fileSource', 0) === 'items' &&
		this.getNodeParameter('textTaskPer', 0, 'execution') === 'execution';
	const groups = perExecution ? [indexes] : indexes.map((itemIndex) => [itemIndex]);
	const outcomes: ItemOutcome[] = [];
	for (const group of groups) {
		try {
			outcomes.push({ itemIndex: group[0], output: await createOne.call(this, group[0], group) });
		} catch (error) {
			outcomes.push({ itemIndex: group[0], error: error as Error });
			// As per-item operations do: without Continue On Fail, the first failure ends the run.
			if (this.getExecutionCancelSignal()?.aborted || !this.continueOnFail()) break;
		}
	}
	return outcomes;
}
