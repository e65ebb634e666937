import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SpeakerOptions, SpeechSegment } from './segments';
import { speechSegmentsOf } from './segments';

/** NICE marks what it heard between words as the speaker "noise". */
const LEFT_OUT_BY_DEFAULT = 'noise';

/** Options of both operations: who the speakers are, what to leave out, labels. */
export const speakerOptions: INodeProperties[] = [
	{
		displayName: 'Speaker Names',
		name: 'speakerNames',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Speaker Name',
		description:
			'Names to show for the speaker IDs of the vendor (without one: "Speaker 0", or the vendor\'s role capitalized, e.g. "Advisor")',
		options: [
			{
				displayName: 'Speaker',
				name: 'names',
				values: [
					{
						displayName: 'Speaker ID',
						name: 'speaker',
						type: 'string',
						default: '',
						placeholder: 'e.g. 0',
						description: "The segment's speaker as the vendor gives it",
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. Advisor',
					},
				],
			},
		],
	},
	{
		displayName: 'Speakers to Leave Out',
		name: 'leaveOutSpeakers',
		type: 'string',
		default: LEFT_OUT_BY_DEFAULT,
		description:
			'Comma-separated speaker IDs or names whose segments are not shown. By default NICE\'s "noise".',
	},
	{
		displayName: 'Show Labels',
		name: 'showLabels',
		type: 'boolean',
		default: true,
		description:
			'Whether to show the labels of a segment (moderation hits, NICE tags) before its text, e.g. "[Ad]"',
	},
];

export function readSpeakerOptions(this: IExecuteFunctions, itemIndex: number): SpeakerOptions {
	const entries = this.getNodeParameter('options.speakerNames.names', itemIndex, []) as Array<{
		speaker?: string;
		name?: string;
	}>;
	const names = new Map<string, string>();
	for (const { speaker, name } of entries) {
		if (speaker?.trim() && name?.trim()) names.set(speaker.trim(), name.trim());
	}
	const leaveOut = String(
		this.getNodeParameter('options.leaveOutSpeakers', itemIndex, LEFT_OUT_BY_DEFAULT),
	);
	return {
		names,
		leftOut: new Set(
			leaveOut
				.split(',')
				.map((speaker) => speaker.trim().toLowerCase())
				.filter(Boolean),
		),
		showLabels: this.getNodeParameter('options.showLabels', itemIndex, true) as boolean,
	};
}

/** The segments of input item `itemIndex`, or the error that says why it has none. */
export function readSegments(this: IExecuteFunctions, itemIndex: number): SpeechSegment[] {
	const found = speechSegmentsOf(
		this.getInputData()[itemIndex].json,
		readSpeakerOptions.call(this, itemIndex),
	);
	if ('problem' in found) {
		throw new NodeOperationError(this.getNode(), found.problem.message, {
			itemIndex,
			description: found.problem.description,
		});
	}
	return found.segments;
}

/** Where the result goes: a file, a field, or both; shown under `show`. */
export function outputProperties(
	show: IDisplayOptions['show'],
	fieldDefault: string,
): INodeProperties[] {
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{ name: 'Binary File', value: 'file', description: 'A file to attach, upload or save' },
				{ name: 'Field', value: 'field', description: 'The text in a field of the item' },
				{ name: 'Both', value: 'both' },
			],
			default: 'file',
			displayOptions: { show },
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			hint: 'The name of the output binary field to put the file in',
			displayOptions: { show: { ...show, output: ['file', 'both'] } },
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. call-42.srt',
			description: "Leave empty for the task ID with the format's extension",
			displayOptions: { show: { ...show, output: ['file', 'both'] } },
		},
		{
			displayName: 'Put Output in Field',
			name: 'outputField',
			type: 'string',
			default: fieldDefault,
			description: 'The name of the output field to put the text in (for JSON, the list of turns)',
			displayOptions: { show: { ...show, output: ['field', 'both'] } },
		},
	];
}

/**
 * The input item with the formatted result added, as a file and/or a field: `text` is the
 * file's content, `value` what the field gets (the text itself, unless given).
 */
export async function formattedItem(
	this: IExecuteFunctions,
	itemIndex: number,
	result: { text: string; value?: unknown; extension: string; mimeType: string },
): Promise<INodeExecutionData> {
	const input = this.getInputData()[itemIndex];
	const output = this.getNodeParameter('output', itemIndex, 'file') as string;
	const item: INodeExecutionData = { json: { ...input.json } };
	if (input.binary) item.binary = { ...input.binary };
	if (output === 'field' || output === 'both') {
		const field = String(this.getNodeParameter('outputField', itemIndex)).trim();
		item.json[field] = (result.value ?? result.text) as IDataObject;
	}
	if (output === 'file' || output === 'both') {
		const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
		const taskId =
			typeof input.json.taskId === 'string'
				? input.json.taskId.replace(/[\\/:*?"<>|]/g, '_')
				: 'transcript';
		const fileName =
			String(this.getNodeParameter('fileName', itemIndex, '')).trim() ||
			`${taskId}.${result.extension}`;
		const bytes = Buffer.from(result.text, 'utf8');
		item.binary = {
			...item.binary,
			[property]: await this.helpers.prepareBinaryData(bytes, fileName, result.mimeType),
		};
	}
	return item;
}
