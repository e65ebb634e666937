import { NEUNIT_ERROR_CODES, neunitTaskToModel } from '../../nodes/NeunitAsr/mapping';

describe('Neunit reply → task model', () => {
	test("the seed's example reply", () => {
		const reply = {
			rid: 'ab8a260e-3ffe-598a-bbcb-32324bb760d3',
			code: 0,
			msg: 'OK',
			data: { status: 2, result: '这是个一成功样例', error_msg: '', percent: 100 },
		};
		expect(neunitTaskToModel('q-FZXUkFrnXKIZueZFKc', reply.data)).toEqual({
			vendor: 'neunit',
			taskId: 'q-FZXUkFrnXKIZueZFKc',
			status: 'succeeded',
			progress: 100,
			transcript: '这是个一成功样例',
		});
	});

	test.each([
		[0, 'queued'],
		[1, 'running'],
		[2, 'succeeded'],
		[3, 'failed'],
	])('status %i is %s', (status, expected) => {
		expect(neunitTaskToModel('t', { status })?.status).toBe(expected);
	});

	test('fractional percent is kept, out-of-range percent is clamped', () => {
		expect(neunitTaskToModel('t', { status: 1, percent: 37.5 })?.progress).toBe(37.5);
		expect(neunitTaskToModel('t', { status: 1, percent: 100.4 })?.progress).toBe(100);
	});

	test('a failed task carries error_msg, or says none was given', () => {
		expect(neunitTaskToModel('t', { status: 3, error_msg: '解码失败' })?.error).toEqual({
			code: 'TASK_FAILED',
			message: '解码失败',
		});
		expect(neunitTaskToModel('t', { status: 3, error_msg: '' })?.error?.message).toContain(
			'without a reason',
		);
	});

	test('an undocumented status maps to nothing, not a guess', () => {
		expect(neunitTaskToModel('t', { status: 9 })).toBeUndefined();
		expect(neunitTaskToModel('t', {})).toBeUndefined();
	});

	test('every code of the seed has a meaning and an action', () => {
		expect(Object.keys(NEUNIT_ERROR_CODES).sort()).toEqual([
			'10101001',
			'10101002',
			'10101003',
			'10101004',
			'10101005',
		]);
		for (const info of Object.values(NEUNIT_ERROR_CODES)) {
			expect(info.meaning).toMatch(/\(.+\)$/);
			expect(info.action).toBeTruthy();
		}
	});
});
