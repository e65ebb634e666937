import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { concurrencyOption, READ_CONCURRENCY } from '../../common/concurrency';
import { readTaskOptions, taskOptionsProperty } from '../../common/properties';
import { VENDOR } from '../mapping';
import type { ResultOutput } from '../parameters';
import { resultOutputProperty, taskNoProperty, versionProperty } from '../parameters';
import { downloadAndParse, parsedItems, resultFileLink } from '../results';
import { downloadFile } from '../transport';

const show = { operation: ['getResultFile'] };

export const concurrency = READ_CONCURRENCY;

export const description: INodeProperties[] = [
	taskNoProperty(show),
	versionProperty(show),
	resultOutputProperty(show),
	taskOptionsProperty(show, [concurrencyOption(VENDOR, concurrency)]),
];

/** getResultFile: a finished task's result, as a URL, a file, or parsed (whole or per entry). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const taskNo = String(this.getNodeParameter('taskNo', itemIndex)).trim();
	const version = String(this.getNodeParameter('version', itemIndex, '1.1'));
	const output = this.getNodeParameter('resultOutput', itemIndex, 'url') as ResultOutput;
	const { requestTimeoutMs } = readTaskOptions(this, itemIndex);
	const link = await resultFileLink(this, taskNo, version, itemIndex, requestTimeoutMs);
	const json = { vendor: 'nice', taskId: taskNo, version, ...link };
	if (output === 'url') return [{ json }];
	if (output === 'file') {
		const bytes = await downloadFile(this, link.url, { itemIndex, timeoutMs: requestTimeoutMs });
		return [
			{
				json,
				binary: {
					data: await this.helpers.prepareBinaryData(
						bytes,
						`${taskNo}_result_${version}.txt`,
						'text/plain',
					),
				},
			},
		];
	}
	const { parsed } = await downloadAndParse(this, link.url, itemIndex, requestTimeoutMs);
	return parsedItems({ vendor: 'nice', taskId: taskNo, status: 'succeeded' }, parsed, output);
}
