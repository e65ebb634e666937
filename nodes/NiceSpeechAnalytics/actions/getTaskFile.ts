import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readTaskOptions, taskOptionsProperty } from '../../common/properties';
import { resultOutputProperty, taskNoProperty } from '../parameters';
import { fileLink } from '../results';
import { downloadFile, niceRequest } from '../transport';

const show = { operation: ['getTaskFile'] };

export const description: INodeProperties[] = [
	taskNoProperty(show),
	resultOutputProperty(show, ['url', 'file']),
	taskOptionsProperty(show),
];

/** getTaskFile: the recording (or text file) of a task, as a URL valid 24 hours or downloaded. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const taskNo = String(this.getNodeParameter('taskNo', itemIndex)).trim();
	const { requestTimeoutMs } = readTaskOptions(this, itemIndex);
	const data = await niceRequest(
		this,
		'/task/getTaskFile',
		{ task_no: taskNo },
		{ itemIndex, timeoutMs: requestTimeoutMs, idempotent: true },
	);
	const link = fileLink(data, 'task_file_url');
	const json = { vendor: 'nice', taskId: taskNo, ...link };
	if (this.getNodeParameter('resultOutput', itemIndex, 'url') !== 'file') return [{ json }];
	const bytes = await downloadFile(this, link.url, { itemIndex, timeoutMs: requestTimeoutMs });
	const fileName = decodeURIComponent(
		new URL(link.url).pathname.split('/').pop() || `${taskNo}.bin`,
	);
	return [{ json, binary: { data: await this.helpers.prepareBinaryData(bytes, fileName) } }];
}
