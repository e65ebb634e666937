import { SandboxClient } from './client';

/**
 * Tasks with fixed ids that the example workflows refer to, so a newcomer sees results
 * without a vendor account. Returns one line per seeded task for the start-up banner.
 */
export async function seedDemoData(url: string, stepEveryMs = 3000): Promise<string[]> {
	const client = new SandboxClient(url);
	await client.neunit.createTask({
		taskId: 'demo-neunit-finished',
		status: 2,
		percent: 100,
		result: '这是个一成功样例',
	});
	await client.neunit.createTask({
		taskId: 'demo-neunit-running',
		status: 0,
		stepEveryMs,
		// Its clock starts when it is first asked about, so the example shows it running then
		// succeeding whenever it is tried (and a slow machine's test still sees it running).
		clockFromFirstQuery: true,
		steps: [
			{ status: 1, percent: 30 },
			{ status: 1, percent: 70 },
			{ status: 2, percent: 100, result: '您好，欢迎使用语音识别服务。' },
		],
	});
	// Two finished Yidun results waiting in the drain queue: one blocked, one passed.
	await client.yidun.queueVerdicts(
		{
			action: 2,
			labels: [
				{
					label: 600,
					level: 2,
					subLabels: [600018],
					hint: '骂人的话',
					startTime: 4200,
					endTime: 5100,
				},
			],
		},
		{ action: 0 },
	);
	await client.yidun.enqueueFromVerdicts(2);
	// What the next Tencent API 3.0 tasks conclude: a two-speaker dialogue.
	const dialogue = {
		sentences: [
			{ text: '您好，这里是客服中心。', startMs: 0, endMs: 2100, speakerId: 0 },
			{ text: '你好，我想改一下地址。', startMs: 2300, endMs: 4200, speakerId: 1 },
		],
		audioDuration: 4.2,
	};
	await client.tencent3.queueResults(dialogue, dialogue);
	// What the next Huawei audio jobs conclude: an advert flagged for review, then a pass.
	await client.huawei.queueResults(
		{
			suggestion: 'review',
			audio_text: '您好，加微信领取优惠券。',
			details: [
				{
					start_time: 1.2,
					end_time: 3.4,
					suggestion: 'review',
					label: 'ad',
					audio_text: '加微信领取优惠券',
					segments: [{ segment: '加微信' }],
				},
			],
		},
		{ suggestion: 'pass', audio_text: '今天天气很好。', details: [] },
	);
	return [
		'Tencent API 3.0: the next two tasks are a two-speaker dialogue',
		'Huawei: the next audio job is flagged for review (an advert), the one after passes',
		'Yidun: 2 finished results (one block, one pass) waiting for Drain Results or the Yidun Poll Trigger',
		'Neunit task "demo-neunit-finished": already succeeded',
		`Neunit task "demo-neunit-running": succeeds about ${(3 * stepEveryMs) / 1000} s after its first status query`,
	];
}
