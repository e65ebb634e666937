import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { taskOptionsProperty } from '../../common/properties';
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
		description: 'Stop draining once at least this many results came out (a page already fetched is always output whole)',
		displayOptions: { show },
	},
	taskOptionsProperty(show),
];

/**
 * Calls the results endpoint until it returns nothing or Max Results is reached, within the
 * rate limit. Runs once per execution, whatever the number of input items.
 */
export async function executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', 0, {}) as { includeRawResponse?: boolean; requestTimeoutMs?: number };
	return await drainQueue.call(this, {
		version: this.getNodeParameter('apiVersion', 0) as 'v4' | 'v3.1',
		maxResults: Number(this.getNodeParameter('maxResults', 0, 1000)),
		includeRawResponse: options.includeRawResponse,
		timeoutMs: options.requestTimeoutMs,
	});
}
