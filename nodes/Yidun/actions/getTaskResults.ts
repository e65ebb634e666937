import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemOutcome } from '../../common/execute';
import { readTaskOptions, taskOptionsProperty } from '../../common/properties';
import { taskToJson } from '../../common/taskModel';
import { yidunV4ResultToTask } from '../mapping';
import { yidunApiRequest } from '../transport';

/** The v4 query takes at most 100 task ids per call. */
export const MAX_IDS_PER_QUERY = 100;

const show = { operation: ['getTaskResults'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '={{ $json.taskId }}',
		description:
			'Task ID returned by Submit Audio. Items are sent 100 IDs per call. Unlike Drain Results, this does not remove results from Yidun.',
		displayOptions: { show },
	},
	taskOptionsProperty(show),
];

/**
 * v4 query: the task ids of all items, 100 per call, one outcome per input item. A call that
 * fails fails the items whose ids it carried; the other calls still count.
 */
export async function executeAll(this: IExecuteFunctions): Promise<ItemOutcome[]> {
	const items = this.getInputData();
	const wanted = items.map((_, itemIndex) =>
		String(this.getNodeParameter('taskId', itemIndex, '')).trim(),
	);
	const options = readTaskOptions(this, 0);

	const found = new Map<string, IDataObject>();
	const failed = new Map<string, Error>();
	const unique = [...new Set(wanted.filter(Boolean))];
	for (let start = 0; start < unique.length; start += MAX_IDS_PER_QUERY) {
		const batch = unique.slice(start, start + MAX_IDS_PER_QUERY);
		try {
			const reply = await yidunApiRequest.call(
				this,
				'/v4/audio/query/task',
				{ version: 'v4', taskIds: JSON.stringify(batch) },
				{
					itemIndex: wanted.indexOf(batch[0]),
					idempotent: true,
					timeoutMs: options.requestTimeoutMs,
				},
			);
			for (const entry of (reply.result ?? []) as IDataObject[]) {
				const antispam = (entry.antispam ?? {}) as IDataObject;
				if (antispam.taskId !== undefined) found.set(String(antispam.taskId), antispam);
			}
		} catch (error) {
			for (const taskId of batch) failed.set(taskId, error as Error);
		}
	}

	return wanted.map((taskId, itemIndex): ItemOutcome => {
		const antispam = found.get(taskId);
		if (antispam) {
			const json = taskToJson(
				yidunV4ResultToTask(antispam),
				options.includeRawResponse ? antispam : undefined,
			);
			return { itemIndex, output: [{ json }] };
		}
		const error =
			failed.get(taskId) ??
			new NodeOperationError(
				this.getNode(),
				taskId ? `Yidun knows no task ${taskId}` : 'Task ID is empty',
				{
					itemIndex,
					description:
						'Check the ID from Submit Audio, and that the credential uses the same Business ID.',
				},
			);
		return { itemIndex, error };
	});
}
