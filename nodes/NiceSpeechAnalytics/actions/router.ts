import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from '../../common/execute';
import { runOperation } from '../../common/execute';
import * as createTask from './createTask';
import * as getResultFile from './getResultFile';
import * as getStatus from './getStatus';
import * as getTaskFile from './getTaskFile';
import * as getTaskInfo from './getTaskInfo';

export const operations: Readonly<Record<string, Operation>> = {
	createTask,
	getStatus,
	getTaskFile,
	getResultFile,
	getTaskInfo,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await runOperation.call(this, operations)];
}
