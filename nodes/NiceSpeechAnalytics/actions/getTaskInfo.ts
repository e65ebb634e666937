import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { concurrencyOption, READ_CONCURRENCY } from '../../common/concurrency';
import { readTaskOptions, taskOptionsProperty } from '../../common/properties';
import { VENDOR } from '../mapping';
import { taskNoProperty } from '../parameters';
import { niceRequest } from '../transport';

const show = { operation: ['getTaskInfo'] };

export const concurrency = READ_CONCURRENCY;

export const description: INodeProperties[] = [
	taskNoProperty(show),
	taskOptionsProperty(show, [concurrencyOption(VENDOR, concurrency)]),
];

/** taskInfo (seed section 7): platform, project, source, file name, times, duration, uploader. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const taskNo = String(this.getNodeParameter('taskNo', itemIndex)).trim();
	const { requestTimeoutMs } = readTaskOptions(this, itemIndex);
	const data = await niceRequest(
		this,
		'/task/taskInfo',
		{ task_no: taskNo },
		{ itemIndex, timeoutMs: requestTimeoutMs, idempotent: true },
	);
	return [{ json: { vendor: 'nice', taskId: taskNo, ...data } }];
}
