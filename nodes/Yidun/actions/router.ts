import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from '../../common/execute';
import { runOperation } from '../../common/execute';
import * as drainResults from './drainResults';
import * as getTaskResults from './getTaskResults';
import * as submitAudio from './submitAudio';

export const operations: Readonly<Record<string, Operation>> = {
	submitAudio,
	getTaskResults,
	drainResults,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await runOperation.call(this, operations)];
}
