import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { concurrencyOption, READ_CONCURRENCY } from '../../common/concurrency';
import {
	readTaskOptions,
	readWaitOptions,
	taskOptionsProperty,
	waitForCompletionProperties,
	readTask,
} from '../../common/properties';
import { taskToJson } from '../../common/taskModel';
import { neunitTaskToModel, VENDOR } from '../mapping';
import { neunitApiRequest } from '../transport';

const show = { operation: ['getTaskStatus'] };

export const concurrency = READ_CONCURRENCY;

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'q-FZXUkFrnXKIZueZFKc',
		description:
			'ID returned by Neunit when the recognition task was created. Results are kept for one day.',
		displayOptions: { show },
	},
	...waitForCompletionProperties(show),
	taskOptionsProperty(show, [concurrencyOption(VENDOR, concurrency)]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const taskId = String(this.getNodeParameter('taskId', itemIndex, '')).trim();
	if (!taskId) {
		throw new NodeOperationError(this.getNode(), 'Task ID is empty', {
			itemIndex,
			description:
				'Give the task id Neunit returned when the task was created, e.g. with an expression such as {{ $json.taskId }}.',
		});
	}
	const options = readTaskOptions(this, itemIndex);

	const read = async () => {
		const reply = await neunitApiRequest.call(
			this,
			'/cloud/asr/v1/get_task_status',
			{ task_id: taskId },
			{
				itemIndex,
				idempotent: true,
				timeoutMs: options.requestTimeoutMs,
			},
		);
		const data = reply.data ?? {};
		const task = neunitTaskToModel(taskId, data);
		if (!task) {
			throw new NodeOperationError(
				this.getNode(),
				`Neunit ASR reported task status ${JSON.stringify(data.status)}, which its documentation does not list`,
				{
					itemIndex,
					description:
						'Known statuses are 0 (waiting), 1 (running), 2 (succeeded) and 3 (failed). Turn on Include Raw Response to see the full reply.',
				},
			);
		}
		return { task, reply: reply as unknown as IDataObject };
	};

	const waitOptions = readWaitOptions.call(this, itemIndex);
	const { task, reply } = await readTask(this, VENDOR, itemIndex, read, waitOptions);
	return [{ json: taskToJson(task, options.includeRawResponse ? reply : undefined) }];
}
