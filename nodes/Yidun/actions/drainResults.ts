import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { cancellationError } from '../../common/execute';

import { includeRawResponseOption, requestTimeoutOption } from '../../common/properties';
import { rateLimiterFor } from '../../common/rateLimiter';
import { taskToJson } from '../../common/taskModel';
import { yidunV3ResultToTask, yidunV4ResultToTask } from '../mapping';
import { yidunAccountKey, yidunApiRequest } from '../transport';
import { apiVersionProperty } from './submitAudio';

/** "Fewer than 20 calls per 10 s" on the results endpoints, shared by every drain of the account. */
export const drainLimiter = () => rateLimiterFor('yidun-results', 19, 10_000);

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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [includeRawResponseOption, requestTimeoutOption],
	},
];

/**
 * Calls the results endpoint until it returns nothing or Max Results is reached, within the
 * rate limit. Runs once per execution, whatever the number of input items.
 */
export async function executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const version = this.getNodeParameter('apiVersion', 0) as 'v4' | 'v3.1';
	const maxResults = Number(this.getNodeParameter('maxResults', 0, 1000));
	const options = this.getNodeParameter('options', 0, {}) as { includeRawResponse?: boolean; requestTimeoutMs?: number };
	const account = await yidunAccountKey.call(this);
	const output: INodeExecutionData[] = [];

	while (output.length < maxResults) {
		let results: IDataObject[];
		try {
			await drainLimiter().acquire(account, this.getExecutionCancelSignal());
			const reply = await yidunApiRequest.call(this, version === 'v4' ? '/v4/audio/callback/results' : '/v3/audio/callback/results', { version }, {
				itemIndex: 0,
				// A drain consumes: never sent twice on a transport failure.
				idempotent: false,
				timeoutMs: options.requestTimeoutMs,
			});
			results = version === 'v4' ? ((reply.result ?? []) as IDataObject[]).map((entry) => (entry.antispam ?? {}) as IDataObject) : ((reply.antispam ?? []) as IDataObject[]);
		} catch (error) {
			if (this.getExecutionCancelSignal()?.aborted) throw cancellationError.call(this);
			// Nothing drained yet: an ordinary failure. Otherwise the results in hand must come out.
			if (output.length === 0) {
				if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(this.getNode(), error as Error);
			}
			output.push({
				json: { error: (error as Error).message, description: `${String((error as { description?: string }).description ?? '')} ${output.length} results were drained before this and are output above.`.trim() },
				pairedItem: { item: 0 },
			});
			break;
		}
		if (results.length === 0) break;
		for (const result of results) {
			const task = version === 'v4' ? yidunV4ResultToTask(result) : yidunV3ResultToTask(result);
			output.push({ json: taskToJson(task, options.includeRawResponse ? result : undefined), pairedItem: { item: 0 } });
		}
	}
	return output;
}
