import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { includeRawResponseOption, readTaskOptions } from '../common/properties';
import { apiVersionProperty } from './actions/submitAudio';
import { drainQueue } from './drain';

/**
 * Drains Yidun's results queue at each poll and starts one execution with one item per
 * result. A drained result exists nowhere else, so the results of a poll that fails part-way
 * still start the execution, followed by an error item.
 */
export class YidunPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Yidun Poll Trigger',
		name: 'yidunPollTrigger',
		icon: { light: 'file:yidun.svg', dark: 'file:yidun.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Drain results on a schedule',
		description:
			'Starts the workflow with the NetEase Yidun audio moderation results waiting in the queue',
		defaults: { name: 'Yidun Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'yidunApi', required: true }],
		properties: [
			{
				displayName:
					'Each poll removes the results it fetches from Yidun: they come out in that execution only. Tasks submitted with a Callback URL are pushed instead (Yidun Trigger).',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			{ ...apiVersionProperty('drainResults'), displayOptions: undefined },
			{
				displayName: 'Max Results per Poll',
				name: 'maxResults',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 500,
				description: 'The rest waits for the next poll',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [includeRawResponseOption],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = readTaskOptions(this);
		const items = await drainQueue.call(this, {
			version: this.getNodeParameter('apiVersion', 'v4') as 'v4' | 'v3.1',
			maxResults: Number(this.getNodeParameter('maxResults', 500)),
			includeRawResponse: options.includeRawResponse,
			// Stop fetching well inside the time n8n gives a poll; the rest waits for the next one.
			budgetMs: drainBudgetMs(this),
		});
		return items.length ? [items] : null;
	}
}

/**
 * How long a poll drains: 80% of the time n8n 2.x gives a poll (getPollBudgetMs). n8n 1.x
 * sets no budget; 45 s keeps a poll inside n8n's shortest polling interval (a minute).
 */
function drainBudgetMs(context: IPollFunctions): number {
	const { getPollBudgetMs } = context as { getPollBudgetMs?: () => number };
	if (typeof getPollBudgetMs !== 'function') return 45_000;
	return Math.max(1000, getPollBudgetMs.call(context) * 0.8);
}
