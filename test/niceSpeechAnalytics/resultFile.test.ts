import { parseResultFile, readCoding, readTags } from '../../nodes/NiceSpeechAnalytics/resultFile';
import { niceStatusToTask, niceTime } from '../../nodes/NiceSpeechAnalytics/mapping';
import { AUDIO_V1_0, AUDIO_V1_1, ECOMMERCE_RESULT, TEXT_RESULT } from '../fixtures/niceResultFiles';

describe("NICE result files: the seed's examples", () => {
	test('times H:MM:SS.ffffff are seconds', () => {
		expect(niceTime('0:00:06.240000')).toBe(6.24);
		expect(niceTime('1:02:03.5')).toBe(3723.5);
		expect(niceTime('later')).toBeUndefined();
	});

	test('audio 1.0: one segment with speaker, times, texts, P/N tags and the three kinds of coding', () => {
		const parsed = parseResultFile(JSON.stringify(AUDIO_V1_0));
		expect(parsed).toMatchObject({ kind: 'audio', sex: 'man' });
		if (parsed?.kind !== 'audio') throw new Error('not audio');
		const [segment] = parsed.segments;
		expect(segment).toMatchObject({
			index: 0,
			speaker: 'advisor',
			start: 0.4,
			end: 6.24,
			realStart: '2021-10-24 11:06:10',
			text: AUDIO_V1_0.data[0].content,
			originalText: AUDIO_V1_0.data[0].original_content,
			tags: [
				{ code: 'PS810811', polarity: 'P' },
				{ code: 'PS376464', polarity: 'P' },
				{ code: 'PS268269', polarity: 'P' },
			],
		});
		expect(segment.details.rules).toEqual([
			{
				code: 'PS810811',
				polarity: 'P',
				keywordAdj: [{ keyword: '你好', adj: '先生', distance: 200 }],
				independent: [],
				regularExpression: [],
			},
			{
				code: 'PS376464',
				polarity: 'P',
				keywordAdj: [{ keyword: '你好', adj: '先生', distance: 200 }],
				independent: ['先生'],
				regularExpression: [],
			},
			{
				code: 'PS268269',
				polarity: 'P',
				keywordAdj: [],
				independent: ['你好'],
				regularExpression: ['你好啊王先生'],
			},
		]);
		expect(segment.details.models).toEqual([
			{ code: 'PS810811', polarity: 'P', probability: 0.9865 },
		]);
		expect(segment.details.extractions).toEqual([
			{ code: 'PS810811', polarity: 'P', value: '20亩' },
		]);
	});

	test('audio 1.1 reads into the same fields', () => {
		const parsed = parseResultFile(JSON.stringify(AUDIO_V1_1));
		if (parsed?.kind !== 'audio') throw new Error('not audio');
		const [segment] = parsed.segments;
		expect(segment).toMatchObject({
			speaker: 'advisor',
			start: 0.4,
			end: 6.24,
			tags: [{ code: 'PS810811', polarity: 'P' }, { code: 'PS376464' }],
		});
		expect(segment.details.rules[0]).toEqual({
			code: 'P00007068',
			polarity: 'P',
			keywordAdj: [{ keyword: '你好', adj: '先生', distance: 200 }],
			independent: [],
			regularExpression: [],
		});
		expect(segment.details.models).toEqual([
			{ code: 'PS810811', polarity: 'P', probability: 0.98, sentimentProbability: 0.98 },
		]);
		expect(segment.details.extractions).toEqual([
			{ code: 'PS810811', keyword: '占地', value: '20', distance: 200 },
		]);
		// Same keys in both versions.
		const old = parseResultFile(JSON.stringify(AUDIO_V1_0));
		if (old?.kind !== 'audio') throw new Error('not audio');
		expect(Object.keys(segment).sort()).toEqual(Object.keys(old.segments[0]).sort());
	});

	test('text: one entry per input id, with its sentences and tags', () => {
		const parsed = parseResultFile(JSON.stringify(TEXT_RESULT));
		expect(parsed).toMatchObject({
			kind: 'text',
			items: [
				{
					id: '1',
					sentences: [
						{
							sentence: TEXT_RESULT.data[0].split_result[0].sentence,
							details: {
								rules: [
									{ code: 'PS810811', polarity: 'P' },
									{ code: 'PS376464' },
									{ code: '6020401030011' },
								],
							},
						},
						{ sentence: 'st外呼经销商未接通', details: { rules: [], models: [], extractions: [] } },
					],
					tags: [{ code: 'PS810811', polarity: 'P' }, { code: 'PS376464' }],
				},
			],
		});
	});

	test('e-commerce: one entry per comment, with its sentiment, phrases and scenes', () => {
		expect(parseResultFile(JSON.stringify(ECOMMERCE_RESULT))).toEqual({
			kind: 'ecommerce',
			comments: [
				{
					index: '0',
					generalSentiment: 'positive',
					phrases: [
						{
							phrase: '挺好喝',
							attribution: '挺',
							judgement: '好喝',
							relation: 'ADV',
							postag: 'd+a',
							labels: [
								{
									first_label: '产品体验',
									second_label: '口感体验',
									third_label: '好喝',
									reason: '好喝',
								},
							],
							sentiment: 'pos',
							sentimentReason: 0.732274043958904,
						},
					],
					scenes: [{ first_label: '功能', second_label: '功能', reason: '含糖量' }],
				},
			],
		});
	});

	test('anything else is not a result file', () => {
		for (const text of ['', 'not json', '[]', '{"hello":1}'])
			expect(parseResultFile(text)).toBeUndefined();
		expect(readTags('N_A1:M_B2:C3')).toEqual([
			{ code: 'A1', polarity: 'N' },
			{ code: 'B2', polarity: 'M' },
			{ code: 'C3' },
		]);
		expect(readCoding(undefined)).toEqual({ rules: [], models: [], extractions: [] });
	});

	test("end statuses 3, 4 and 5 are failures explained with the seed's words and what to do", () => {
		expect(niceStatusToTask('t', { task_end_status: 1 })).toEqual({
			vendor: 'nice',
			taskId: 't',
			status: 'running',
		});
		expect(niceStatusToTask('t', { task_end_status: 2 }).status).toBe('succeeded');
		for (const [status, words] of [
			[3, 'speech recognition failed (语音识别失败)'],
			[4, 'analysis failed (分析失败)'],
			[5, 'execution error (执行异常)'],
		] as const) {
			const task = niceStatusToTask('t', {
				task_end_status: status,
				task_status_str: 'ASR资源不足',
			});
			expect(task.status).toBe('failed');
			expect(task.error?.code).toBe(`END_STATUS_${status}`);
			expect(task.error?.message).toContain(words);
			expect(task.error?.message).toContain('(ASR资源不足)');
		}
	});
});
