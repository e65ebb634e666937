import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
import { huaweiJobToTask, VENDOR } from '../mapping';
import { getJob } from '../transport';

const show = { operation: ['getJob'] };

export const concurrency = READ_CONCURRENCY;

export const description: INodeProperties[] = [
	{
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '01661356800_7c0fe871f80543358917e4faebca4a48',
		description: 'The job_id returned by Create Audio Moderation Job (as taskId in its output)',
		displayOptions: { show },
	},
	...waitForCompletionProperties(show),
	taskOptionsProperty(show, [concurrencyOption(VENDOR, concurrency)]),
];

/** Reads a job until it is finished (when waiting); the reply of each read is kept for `raw`. */
export async function readJob(
	this: IExecuteFunctions,
	jobId: string,
	itemIndex: number,
	waitOptions: WaitOptions | undefined,
): Promise<TaskRead> {
	const { requestTimeoutMs } = readTaskOptions(this, itemIndex);
	const read = async () => {
		const reply = await getJob.call(this, jobId, { itemIndex, timeoutMs: requestTimeoutMs });
		return { task: huaweiJobToTask(reply), reply };
	};
	return await readTask(this, VENDOR, itemIndex, read, waitOptions);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const jobId = String(this.getNodeParameter('jobId', itemIndex, '')).trim();
	if (!jobId) {
		throw new NodeOperationError(this.getNode(), 'Job ID is empty', {
			itemIndex,
			description: 'Give the job_id of Create Audio Moderation Job, e.g. {{ $json.taskId }}.',
		});
	}
	const { task, reply } = await readJob.call(
		this,
		jobId,
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
