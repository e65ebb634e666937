import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsProperty } from '../../common/properties';
import type { CueLimits, CueSource } from '../cues';
import { cuesOf } from '../cues';
import { formattedItem, outputProperties } from '../output';
import { readSegments, speakerOptions } from '../parameters';
import type { SubtitleFormat } from '../subtitles';
import { renderSrt, renderVtt, SUBTITLE_FILES } from '../subtitles';

const show = { operation: ['createSubtitles'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Format',
		name: 'subtitleFormat',
		type: 'options',
		options: [
			{ name: 'SRT (SubRip)', value: 'srt', description: 'Video players and editors, YouTube' },
			{ name: 'WebVTT', value: 'vtt', description: 'HTML5 video on the web' },
		],
		default: 'srt',
		displayOptions: { show },
	},
	{
		displayName: 'Max Characters per Line',
		name: 'maxLineLength',
		type: 'number',
		typeOptions: { minValue: 10, maxValue: 200 },
		default: 42,
		description:
			'A Chinese, Japanese or Korean character counts as two, so the default 42 fits 21 of them',
		displayOptions: { show },
	},
	{
		displayName: 'Max Lines per Cue',
		name: 'maxLines',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 5 },
		default: 2,
		displayOptions: { show },
	},
	{
		displayName: 'Max Cue Duration (Seconds)',
		name: 'maxCueSeconds',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 1 },
		default: 7,
		description: 'A longer segment is split into several cues, its time shared by their length',
		displayOptions: { show },
	},
	{
		displayName: 'Speaker Labels',
		name: 'speakerLabels',
		type: 'boolean',
		default: false,
		description:
			'Whether to name the speaker of each cue: "Advisor: " before the text in SRT, a voice tag &lt;v Advisor&gt; in WebVTT',
		displayOptions: { show },
	},
	...outputProperties(show, {
		displayName: 'Put Output in Field',
		name: 'outputField',
		type: 'string',
		default: 'subtitles',
		description: 'The name of the output field to put the subtitles in',
	}),
	optionsProperty(show, [
		...speakerOptions,
		{
			displayName: 'File for Older Windows Players',
			name: 'windowsFile',
			type: 'boolean',
			default: false,
			description:
				'Whether to start the file with a UTF-8 byte order mark and end its lines with CRLF. Some older Windows players and editors show Chinese as garbled text without the mark. The text in a field stays as it is.',
		},
	]),
];

/** createSubtitles: a task's segments as SRT or WebVTT cues. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const format = this.getNodeParameter('subtitleFormat', itemIndex, 'srt') as SubtitleFormat;
	// The defaults (42 characters, 2 lines, 7 s a cue) are what common subtitle guides suggest.
	const number = (name: string, min: number) =>
		Math.max(min, Number(this.getNodeParameter(name, itemIndex)) || min);
	const limits: CueLimits = {
		maxWidth: Math.floor(number('maxLineLength', 10)),
		maxLines: Math.floor(number('maxLines', 1)),
		maxSeconds: number('maxCueSeconds', 1),
	};
	const labelSpeakers = this.getNodeParameter('speakerLabels', itemIndex, false) as boolean;
	const sources = readSegments.call(this, itemIndex).map((segment): CueSource => {
		const labels = segment.labels.length ? `[${segment.labels.join(', ')}]` : '';
		// WebVTT names the speaker in its voice tag; SRT has none, so the name leads the text.
		const named = labelSpeakers && segment.speaker !== undefined;
		const voice = named && format === 'vtt' ? segment.speaker : undefined;
		const speaker = named && format === 'srt' ? `${segment.speaker}:` : '';
		return { segment, prefix: speaker, lead: labels, voice };
	});
	const cues = cuesOf(sources, limits);
	const text = format === 'vtt' ? renderVtt(cues) : renderSrt(cues);
	const windowsFile = this.getNodeParameter('options.windowsFile', itemIndex, false) as boolean;
	const file = windowsFile ? `\uFEFF${text.replace(/\n/g, '\r\n')}` : text;
	return [
		await formattedItem.call(
			this,
			itemIndex,
			{ text: file, value: text, ...SUBTITLE_FILES[format] },
			'subtitles',
		),
	];
}
