import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemSpeech, Problem, SpeakerOptions, SpeechSegment } from './segments';
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
			'Comma-separated speaker IDs or names whose segments are not shown. Replaces the default, NICE\'s "noise": keep it in the list to leave noise out too.',
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
	const speech = speechOf.call(this, itemIndex);
	if ('segments' in speech) return speech.segments;
	throw problemError.call(this, speech.problem, itemIndex);
}

/**
 * The segments of input item `itemIndex`, or failing them its transcript without times (a
 * transcript can be one paragraph; subtitles cannot be one cue), or the error.
 */
export function readSpeech(
	this: IExecuteFunctions,
	itemIndex: number,
): { segments: SpeechSegment[] } | { transcript: string } {
	const speech = speechOf.call(this, itemIndex);
	if ('segments' in speech || 'transcript' in speech) return speech;
	throw problemError.call(this, speech.problem, itemIndex);
}

function speechOf(this: IExecuteFunctions, itemIndex: number): ItemSpeech {
	return speechSegmentsOf(
		this.getInputData()[itemIndex].json,
		readSpeakerOptions.call(this, itemIndex),
	);
}

function problemError(
	this: IExecuteFunctions,
	problem: Problem,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(this.getNode(), problem.message, {
		itemIndex,
		description: problem.description,
	});
}
