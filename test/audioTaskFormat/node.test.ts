import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { PACKAGE_NAME } from '../harness/packageTypes';
import { widthOf } from '../../nodes/AudioTaskFormat/text';
import { GOLDEN_INPUTS } from './inputs';

async function format(
	parameters: INodeParameters,
	input: IDataObject[],
	settings: { continueOnFail?: boolean } = {},
) {
	const result = await runWorkflow(
		{
			nodes: [
				{
					id: 'format',
					name: 'Format',
					type: `${PACKAGE_NAME}.audioTaskFormat`,
					typeVersion: 1,
					position: [0, 0],
					parameters,
					...(settings.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
			],
			connections: {},
		},
		{ input: input.map((json) => ({ json })) },
	);
	return { output: result.output('Format'), error: result.nodeError('Format') };
}

const fileText = (item: INodeExecutionData, property = 'data') =>
	Buffer.from(item.binary![property].data, 'base64').toString('utf8');

/** SRT text → its cues: times in seconds and text lines. */
function parseSrt(text: string) {
	const seconds = (stamp: string) => {
		const [h, m, s] = stamp.replace(',', '.').split(':').map(Number);
		return h * 3600 + m * 60 + s;
	};
	return text
		.trim()
		.split(/\n\n/)
		.map((block) => {
			const [index, times, ...lines] = block.split('\n');
			const [start, end] = times.split(' --> ').map(seconds);
			return { index: Number(index), start, end, lines };
		});
}

describe('Create Subtitles: cues within the limits the user sets', () => {
	const longChinese = {
		vendor: 'tencent',
		taskId: 'limits',
		status: 'succeeded',
		segments: [
			...(GOLDEN_INPUTS.chinese.segments as IDataObject[]),
			...(GOLDEN_INPUTS.english.segments as IDataObject[]).map((segment) => ({
				...segment,
				start: (segment.start as number) + 40,
				end: (segment.end as number) + 40,
			})),
		],
	};

	test.each([
		[20, 1, 3],
		[30, 2, 2],
		[42, 2, 7],
		[60, 3, 10],
	])(
		'%i characters, %i lines, %i s: every line and cue fits, in order, and no text is lost',
		async (maxLineLength, maxLines, maxCueSeconds) => {
			const { output, error } = await format(
				{
					operation: 'createSubtitles',
					maxLineLength,
					maxLines,
					maxCueSeconds,
					options: { showLabels: false },
				},
				[longChinese],
			);
			expect(error).toBeUndefined();
			const cues = parseSrt(fileText(output[0]));
			cues.forEach((cue, index) => {
				expect(cue.index).toBe(index + 1);
				expect(cue.lines.length).toBeLessThanOrEqual(maxLines);
				for (const line of cue.lines) expect(widthOf(line)).toBeLessThanOrEqual(maxLineLength);
				expect(cue.end - cue.start).toBeLessThanOrEqual(maxCueSeconds + 0.0005);
				expect(cue.end).toBeGreaterThan(cue.start);
				if (index > 0) expect(cue.start).toBeGreaterThanOrEqual(cues[index - 1].start);
			});
			const shown = cues
				.map((cue) => cue.lines.join(''))
				.join('')
				.replace(/\s/g, '');
			const spoken = (longChinese.segments as IDataObject[])
				.filter((segment) => segment.speaker !== 'noise')
				.map((segment) => segment.text)
				.join('')
				.replace(/\s/g, '');
			expect(shown).toBe(spoken);
		},
	);

	test('Chinese lines never start with closing punctuation, whatever the width', async () => {
		for (const maxLineLength of [10, 11, 12, 13, 14, 15, 16, 17]) {
			const { output } = await format({ operation: 'createSubtitles', maxLineLength }, [
				GOLDEN_INPUTS.chinese,
			]);
			for (const cue of parseSrt(fileText(output[0])))
				for (const line of cue.lines) expect(line).not.toMatch(/^[，。！？、]/);
		}
	});

	test('speaker names replace IDs; WebVTT escapes markup in the text and the voice', async () => {
		const { output } = await format(
			{
				operation: 'createSubtitles',
				subtitleFormat: 'vtt',
				speakerLabels: true,
				options: {
					speakerNames: { names: [{ speaker: '0', name: 'Agent <A&B>' }] },
				},
			},
			[
				{
					vendor: 'tencent',
					taskId: 'escape',
					status: 'succeeded',
					segments: [{ start: 1, end: 3, speaker: 0, text: 'Use <b> & --> tags' }],
				},
			],
		);
		expect(fileText(output[0])).toBe(
			'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Agent &lt;A&amp;B&gt;>Use &lt;b&gt; &amp; --&gt; tags\n',
		);
		expect(output[0].binary!.data).toMatchObject({
			mimeType: 'text/vtt',
			fileName: 'escape.vtt',
			fileExtension: 'vtt',
		});
	});

	test('a segment too short to read joins the next of the same speaker; another speaker or a label keeps it apart', async () => {
		const { output } = await format({ operation: 'createSubtitles', speakerLabels: true }, [
			{
				vendor: 'tencent',
				taskId: 'short',
				status: 'succeeded',
				segments: [
					{ start: 0, end: 0.3, speaker: 0, text: '好的。' },
					{ start: 0.3, end: 0.5, speaker: 0, text: '嗯，' },
					{ start: 0.5, end: 2.5, speaker: 0, text: '我马上帮您改。' },
					{ start: 2.6, end: 2.9, speaker: 1, text: '谢谢。' },
					{ start: 3, end: 5, speaker: 0, text: '不客气。' },
					{ start: 5.1, end: 5.4, speaker: 0, text: 'OK.' },
					{ start: 5.5, end: 7, speaker: 0, text: 'Bye.', labels: ['farewell'] },
				],
			},
		]);
		expect(fileText(output[0])).toBe(
			[
				'1\n00:00:00,000 --> 00:00:02,500\nSpeaker 0: 好的。嗯，我马上帮您改。\n',
				'2\n00:00:02,600 --> 00:00:03,000\nSpeaker 1: 谢谢。\n',
				'3\n00:00:03,000 --> 00:00:05,000\nSpeaker 0: 不客气。\n',
				'4\n00:00:05,100 --> 00:00:05,500\nSpeaker 0: OK.\n',
				'5\n00:00:05,500 --> 00:00:07,000\nSpeaker 0: [farewell] Bye.\n',
			].join('\n'),
		);
	});
});

describe('Create Transcript: turns', () => {
	test('a pause longer than the option starts a new turn of the same speaker', async () => {
		const { output } = await format(
			{
				operation: 'createTranscript',
				transcriptFormat: 'json',
				output: 'field',
				options: { maxPauseSeconds: 60 },
			},
			[GOLDEN_INPUTS.long],
		);
		expect((output[0].json.formattedTranscript as IDataObject[]).map((turn) => turn.start)).toEqual(
			[12.5, 3599.5, 7322.25, 36001, 360001.125],
		);
	});

	test('left-out speakers and hidden labels: the option lists replace the defaults', async () => {
		const { output } = await format(
			{
				operation: 'createTranscript',
				output: 'field',
				options: { leaveOutSpeakers: 'Customer', showLabels: false },
			},
			[GOLDEN_INPUTS.english],
		);
		expect(output[0].json.formattedTranscript).toBe(
			[
				'Advisor: Good morning, thank you for calling Riverside Homes. My name is Anna, how can I help you today?',
				'Noise: uh hmm',
				'Advisor: Of course. The two-bedroom units are about 85 square metres, they face south, and the first batch will be handed over in March next year. Would you like me to send you the floor plans by email?\n',
			].join('\n\n'),
		);
	});
});

describe('Output: a file and/or a field, the item kept', () => {
	const chinese = GOLDEN_INPUTS.chinese;

	test.each([
		['createSubtitles', { subtitleFormat: 'srt' }, 'application/x-subrip', 'srt'],
		['createSubtitles', { subtitleFormat: 'vtt' }, 'text/vtt', 'vtt'],
		['createTranscript', { transcriptFormat: 'text' }, 'text/plain', 'txt'],
		['createTranscript', { transcriptFormat: 'markdown' }, 'text/markdown', 'md'],
		['createTranscript', { transcriptFormat: 'json' }, 'application/json', 'json'],
	])('%s %j: %s, .%s', async (operation, parameters, mimeType, extension) => {
		const { output } = await format({ operation, ...parameters }, [chinese]);
		expect(output[0].binary!.data).toMatchObject({
			mimeType,
			fileExtension: extension,
			fileName: `1234567.${extension}`,
		});
		expect(output[0].json).toEqual(chinese);
	});

	test('both: the text in the named field and the file in the named binary field, with its name', async () => {
		const { output } = await format(
			{
				operation: 'createSubtitles',
				output: 'both',
				outputField: 'srt',
				binaryPropertyName: 'subtitles',
				fileName: 'call.srt',
			},
			[chinese],
		);
		expect(output[0].json.srt).toBe(fileText(output[0], 'subtitles'));
		expect(output[0].binary!.subtitles.fileName).toBe('call.srt');
		expect(output[0].json.taskId).toBe('1234567');
	});

	test('a file for older Windows players: a UTF-8 byte order mark and CRLF in the file, the field as it was', async () => {
		for (const subtitleFormat of ['srt', 'vtt']) {
			const parameters = { operation: 'createSubtitles', subtitleFormat, output: 'both' };
			const plain = (await format(parameters, [chinese])).output[0];
			const { output } = await format({ ...parameters, options: { windowsFile: true } }, [chinese]);
			const bytes = Buffer.from(output[0].binary!.data.data, 'base64');
			expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const text = bytes.subarray(3).toString('utf8');
			expect(text).toBe((plain.json.subtitles as string).replace(/\n/g, '\r\n'));
			expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
			expect(output[0].json.subtitles).toBe(plain.json.subtitles);
		}
	});

	test('JSON into a field is the list of turns itself', async () => {
		const { output } = await format(
			{ operation: 'createTranscript', transcriptFormat: 'json', output: 'field' },
			[chinese],
		);
		expect(output[0].binary).toBeUndefined();
		expect((output[0].json.formattedTranscript as IDataObject[])[0]).toEqual({
			speaker: 'Speaker 0',
			speakerId: '0',
			start: 0,
			end: 3.52,
			text: '您好，这里是星河物流客服中心，请问有什么可以帮您？',
		});
	});

	test('a task ID with characters a file name cannot hold is made safe', async () => {
		const { output } = await format({ operation: 'createSubtitles' }, [
			{ ...chinese, taskId: 'a/b:c' },
		]);
		expect(output[0].binary!.data.fileName).toBe('a_b_c.srt');
	});
});

describe('Items with nothing to format: a clear error, per item', () => {
	test.each([
		[
			'still running',
			{ vendor: 'tencent', taskId: '9', status: 'running' },
			'Tencent task 9 has no segments yet: it is running',
			'Result Delivery "Wait for Completion" on Create Task',
		],
		[
			'failed',
			{
				vendor: 'huawei',
				taskId: 'j1',
				status: 'failed',
				error: { code: 'JOB_FAILED', message: 'Huawei could not moderate the audio' },
			},
			'Huawei task j1 failed, so it has no segments',
			'JOB_FAILED: Huawei could not moderate the audio',
		],
		[
			'a transcript only (Tencent legacy, Neunit)',
			{ vendor: 'neunit', taskId: 'n1', status: 'succeeded', transcript: '您好。' },
			'Neunit task n1 has a transcript but no timed segments',
			'one cue for the whole text is not a subtitle',
		],
		[
			'a moderation result whose labels have no times',
			{
				vendor: 'yidun',
				taskId: 'y1',
				status: 'succeeded',
				moderation: {
					verdict: 'block',
					labels: [{ name: 'Ad', code: 200, evidence: [{ text: 'x' }] }],
				},
			},
			'Yidun task y1 has no timed passages to format',
			'Its moderation labels (1) have no start and end times',
		],
		[
			'not a task',
			{ hello: 'world' },
			'The item is not a task from an audio node: it has no segments',
			'Connect this node after an audio node',
		],
		[
			'segments without times',
			{ vendor: 'nice', taskId: 't', status: 'succeeded', segments: [{ text: 'hi' }] },
			'The segments of NICE task t are not valid: segments.0.start: Required',
			'start and end',
		],
		[
			'only noise',
			{
				vendor: 'nice',
				taskId: 't2',
				status: 'succeeded',
				segments: [{ start: 0, end: 1, speaker: 'noise', text: 'hmm' }],
			},
			'NICE task t2 has no speech to format',
			'Speakers to Leave Out',
		],
	])('%s', async (_case, json, message, description) => {
		const { error } = await format({ operation: 'createSubtitles' }, [json]);
		expect(error?.message).toBe(message);
		expect(error?.description).toContain(description);
	});

	test('with Continue On Fail, the failing item becomes an error item and the others are formatted, each paired with its input', async () => {
		const { output, error } = await format(
			{ operation: 'createTranscript', output: 'field' },
			[
				GOLDEN_INPUTS.chinese,
				{ vendor: 'tencent', taskId: '9', status: 'queued' },
				GOLDEN_INPUTS.mixed,
			],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json).toMatchObject({
			error: 'Tencent task 9 has no segments yet: it is queued',
		});
		expect(output[0].json.formattedTranscript).toMatch(/^Speaker 0: 您好/);
		expect(output[2].json.formattedTranscript).toMatch(/^Speaker 0: 我们下周一用Zoom开会/);
	});
});

describe('Items without timed segments that still have something to say', () => {
	const pass = {
		vendor: 'huawei',
		taskId: 'clean',
		status: 'succeeded',
		transcript: '今天天气很好。',
		moderation: { verdict: 'pass', labels: [] },
	};

	test.each([
		[{ operation: 'createSubtitles', subtitleFormat: 'srt' }, ''],
		[{ operation: 'createSubtitles', subtitleFormat: 'vtt' }, 'WEBVTT\n'],
		[{ operation: 'createTranscript', transcriptFormat: 'markdown' }, ''],
		[{ operation: 'createTranscript', transcriptFormat: 'json' }, '[]\n'],
	])(
		'a moderation result that flags nothing: %j is an empty file (no passage to show), not an error',
		async (parameters, text) => {
			const { output, error } = await format(parameters, [pass]);
			expect(error).toBeUndefined();
			expect(fileText(output[0])).toBe(text);
		},
	);

	const neunit = {
		vendor: 'neunit',
		taskId: 'n1',
		status: 'succeeded',
		transcript: ' 您好，欢迎使用。 ',
	};

	test('a transcript without times (Neunit, Tencent legacy) makes a transcript of one paragraph, with no speaker or time', async () => {
		const text = await format(
			{ operation: 'createTranscript', includeTimestamps: true, output: 'field' },
			[neunit],
		);
		expect(text.output[0].json.formattedTranscript).toBe('您好，欢迎使用。\n');
		const json = await format(
			{ operation: 'createTranscript', transcriptFormat: 'json', output: 'field' },
			[neunit],
		);
		expect(json.output[0].json.formattedTranscript).toEqual([{ text: '您好，欢迎使用。' }]);
	});

	test('but no subtitles: one cue for the whole text is not a subtitle', async () => {
		const { error } = await format({ operation: 'createSubtitles' }, [neunit]);
		expect(error?.message).toBe('Neunit task n1 has a transcript but no timed segments');
	});
});

describe('File and field names', () => {
	test("a file name without an extension gets the format's; an item without a task ID is named by the operation", async () => {
		const named = await format(
			{ operation: 'createSubtitles', subtitleFormat: 'vtt', fileName: 'call-42' },
			[GOLDEN_INPUTS.chinese],
		);
		expect(named.output[0].binary!.data.fileName).toBe('call-42.vtt');
		const { taskId: _, ...untitled } = GOLDEN_INPUTS.chinese;
		const unnamed = await format({ operation: 'createSubtitles' }, [
			{ ...untitled, status: 'succeeded' },
		]);
		expect(unnamed.output[0].binary!.data.fileName).toBe('subtitles.srt');
	});

	test("every file is marked as text, so n8n previews it (SubRip's MIME type alone is not)", async () => {
		const { output } = await format({ operation: 'createSubtitles' }, [GOLDEN_INPUTS.chinese]);
		expect(output[0].binary!.data).toMatchObject({
			mimeType: 'application/x-subrip',
			fileType: 'text',
		});
	});

	test.each([
		[{ output: 'field', outputField: ' ' }, 'Put Output in Field is empty'],
		[{ output: 'file', binaryPropertyName: '' }, 'Put Output File in Field is empty'],
	])('%j: an error, not a field without a name', async (parameters, message) => {
		const { error } = await format({ operation: 'createSubtitles', ...parameters }, [
			GOLDEN_INPUTS.chinese,
		]);
		expect(error?.message).toBe(message);
	});
});
