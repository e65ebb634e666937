import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutcome } from '../../common/execute';
import { readTaskOptions, taskOptionsProperty } from '../../common/properties';
import { drainQueue } from '../drain';
import { apiVersionProperty } from './submitAudio';

const show = { operation: ['drainResults'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Drained results are removed from Yidun: each comes out once, here. If a call fails part-way, the results already drained are still output, followed by one error item; run the node again to continue.',
		name: 'drainNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	apiVersionProperty('drainResults'),
	{
		displayName: 'Max Results',
		name: 'maxResults',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		description:
			'Stop draining once at least this many results came out (a page already fetched is always output whole)',
		displayOptions: { show },
	},
	taskOptionsProperty(show),
];

/**
 * Calls the results endpoint until it returns nothing or Max Results is reached, within the
 * rate limit. Runs once per execution, whatever the number of input items: its output and
 * its failure belong to the first item.
 */
export async function executeAll(this: IExecuteFunctions): Promise<ItemOutcome[]> {
	const options = readTaskOptions(this, 0);
	try {
		const output = await drainQueue.call(this, {
			version: this.getNodeParameter('apiVersion', 0) as 'v4' | 'v3.1',
			maxResults: Number(this.getNodeParameter('maxResults', 0, 1000)),
			includeRawResponse: options.includeRawResponse,
			timeoutMs: options.requestTimeoutMs,
		});
		return [{ itemIndex: 0, output }];
	} catch (error) {
		return [{ itemIndex: 0, error }];
	}
}
