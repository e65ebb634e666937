import { taskSchema } from '../../nodes/common/taskModel';
import {
	labelName,
	verdictOf,
	YIDUN_LABELS,
	YIDUN_SUB_LABELS,
	yidunV3ResultToTask,
	yidunV4ResultToTask,
} from '../../nodes/Yidun/mapping';

/** A v3.1 drain result in the seed's shape. */
const v3Result = {
	taskId: 'f6e5d4c3b2a1',
	asrStatus: 3,
	action: 2,
	callback: '{"orderId":42}',
	labels: [
		{
			label: 100,
			level: '2',
			subLabels: [{ subLabel: 100002 }, { subLabel: 100006 }],
			details: {
				hitType: 30,
				hint: [{ value: '敏感词A', segments: [{ startTime: 1500, endTime: 3250 }] }],
			},
		},
		{ label: 600, level: '1', subLabels: [], details: { hint: [] } },
	],
};

/** The same verdict in the v4 shape. */
const v4Antispam = {
	taskId: 'f6e5d4c3b2a1',
	status: 2,
	suggestion: 2,
	label: 100,
	segments: [
		{
			startTime: 1.5,
			endTime: 3.25,
			content: '敏感词A',
			labels: [{ label: 100, level: 2, subLabels: [{ subLabel: 100002 }, { subLabel: 100006 }] }],
		},
		{
			startTime: 7,
			endTime: 8,
			content: '骂人的话',
			labels: [{ label: 600, level: 1, subLabels: [] }],
		},
	],
};

describe('Yidun results → task model', () => {
	test('the seed tables: every sub-label belongs to a named label', () => {
		expect(Object.keys(YIDUN_SUB_LABELS)).toHaveLength(20);
		for (const code of Object.keys(YIDUN_SUB_LABELS))
			expect(YIDUN_LABELS[code.slice(0, 3)]).toBeDefined();
		expect(labelName(100001)).toBe('Pornography: other (色情其他)');
		expect(labelName(600)).toBe('Abuse (谩骂)');
		expect(labelName(123456)).toBe('Custom label 123456');
	});

	test('verdicts: 0 pass, 1 review, 2 block', () => {
		expect([0, 1, 2, 3, '2'].map(verdictOf)).toEqual([
			'pass',
			'review',
			'block',
			undefined,
			undefined,
		]);
	});

	test('a v3 result: verdict, one label per sub-label, evidence in seconds', () => {
		const task = yidunV3ResultToTask(v3Result);
		expect(taskSchema.parse(task)).toEqual(task);
		expect(task).toEqual({
			vendor: 'yidun',
			taskId: 'f6e5d4c3b2a1',
			status: 'succeeded',
			reference: '{"orderId":42}',
			moderation: {
				verdict: 'block',
				labels: [
					{
						name: 'Pornography: distribution (色情传播)',
						code: 100002,
						level: 2,
						evidence: [{ text: '敏感词A', start: 1.5, end: 3.25 }],
					},
					{
						name: 'Pornography: sexual acts (色情性行为)',
						code: 100006,
						level: 2,
						evidence: [{ text: '敏感词A', start: 1.5, end: 3.25 }],
					},
					{ name: 'Abuse (谩骂)', code: 600, level: 1 },
				],
			},
		});
	});

	test('v3 and v4 shapes of the same result map to the same verdict and label codes', () => {
		const v3 = yidunV3ResultToTask(v3Result);
		const v4 = yidunV4ResultToTask(v4Antispam);
		expect(taskSchema.parse(v4)).toEqual(v4);
		expect(v4.moderation?.verdict).toBe(v3.moderation?.verdict);
		expect(v4.moderation?.labels.map((label) => label.code)).toEqual(
			v3.moderation?.labels.map((label) => label.code),
		);
		expect(v4.moderation?.labels[0].evidence).toEqual([{ text: '敏感词A', start: 1.5, end: 3.25 }]);
	});

	test('failures and work in progress', () => {
		expect(yidunV3ResultToTask({ taskId: 't', asrStatus: 4, asrResult: 2 })).toEqual({
			vendor: 'yidun',
			taskId: 't',
			status: 'failed',
			error: { code: 'ASR_2', message: 'the file could not be downloaded (文件下载失败)' },
		});
		expect(yidunV3ResultToTask({ taskId: 't', asrStatus: 2 })).toEqual({
			vendor: 'yidun',
			taskId: 't',
			status: 'running',
		});
		expect(yidunV4ResultToTask({ taskId: 't', status: 3, failureReason: 5 }).error).toEqual({
			code: 'FAILED_5',
			message: 'Yidun could not check the audio',
		});
		expect(yidunV4ResultToTask({ taskId: 't', status: 1 }).status).toBe('running');
		expect(yidunV4ResultToTask({ taskId: 't', status: 0, dataId: 'order-42' })).toEqual({
			vendor: 'yidun',
			taskId: 't',
			status: 'queued',
			reference: 'order-42',
		});
	});

	test('a pass has no labels', () => {
		expect(
			yidunV4ResultToTask({ taskId: 't', status: 2, suggestion: 0, segments: [] }).moderation,
		).toEqual({ verdict: 'pass', labels: [] });
	});
});
