import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as createSubtitles from './actions/createSubtitles';
import * as createTranscript from './actions/createTranscript';
import { router } from './actions/router';

/**
 * One node for every vendor, not an operation on each: it reads only the task model, which
 * every audio node outputs, and needs no credential, so it also formats tasks that came
 * from a trigger, a database or another workflow.
 */
export class AudioTaskFormat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Audio Task Format',
		name: 'audioTaskFormat',
		icon: { light: 'file:audioTaskFormat.svg', dark: 'file:audioTaskFormat.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {srt: "SRT", vtt: "WebVTT", text: "Plain Text", markdown: "Markdown", json: "JSON"}[$parameter["operation"] === "createSubtitles" ? $parameter["subtitleFormat"] : $parameter["transcriptFormat"]] }}',
		description:
			'Turn the segments of a transcription or moderation task into subtitles (SRT, WebVTT) or a transcript with speakers',
		defaults: { name: 'Audio Task Format' },
		// n8n's community lint asks it of every node; an agent has no task items to give it.
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName:
					'Takes the tasks an audio node outputs (Tencent Cloud ASR, NICE, Huawei Cloud, Yidun) and formats their timed segments',
				name: 'inputNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Create Subtitles',
						value: 'createSubtitles',
						action: 'Create subtitles from a task',
						description: 'SRT or WebVTT cues, split to a line length and duration',
					},
					{
						name: 'Create Transcript',
						value: 'createTranscript',
						action: 'Create a transcript with speakers from a task',
						description: 'Speaker turns as plain text, Markdown or JSON',
					},
				],
				default: 'createSubtitles',
			},
			...createSubtitles.description,
			...createTranscript.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
