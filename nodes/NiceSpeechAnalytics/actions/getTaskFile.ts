import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { concurrencyOption, READ_CONCURRENCY } from '../../common/concurrency';
import { readTaskOptions, taskOptionsProperty } from '../../common/properties';
import { VENDOR } from '../mapping';
import { resultOutputProperty, taskNoProperty } from '../parameters';
import { fileLink } from '../results';
import { downloadFile, niceRequest } from '../transport';

const show = { operation: ['getTaskFile'] };

/** Types of the files NICE analyses, by extension (given, so n8n need not sniff the bytes). */
const MIME_TYPES: Readonly<Record<string, string>> = {
	wav: 'audio/wav',
	mp3: 'audio/mpeg',
	aac: 'audio/aac',
	m4a: 'audio/mp4',
	amr: 'audio/amr',
	txt: 'text/plain',
};

export const concurrency = READ_CONCURRENCY;

export const description: INodeProperties[] = [
	taskNoProperty(show),
	resultOutputProperty(show, ['url', 'file']),
	taskOptionsProperty(show, [concurrencyOption(VENDOR, concurrency)]),
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
	const mimeType =
		MIME_TYPES[fileName.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
	return [
		{ json, binary: { data: await this.helpers.prepareBinaryData(bytes, fileName, mimeType) } },
	];
}
