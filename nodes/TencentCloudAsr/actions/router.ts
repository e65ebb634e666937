import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from '../../common/execute';
import { runOperation } from '../../common/execute';
import * as acknowledgeCallback from './acknowledgeCallback';
import * as createRecognitionTask from './createRecognitionTask';

export const operations: Readonly<Record<string, Operation>> = {
	createRecognitionTask,
	acknowledgeCallback,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await runOperation.call(this, operations)];
}
