import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { concurrencyOption } from '../../common/concurrency';
import type { TaskRead } from '../../common/properties';
import {
	readTask,
	readTaskOptions,
	readWaitOptions,
	taskOptionsProperty,
	waitForCompletionProperties,
} from '../../common/properties';
import { taskToJson } from '../../common/taskModel';
import type { WaitOptions } from '../../common/waitForCompletion';
import { api3TaskToModel } from '../api3';
import { VENDOR } from '../mapping';
import { API3_CONCURRENCY, api3Request } from '../transport';

const show = { operation: ['getTaskStatus'] };

export const concurrency = API3_CONCURRENCY.DescribeTaskStatus;

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '7000001',
		description: 'The TaskId of Create Recognition Task (results are kept 24 hours)',
		displayOptions: { show },
	},
	...waitForCompletionProperties(show),
	taskOptionsProperty(show, [concurrencyOption(VENDOR, concurrency)]),
];

/** DescribeTaskStatus, once or until the task ends. */
export async function readApi3Task(
	this: IExecuteFunctions,
	taskId: string,
	itemIndex: number,
	waitOptions: WaitOptions | undefined,
): Promise<TaskRead> {
	if (!/^\d+$/.test(taskId)) {
		throw new NodeOperationError(this.getNode(), `Task ID "${taskId}" is not a number`, {
			itemIndex,
			description:
				'API 3.0 task IDs are numbers, e.g. {{ $json.taskId }} of Create Recognition Task.',
		});
	}
	const { requestTimeoutMs } = readTaskOptions(this, itemIndex);
	const read = async () => {
		// TaskId is an unsigned 64-bit integer: sent as a number while it is one exactly.
		const id = Number.isSafeInteger(Number(taskId)) ? Number(taskId) : taskId;
		const reply = await api3Request.call(
			this,
			'DescribeTaskStatus',
			{ TaskId: id },
			{ itemIndex, idempotent: true, timeoutMs: requestTimeoutMs },
		);
		return {
			task: api3TaskToModel({ ...((reply.Data ?? {}) as object), TaskId: taskId }),
			reply,
		};
	};
	return await readTask(this, VENDOR, itemIndex, read, waitOptions);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const taskId = String(this.getNodeParameter('taskId', itemIndex, '')).trim();
	const { task, reply } = await readApi3Task.call(
		this,
		taskId,
		itemIndex,
		readWaitOptions.call(this, itemIndex),
	);
	return [
		{
			json: taskToJson(
				task,
				readTaskOptions(this, itemIndex).includeRawResponse ? reply : undefined,
			),
		},
	];
}
