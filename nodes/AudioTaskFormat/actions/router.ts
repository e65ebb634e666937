import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from '../../common/execute';
import { runOperation } from '../../common/execute';
import * as createSubtitles from './createSubtitles';
import * as createTranscript from './createTranscript';

export const operations: Readonly<Record<string, Operation>> = {
	createSubtitles,
	createTranscript,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await runOperation.call(this, operations)];
}
