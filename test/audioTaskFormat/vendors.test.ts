import type { INode, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { sandboxCredentials, useSandbox } from '../harness/fixtures';
import { PACKAGE_NAME } from '../harness/packageTypes';
import { seedDemoData } from '../sandbox/demo';

/**
 * The format node after each vendor node that gives segments, run against the sandbox: what
 * the vendor node really outputs is what the format node reads.
 */
const { sandbox } = useSandbox();

const fastWait = { pollIntervalSeconds: 0.05, maxPollIntervalSeconds: 0.1, waitTimeoutSeconds: 10 };

async function formatAfter(
	vendorNode: {
		type: string;
		typeVersion: number;
		parameters: INodeParameters;
		credential: string;
	},
	format: INodeParameters,
	formatNode: Partial<INode> = {},
) {
	const result = await runWorkflow(
		{
			nodes: [
				{
					id: 'vendor',
					name: 'Vendor',
					type: `${PACKAGE_NAME}.${vendorNode.type}`,
					typeVersion: vendorNode.typeVersion,
					position: [0, 0],
					parameters: vendorNode.parameters,
					credentials: { [vendorNode.credential]: { id: '1', name: 'Sandbox' } },
				},
				{
					id: 'format',
					name: 'Format',
					type: `${PACKAGE_NAME}.audioTaskFormat`,
					typeVersion: 1,
					position: [200, 0],
					parameters: { output: 'field', ...format },
					...formatNode,
				},
			],
			connections: { Vendor: { main: [[{ node: 'Format', type: 'main', index: 0 }]] } },
		},
		{ credentials: sandboxCredentials(sandbox()) },
	);
	expect(result.nodeError('Vendor')).toBeUndefined();
	expect(result.nodeError('Format')).toBeUndefined();
	return result.output('Format');
}

const srt = { operation: 'createSubtitles', subtitleFormat: 'srt', speakerLabels: true };
const text = { operation: 'createTranscript', transcriptFormat: 'text' };

test('Tencent Cloud ASR API 3.0: the sentences of both speakers become SRT cues', async () => {
	await seedDemoData(sandbox().url, 20);
	const [item] = await formatAfter(
		{
			type: 'tencentCloudAsr',
			typeVersion: 2,
			credential: 'tencentCloudAsrApi',
			parameters: {
				api: 'api3',
				operation: 'createTask',
				audioSource: 'url',
				audioUrl: 'https://audio.example/call.wav',
				engineModel: '16k_zh',
				resultTextFormat: 2,
				recognition: { speakerDiarization: true, speakerNumber: 2 },
				resultDelivery: 'waitForCompletion',
				...fastWait,
			},
		},
		srt,
	);
	expect(item.json.subtitles).toBe(
		[
			'1\n00:00:00,000 --> 00:00:02,100\nSpeaker 0: 您好，这里是客服中心。\n',
			'2\n00:00:02,300 --> 00:00:04,200\nSpeaker 1: 你好，我想改一下地址。\n',
		].join('\n'),
	);
	expect(item.json).toMatchObject({ vendor: 'tencent', status: 'succeeded' });
});

test('NICE: the advisor segment of the parsed result becomes an "Advisor:" turn with its tags', async () => {
	const [item] = await formatAfter(
		{
			type: 'niceSpeechAnalytics',
			typeVersion: 1,
			credential: 'niceApi',
			parameters: {
				operation: 'createTask',
				taskType: 'audio',
				fileSource: 'url',
				taskFileUrl: 'https://audio.example/call.wav',
				afterCreate: 'parsed',
				...fastWait,
			},
		},
		text,
	);
	expect(item.json.formattedTranscript).toBe(
		'Advisor: [PS810811, PS376464] 啊啊你好啊王先生,啊欢迎来到我们项目,啊你之前有来过我们项目吗?我们项目占地20亩\n',
	);
});

test('Huawei Cloud moderation: each flagged passage is a cue with its label name', async () => {
	await seedDemoData(sandbox().url, 20);
	const [item] = await formatAfter(
		{
			type: 'huaweiCloudModeration',
			typeVersion: 1,
			credential: 'huaweiCloudApi',
			parameters: {
				operation: 'createAudioModerationJob',
				audioUrl: 'https://audio.example/call.wav',
				resultDelivery: 'waitForCompletion',
				...fastWait,
			},
		},
		srt,
	);
	expect(item.json.subtitles).toBe(
		'1\n00:00:01,200 --> 00:00:03,400\n[Advertising (广告)] 加微信领取优惠券\n',
	);
});

test('Yidun: drained results become cues from the timed evidence of their labels; a pass, empty subtitles', async () => {
	await seedDemoData(sandbox().url, 20);
	const [blocked, passed] = await formatAfter(
		{
			type: 'yidunAudioModeration',
			typeVersion: 1,
			credential: 'yidunApi',
			parameters: { operation: 'drainResults', apiVersion: 'v4' },
		},
		{ ...srt, subtitleFormat: 'vtt' },
	);
	expect(blocked.json.subtitles).toBe(
		'WEBVTT\n\n00:00:04.200 --> 00:00:05.200\n[Abuse: other (谩骂其他)] 骂人的话\n',
	);
	expect(passed.json).toMatchObject({ moderation: { verdict: 'pass' }, subtitles: 'WEBVTT\n' });
	expect(passed.pairedItem).toEqual({ item: 1 });
});
