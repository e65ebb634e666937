import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from '../../common/execute';
import { runOperation } from '../../common/execute';
import * as createAudioModerationJob from './createAudioModerationJob';
import * as getJob from './getJob';

export const operations: Readonly<Record<string, Operation>> = { createAudioModerationJob, getJob };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await runOperation.call(this, operations)];
}
