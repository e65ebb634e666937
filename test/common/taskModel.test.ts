import {
	isFinished,
	RAW_RESPONSE_KEY,
	taskSchema,
	taskToJson,
	type Task,
} from '../../nodes/common/taskModel';

const transcribed: Task = {
	vendor: 'neunit',
	taskId: 't-1',
	status: 'succeeded',
	progress: 100,
	transcript: '这是个一成功样例',
	segments: [{ start: 0, end: 1.5, speaker: 0, text: '这是个' }],
	finishedAt: '2026-11-21T00:00:00.000Z',
};

const moderated: Task = {
	vendor: 'yidun',
	taskId: 'y-1',
	status: 'succeeded',
	moderation: {
		verdict: 'block',
		labels: [
			{ name: 'Pornography', code: 100, level: 2, evidence: [{ text: '...', start: 3, end: 4.2 }] },
		],
	},
};

describe('task model', () => {
	test('accepts a transcription task and a moderation task', () => {
		expect(taskSchema.parse(transcribed)).toEqual(transcribed);
		expect(taskSchema.parse(moderated)).toEqual(moderated);
	});

	test.each([
		['an unknown status', { ...transcribed, status: 'done' }],
		['progress above 100', { ...transcribed, progress: 101 }],
		['a negative segment time', { ...transcribed, segments: [{ start: -1, end: 1, text: 'x' }] }],
		['an unknown verdict', { ...moderated, moderation: { verdict: 'maybe', labels: [] } }],
		['an empty task id', { ...transcribed, taskId: '' }],
		['a key outside the model', { ...transcribed, extra: 1 }],
	])('rejects %s', (_name, candidate) => {
		expect(taskSchema.safeParse(candidate).success).toBe(false);
	});

	test('taskToJson adds the raw reply only when given', () => {
		expect(taskToJson(transcribed)).not.toHaveProperty(RAW_RESPONSE_KEY);
		expect(taskToJson(transcribed, { code: 0 })[RAW_RESPONSE_KEY]).toEqual({ code: 0 });
	});

	test('taskToJson throws on a task that breaks the model', () => {
		expect(() => taskToJson({ ...transcribed, progress: -5 })).toThrow();
	});

	test('succeeded and failed are final, queued and running are not', () => {
		expect(
			['queued', 'running', 'succeeded', 'failed'].map((status) =>
				isFinished({ ...transcribed, status } as Task),
			),
		).toEqual([false, false, true, true]);
	});
});
