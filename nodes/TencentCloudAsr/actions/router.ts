import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from '../../common/execute';
import { runOperation } from '../../common/execute';
import * as acknowledgeCallback from './acknowledgeCallback';
import * as createRecognitionTask from './createRecognitionTask';
import * as createTask from './createTask';
import * as getTaskStatus from './getTaskStatus';

export const operations: Readonly<Record<string, Operation>> = {
	createRecognitionTask,
	acknowledgeCallback,
	createTask,
	getTaskStatus,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await runOperation.call(this, operations)];
}
