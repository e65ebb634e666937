import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsProperty } from '../../common/properties';
import { formattedItem, outputProperties } from '../output';
import { readSpeech, speakerOptions } from '../parameters';
import type { TranscriptFormat } from '../turns';
import { mergeTurns, renderMarkdown, renderText, TRANSCRIPT_FILES, turnsJson } from '../turns';

const show = { operation: ['createTranscript'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Format',
		name: 'transcriptFormat',
		type: 'options',
		options: [
			{ name: 'Plain Text', value: 'text', description: 'Advisor: text, a paragraph per turn' },
			{
				name: 'Markdown',
				value: 'markdown',
				description: '**Advisor:** text, for notes and tickets',
			},
			{ name: 'JSON', value: 'json', description: 'The turns as data: speaker, start, end, text' },
		],
		default: 'text',
		displayOptions: { show },
	},
	{
		displayName: 'Include Timestamps',
		name: 'includeTimestamps',
		type: 'boolean',
		default: false,
		description: 'Whether to start each turn with the time it starts, e.g. [01:05]',
		displayOptions: { show: { ...show, transcriptFormat: ['text', 'markdown'] } },
	},
	...outputProperties(show, {
		displayName: 'Put Output in Field',
		name: 'outputField',
		type: 'string',
		default: 'formattedTranscript',
		description:
			'The name of the output field to put the transcript (for JSON, the list of turns) in',
	}),
	optionsProperty(show, [
		...speakerOptions,
		{
			displayName: 'New Turn After a Pause Of (Seconds)',
			name: 'maxPauseSeconds',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 1 },
			default: 0,
			description:
				'Start a new paragraph when the same speaker pauses this long; 0 merges all they say until another speaks',
		},
	]),
];

/** createTranscript: a task's segments as speaker turns, in text, Markdown or JSON. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const format = this.getNodeParameter('transcriptFormat', itemIndex, 'text') as TranscriptFormat;
	const maxPause = Number(this.getNodeParameter('options.maxPauseSeconds', itemIndex, 0)) || 0;
	const speech = readSpeech.call(this, itemIndex);
	// Text without times (Tencent's legacy API, Neunit): one paragraph, no speaker, no time.
	const turns =
		'segments' in speech
			? mergeTurns(speech.segments, maxPause)
			: [{ labels: [], text: speech.transcript.trim() }];
	const file = TRANSCRIPT_FILES[format];
	if (format === 'json') {
		const value = turnsJson(turns);
		const text = `${JSON.stringify(value, null, 2)}\n`;
		return [await formattedItem.call(this, itemIndex, { text, value, ...file }, 'transcript')];
	}
	const timestamps = this.getNodeParameter('includeTimestamps', itemIndex, false) as boolean;
	const text =
		format === 'markdown' ? renderMarkdown(turns, timestamps) : renderText(turns, timestamps);
	return [await formattedItem.call(this, itemIndex, { text, ...file }, 'transcript')];
}
