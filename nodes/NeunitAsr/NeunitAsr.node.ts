import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as getTaskStatus from './actions/getTaskStatus';
import { router } from './actions/router';

export class NeunitAsr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Neunit ASR',
		name: 'neunitAsr',
		icon: { light: 'file:neunitAsr.svg', dark: 'file:neunitAsr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Check the status and transcript of Neunit speech recognition tasks',
		defaults: { name: 'Neunit ASR' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'neunitAsrApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Get Task Status',
						value: 'getTaskStatus',
						action: 'Get the status of a recognition task',
						description:
							'Status, progress and transcript of a task, optionally waiting until it finishes',
					},
				],
				default: 'getTaskStatus',
			},
			...getTaskStatus.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
