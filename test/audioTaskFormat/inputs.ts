import type { IDataObject } from 'n8n-workflow';

/**
 * Fixed task-model items, as the audio nodes output them, for the golden files: what each
 * vendor's segments look like, and the cases subtitles get wrong (mixed scripts, speech that
 * overlaps, zero-length segments, recordings longer than an hour).
 */
export const GOLDEN_INPUTS: Record<string, IDataObject> = {
	// Tencent Cloud ASR API 3.0 with speaker diarization: sentences of speakers 0 and 1.
	chinese: {
		vendor: 'tencent',
		taskId: '1234567',
		status: 'succeeded',
		audioDuration: 36.4,
		segments: [
			{
				start: 0,
				end: 3.52,
				speaker: 0,
				text: '您好，这里是星河物流客服中心，请问有什么可以帮您？',
			},
			{
				start: 4.1,
				end: 9.86,
				speaker: 1,
				text: '你好，我上周五下的订单到现在还没有发货，订单号是二零二四一一零八。',
			},
			{ start: 10.2, end: 12.05, speaker: 0, text: '好的，请稍等，我帮您查询一下。' },
			{
				start: 15.3,
				end: 27.9,
				speaker: 0,
				text: '查到了，您的包裹因为地址信息不完整被退回了仓库，需要您补充一下详细的门牌号，我们会在今天下午重新安排发货，预计两到三天送达。',
			},
			{ start: 28.4, end: 31.0, speaker: 1, text: '门牌号是幸福路十八号三单元五零二。' },
			{ start: 31.5, end: 33.2, speaker: 1, text: '谢谢。' },
			{ start: 33.6, end: 36.0, speaker: 0, text: '不客气，祝您生活愉快，再见！' },
		],
	},
	// NICE audio result: advisor and customer roles, a noise segment, a tagged segment.
	english: {
		vendor: 'nice',
		taskId: 'T20241108001',
		status: 'succeeded',
		segments: [
			{
				start: 0.4,
				end: 6.24,
				speaker: 'advisor',
				text: 'Good morning, thank you for calling Riverside Homes. My name is Anna, how can I help you today?',
			},
			{ start: 6.24, end: 7.1, speaker: 'noise', text: 'uh hmm' },
			{
				start: 7.3,
				end: 12.8,
				speaker: 'customer',
				text: "Hi Anna, I visited your show flat last weekend and I'd like to know more about the two-bedroom units.",
			},
			{
				start: 13.1,
				end: 24.6,
				speaker: 'advisor',
				text: 'Of course. The two-bedroom units are about 85 square metres, they face south, and the first batch will be handed over in March next year. Would you like me to send you the floor plans by email?',
				labels: ['PS810811'],
			},
			{ start: 25.0, end: 26.2, speaker: 'customer', text: 'Yes, please.' },
		],
	},
	// Chinese and English in one sentence, as people speak in offices; a URL wider than a line.
	mixed: {
		vendor: 'tencent',
		taskId: '7654321',
		status: 'succeeded',
		segments: [
			{ start: 0, end: 4.5, speaker: 0, text: '我们下周一用Zoom开会，议程我会发到你的Gmail邮箱。' },
			{
				start: 5,
				end: 9.8,
				speaker: 1,
				text: 'OK，没问题。顺便把Q3的sales report也带上吧，我想看一下APAC区域的数据。',
			},
			{
				start: 10.2,
				end: 16,
				speaker: 0,
				text: 'Sure, 我让Lisa准备一份PDF版本，还有一个链接 https://example.com/reports/2024/q3-apac-sales-summary.pdf 方便你在手机上看。',
			},
		],
	},
	// Two people talking at once, a zero-length segment inside another, an empty segment, and
	// two segments that start together (one of them zero-length, at the very end).
	overlapping: {
		vendor: 'tencent',
		taskId: '1111111',
		status: 'succeeded',
		segments: [
			{ start: 0, end: 5, speaker: 0, text: 'So the plan is to launch on Monday and' },
			{ start: 3.2, end: 4, speaker: 1, text: 'Wait.' },
			{ start: 4.5, end: 4.5, speaker: 1, text: 'Sorry.' },
			{ start: 5, end: 9, speaker: 0, text: 'review the numbers on Friday.' },
			{ start: 9, end: 9, speaker: 1, text: '' },
			{ start: 12, end: 12, speaker: 0, text: 'Okay?' },
			{ start: 12, end: 13, speaker: 1, text: 'Okay.' },
		],
	},
	// A recording of more than 100 hours: timestamps past one hour, ten hours, and 99 hours.
	long: {
		vendor: 'nice',
		taskId: 'T-LONG',
		status: 'succeeded',
		segments: [
			{ start: 12.5, end: 15, speaker: 'advisor', text: 'The session starts now.' },
			{
				start: 3599.5,
				end: 3604.2,
				speaker: 'advisor',
				text: 'This sentence crosses the one hour mark.',
			},
			{ start: 7322.25, end: 7325.9, speaker: 'customer', text: 'Two hours, two minutes in.' },
			{ start: 36001, end: 36003.5, speaker: 'advisor', text: '十个小时了。' },
			{ start: 360001.125, end: 360002.5, speaker: 'customer', text: 'One hundred hours.' },
		],
	},
	// Huawei Cloud moderation: the flagged passages as segments with label codes.
	huaweiModeration: {
		vendor: 'huawei',
		taskId: 'job-8f2c',
		status: 'succeeded',
		transcript: '您好，加微信领取优惠券。你这个骗子。',
		segments: [
			{ start: 2.5, end: 4.8, text: '您好，加微信领取优惠券。', labels: ['ad'] },
			{ start: 10, end: 12.3, text: '你这个骗子。', labels: ['abuse'] },
		],
		moderation: {
			verdict: 'block',
			labels: [
				{
					name: 'Advertising (广告)',
					code: 'ad',
					evidence: [{ text: '加微信', start: 2.5, end: 4.8 }],
				},
				{
					name: 'Abuse (辱骂)',
					code: 'abuse',
					evidence: [{ text: '你这个骗子。', start: 10, end: 12.3 }],
				},
			],
		},
	},
	// Yidun moderation: no segments, the labels' timed evidence instead (one passage, two labels).
	yidunModeration: {
		vendor: 'yidun',
		taskId: 'yd-5a1e',
		status: 'succeeded',
		moderation: {
			verdict: 'block',
			labels: [
				{
					name: 'Abuse: other (谩骂其他)',
					code: 600018,
					evidence: [{ text: '骂人的话', start: 4.2, end: 5.1 }],
				},
				{
					name: 'Advertising: other (广告其他)',
					code: 200012,
					evidence: [
						{ text: '加我微信', start: 10, end: 11.5 },
						{ text: '骂人的话', start: 4.2, end: 5.1 },
					],
				},
				{ name: 'Advertising (广告)', code: 200, evidence: [{ text: 'no time' }] },
			],
		},
	},
};
