import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as createTask from './actions/createTask';
import * as getResultFile from './actions/getResultFile';
import * as getStatus from './actions/getStatus';
import * as getTaskFile from './actions/getTaskFile';
import * as getTaskInfo from './actions/getTaskInfo';
import { router } from './actions/router';

export class NiceSpeechAnalytics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NICE Speech Analytics',
		name: 'niceSpeechAnalytics',
		icon: { light: 'file:nice.svg', dark: 'file:nice.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Analyse recordings and texts with the NICE speech-analytics platform (zebra-c)',
		defaults: { name: 'NICE Speech Analytics' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'niceApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Create Task',
						value: 'createTask',
						action: 'Create an analysis task',
						description:
							'Send a recording or a text file, optionally waiting for the parsed result',
					},
					{
						name: 'Get Result File',
						value: 'getResultFile',
						action: 'Get the result file of a task',
						description: 'The result as a URL, a file, or parsed',
					},
					{
						name: 'Get Status',
						value: 'getStatus',
						action: 'Get the status of a task',
						description: 'Whether the task is done, optionally waiting until it ends',
					},
					{
						name: 'Get Task File',
						value: 'getTaskFile',
						action: 'Get the file of a task',
						description: 'The recording or text the task analysed',
					},
					{
						name: 'Get Task Info',
						value: 'getTaskInfo',
						action: 'Get the details of a task',
						description: 'Project, source, file name, times and duration',
					},
				],
				default: 'createTask',
			},
			...createTask.description,
			...getStatus.description,
			...getTaskFile.description,
			...getResultFile.description,
			...getTaskInfo.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
