import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as drainResults from './actions/drainResults';
import * as getTaskResults from './actions/getTaskResults';
import { router } from './actions/router';
import * as submitAudio from './actions/submitAudio';

export class YidunAudioModeration implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Yidun Audio Moderation',
		name: 'yidunAudioModeration',
		icon: { light: 'file:yidun.svg', dark: 'file:yidun.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Check audio with NetEase Yidun (易盾) content moderation',
		defaults: { name: 'Yidun Audio Moderation' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'yidunApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Drain Results',
						value: 'drainResults',
						action: 'Drain finished results',
						description: 'Fetch every finished result waiting in Yidun (each comes out once)',
					},
					{
						name: 'Get Task Results',
						value: 'getTaskResults',
						action: 'Get the results of tasks',
						description: 'Status and verdict of tasks by ID (V4), without removing them',
					},
					{
						name: 'Submit Audio',
						value: 'submitAudio',
						action: 'Submit audio for moderation',
						description: 'Send a recording URL to be checked',
					},
				],
				default: 'submitAudio',
			},
			...submitAudio.description,
			...getTaskResults.description,
			...drainResults.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
