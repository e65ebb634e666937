import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { concurrencyOption, READ_CONCURRENCY } from '../../common/concurrency';
import type { TaskRead } from '../../common/properties';
import {
	readTaskOptions,
	readWaitOptions,
	taskOptionsProperty,
	waitForCompletionProperties,
	readTask,
} from '../../common/properties';
import { taskToJson } from '../../common/taskModel';
import type { WaitOptions } from '../../common/waitForCompletion';
import { niceStatusToTask, VENDOR } from '../mapping';
import { taskNoProperty } from '../parameters';
import { niceRequest } from '../transport';

const show = { operation: ['getStatus'] };

export const concurrency = READ_CONCURRENCY;

export const description: INodeProperties[] = [
	taskNoProperty(show),
	...waitForCompletionProperties(show),
	taskOptionsProperty(show, [concurrencyOption(VENDOR, concurrency)]),
];

/** getResult (the task's status), once or until the task ends; the last reply is kept for `raw`. */
export async function readStatus(
	this: IExecuteFunctions,
	taskNo: string,
	itemIndex: number,
	waitOptions: WaitOptions | undefined,
): Promise<TaskRead> {
	const { requestTimeoutMs } = readTaskOptions(this, itemIndex);
	const read = async () => {
		const reply = await niceRequest(
			this,
			'/task/getResult',
			{ task_no: taskNo },
			{ itemIndex, timeoutMs: requestTimeoutMs, idempotent: true },
		);
		return { task: niceStatusToTask(taskNo, reply), reply };
	};
	return await readTask(this, VENDOR, itemIndex, read, waitOptions);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const taskNo = String(this.getNodeParameter('taskNo', itemIndex)).trim();
	const { task, reply } = await readStatus.call(
		this,
		taskNo,
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
