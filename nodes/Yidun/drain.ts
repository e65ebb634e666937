import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { cancelSignalOf, errorItem, nodeError } from '../common/errors';
import { rateLimiterFor } from '../common/rateLimiter';
import { taskToJson } from '../common/taskModel';
import type { RequestContext } from '../common/vendorRequest';
import { yidunV3ResultToTask, yidunV4ResultToTask } from './mapping';
import { yidunAccountKey, yidunApiRequest } from './transport';

/** "Fewer than 20 calls per 10 s" on the results endpoints, shared by every drain of the account in this n8n. */
export const drainLimiter = () => rateLimiterFor('yidun-results', 19, 10_000);

/**
 * A drain refused with 411 consumed nothing. Other processes (queue-mode workers, the poll
 * trigger on the main instance) drain the same account unseen by this process's limiter:
 * the refusal says the window is full, so every drain of the account here waits a whole
 * window before the call is sent again, leaving the budget to the others. Up to 20 times
 * (about 4 minutes), where a lone call gets 6 over 23 s.
 */
const DRAIN_REFUSED_RETRY = { maxAttempts: 20, initialDelayMs: 500, maxDelayMs: 2000 };

export interface DrainSettings {
	version: 'v4' | 'v3.1';
	/** Stop once at least this many results came out (a fetched page is always kept whole). */
	maxResults: number;
	includeRawResponse?: boolean;
	timeoutMs?: number;
	/** Stop fetching after this long (a poll's budget); what came out is kept. */
	budgetMs?: number;
}

/**
 * Drains Yidun's consume-once results queue. Every result fetched is in the returned items
 * before the next call is made, so a failure part-way keeps them: the caller outputs them
 * with an error item (see errorItemAfter). A failure before any result is thrown as usual.
 */
export async function drainQueue(
	this: RequestContext,
	settings: DrainSettings,
): Promise<INodeExecutionData[]> {
	const started = Date.now();
	const account = await yidunAccountKey.call(this);
	const items: INodeExecutionData[] = [];
	const path =
		settings.version === 'v4' ? '/v4/audio/callback/results' : '/v3/audio/callback/results';

	while (
		items.length < settings.maxResults &&
		(settings.budgetMs === undefined || Date.now() - started < settings.budgetMs)
	) {
		let results: IDataObject[];
		try {
			await drainLimiter().acquire(account, cancelSignalOf(this));
			// A drain consumes: never sent twice on a transport failure.
			const reply = await yidunApiRequest.call(
				this,
				path,
				{ version: settings.version },
				{
					itemIndex: 0,
					idempotent: false,
					timeoutMs: settings.timeoutMs,
					whenRefused: {
						retry: DRAIN_REFUSED_RETRY,
						beforeResend: async () => {
							drainLimiter().fillWindow(account);
							await drainLimiter().acquire(account, cancelSignalOf(this));
						},
					},
				},
			);
			results =
				settings.version === 'v4'
					? ((reply.result ?? []) as IDataObject[]).map(
							(entry) => (entry.antispam ?? {}) as IDataObject,
						)
					: ((reply.antispam ?? []) as IDataObject[]);
		} catch (error) {
			// Nothing drained yet, or the execution was stopped: the caller's rules apply.
			if (items.length === 0 || cancelSignalOf(this)?.aborted) {
				throw nodeError(this.getNode(), error as Error);
			}
			const drained = `${items.length} results were drained before this and are output above; run again to continue.`;
			items.push(errorItem(this.getNode(), error as Error, 0, drained));
			break;
		}
		if (results.length === 0) break;
		for (const result of results) {
			const task =
				settings.version === 'v4' ? yidunV4ResultToTask(result) : yidunV3ResultToTask(result);
			items.push({
				json: taskToJson(task, settings.includeRawResponse ? result : undefined),
				pairedItem: { item: 0 },
			});
		}
	}
	return items;
}
