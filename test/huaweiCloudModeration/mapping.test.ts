import {
	HUAWEI_ERROR_CODES,
	huaweiJobToTask,
	huaweiTimeToIso,
	isSignedWithSeed,
} from '../../nodes/HuaweiCloudModeration/mapping';
import { taskToJson } from '../../nodes/common/taskModel';
import { callbackSignature } from '../sandbox/vendors/huawei';

/** The query reply of the seed document (moderation_03_0083), as published. */
const documented = {
	job_id: '01655654400_ad96b30f58cc40e8968e53f1f1e80021',
	status: 'succeeded',
	result: {
		suggestion: 'block',
		details: [
			{
				start_time: 0,
				suggestion: 'block',
				end_time: 10,
				label: 'porn',
				audio_text: 'xxxx',
				segments: [{ segment: 'xxx' }, { segment: 'xxx' }, { segment: 'xxx' }],
			},
			{
				start_time: 30,
				suggestion: 'block',
				end_time: 40,
				label: 'porn',
				audio_text: 'xxx',
				segments: [{ segment: 'xx' }],
			},
		],
		audio_text: 'xxxxxx',
	},
	request_params: {
		event_type: 'default',
		data: { url: 'https://xxxx.wav' },
		callback: 'http://xxx',
		categories: ['porn', 'ad'],
	},
	create_time: '2022-06-20 11:05:29',
	update_time: '2022-06-20 11:07:08',
	request_id: '2419446b1fe14203f64e4018d12db3dd',
};

describe('Huawei callback signature: the vector of the vendor notes', () => {
	const seed = 'abc_123';
	const hex = '3f33fb9fcd7a664e6a84cf3e4d4444f081df47512deca9ea778df8b59fc1d077';
	const base64 = 'PzP7n816Zk5qhM8+TURE8IHfR1Et7Knqd434tZ/B0Hc=';

	test('hex and base64 are both accepted; the sandbox signs the same', () => {
		expect(isSignedWithSeed(documented, hex, seed)).toBe(true);
		expect(isSignedWithSeed(documented, hex.toUpperCase(), seed)).toBe(true);
		expect(isSignedWithSeed(documented, base64, seed)).toBe(true);
		expect(callbackSignature(documented, seed, 'hex')).toBe(hex);
		expect(callbackSignature(documented, seed, 'base64')).toBe(base64);
	});

	test('another seed, another job or no signature is refused', () => {
		expect(isSignedWithSeed(documented, hex, 'abc_124')).toBe(false);
		expect(isSignedWithSeed({ ...documented, job_id: `${documented.job_id}0` }, hex, seed)).toBe(
			false,
		);
		expect(isSignedWithSeed(documented, undefined, seed)).toBe(false);
		expect(isSignedWithSeed(documented, hex, '')).toBe(false);
	});
});

describe('Huawei job → task model', () => {
	test('the documented reply', () => {
		expect(taskToJson(huaweiJobToTask(documented))).toEqual({
			vendor: 'huawei',
			taskId: documented.job_id,
			status: 'succeeded',
			transcript: 'xxxxxx',
			segments: [
				{ start: 0, end: 10, text: 'xxxx', labels: ['porn'] },
				{ start: 30, end: 40, text: 'xxx', labels: ['porn'] },
			],
			moderation: {
				verdict: 'block',
				labels: [
					{
						name: 'Pornography (色情)',
						code: 'porn',
						evidence: [
							{ text: 'xxx', start: 0, end: 10 },
							{ text: 'xxx', start: 0, end: 10 },
							{ text: 'xxx', start: 0, end: 10 },
							{ text: 'xx', start: 30, end: 40 },
						],
					},
				],
			},
			createdAt: '2022-06-20T11:05:29+08:00',
			finishedAt: '2022-06-20T11:07:08+08:00',
		});
	});

	test('a running job has no result and no finish time; a failed one says so', () => {
		expect(
			taskToJson(huaweiJobToTask({ ...documented, status: 'running', result: undefined })),
		).toEqual({
			vendor: 'huawei',
			taskId: documented.job_id,
			status: 'running',
			createdAt: '2022-06-20T11:05:29+08:00',
		});
		expect(huaweiJobToTask({ ...documented, status: 'failed', result: undefined })).toMatchObject({
			status: 'failed',
			error: { code: 'JOB_FAILED' },
		});
	});

	test('times are read as UTC+8, the zone of every region of the service', () => {
		expect(huaweiTimeToIso('2022-06-20 11:05:29')).toBe('2022-06-20T11:05:29+08:00');
		expect(new Date(huaweiTimeToIso('2022-06-20 11:05:29')!).toISOString()).toBe(
			'2022-06-20T03:05:29.000Z',
		);
		expect(huaweiTimeToIso('yesterday')).toBeUndefined();
	});

	test('every code of the vendor notes is explained, with what to do', () => {
		const listed = [
			'AIS.0002',
			'AIS.0003',
			'AIS.0004',
			'AIS.0005',
			'AIS.0007',
			'AIS.0010',
			'AIS.0011',
			'AIS.0012',
			'AIS.0013',
			'AIS.0014',
			'AIS.0015',
			'AIS.0020',
			'AIS.0030',
			'AIS.0401',
			'ModelArts.4204',
			'APIGW.0301',
			'APIGW.0101',
		];
		for (const code of listed) {
			expect(HUAWEI_ERROR_CODES[code]?.meaning).toBeTruthy();
			expect(HUAWEI_ERROR_CODES[code]?.action).toBeTruthy();
		}
	});
});
