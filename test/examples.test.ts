import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { INode, INodeType } from 'n8n-workflow';

import { seedDemoData } from './sandbox/demo';
import { DEMO_ACCOUNT } from './sandbox/vendors/tencent';
import { demoHuaweiCredential } from './sandbox/vendors/huawei';
import { demoNiceCredential, NICE_DEMO_PUSH } from './sandbox/vendors/nice';
import { demoYidunCredential } from './sandbox/vendors/yidun';
import type { Execution, WorkflowJson } from './harness/engine';
import { useSandbox, useWebhookServer } from './harness/fixtures';
import { nodeTypesByName, PACKAGE_NAME, ROOT } from './harness/packageTypes';

const { sandbox, client } = useSandbox();
const webhooks = useWebhookServer();
const examplesDir = join(ROOT, 'examples');
const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.json'));

/** Credential data that points each of the package's credential types at the sandbox. */
const sandboxCredentials = () => ({
	neunitAsrApi: { baseUrl: sandbox().vendorUrl('neunit') },
	tencentCloudAsrApi: {
		...DEMO_ACCOUNT,
		baseUrl: sandbox().vendorUrl('tencent'),
		apiEndpoint: sandbox().vendorUrl('tencent3'),
	},
	yidunApi: demoYidunCredential(sandbox().vendorUrl('yidun')),
	huaweiCloudApi: demoHuaweiCredential(sandbox().vendorUrl('huawei')),
	niceApi: demoNiceCredential(sandbox().vendorUrl('nice')),
});

/** An example as the harness runs it: n8n's URL replaced by the harness's webhook server. */
function load(file: string): WorkflowJson {
	const text = readFileSync(join(examplesDir, file), 'utf8')
		.split('http://127.0.0.1:5678')
		.join(webhooks().url);
	return JSON.parse(text) as WorkflowJson;
}

const isTrigger = (node: INode) =>
	(nodeTypesByName[node.type] as INodeType).description.group.includes('trigger');

async function finished(execution: Execution) {
	for (
		let attempt = 0;
		attempt < 250 && (execution.runs.length === 0 || execution.runs.at(-1)!.status === 'waiting');
		attempt++
	) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return execution.runs.at(-1)!;
}

/** What each example must produce, by node name, once everything it starts has finished. */
const expectations: Record<
	string,
	(outputs: (node: string) => Record<string, unknown> | undefined) => void
> = {
	'neunit-asr-wait-for-transcript.json': (output) =>
		expect(output('Neunit ASR')).toMatchObject({
			taskId: 'demo-neunit-running',
			status: 'succeeded',
			transcript: '您好，欢迎使用语音识别服务。',
		}),
	'tencent-asr-wait-for-callback.json': (output) =>
		expect(output('Tencent Cloud ASR')).toMatchObject({
			vendor: 'tencent',
			status: 'succeeded',
			transcript: '您好，这是腾讯云语音识别的结果。',
			audioDuration: 2.5,
		}),
	'yidun-drain-results.json': (output) =>
		expect(output('Yidun Audio Moderation')).toMatchObject({
			vendor: 'yidun',
			status: 'succeeded',
			moderation: {
				verdict: 'block',
				labels: [
					{
						code: 600018,
						name: 'Abuse: other (谩骂其他)',
						evidence: [{ text: '骂人的话', start: 4.2, end: 5.1 }],
					},
				],
			},
		}),
	'yidun-submit-and-push-trigger.json': (output) => {
		expect(output('Yidun Audio Moderation')).toMatchObject({
			vendor: 'yidun',
			status: 'queued',
			reference: 'voice-message-1',
		});
		expect(output('Yidun Trigger')).toMatchObject({
			vendor: 'yidun',
			status: 'succeeded',
			reference: 'voice-message-1',
			moderation: { verdict: 'pass' },
		});
	},
	'huawei-moderation-callback-trigger.json': (output) => {
		expect(output('Huawei Cloud Moderation')).toMatchObject({
			vendor: 'huawei',
			status: 'running',
		});
		expect(output('Huawei Cloud Moderation Trigger')).toMatchObject({
			vendor: 'huawei',
			status: 'succeeded',
			moderation: { verdict: 'review', labels: [{ code: 'ad', evidence: [{ text: '加微信' }] }] },
		});
	},
	'huawei-moderation-wait-for-callback.json': (output) =>
		expect(output('Huawei Cloud Moderation')).toMatchObject({
			vendor: 'huawei',
			status: 'succeeded',
			transcript: '您好，加微信领取优惠券。',
			moderation: { verdict: 'review' },
		}),
	'nice-create-and-parse-result.json': (output) =>
		expect(output('NICE Speech Analytics')).toMatchObject({
			vendor: 'nice',
			kind: 'audio',
			speaker: 'advisor',
			start: 0.4,
			end: 6.24,
			tags: [{ code: 'PS810811', polarity: 'P' }, { code: 'PS376464' }],
		}),
	'nice-push-trigger.json': (output) => {
		expect(output('NICE Speech Analytics')).toMatchObject({ vendor: 'nice', status: 'running' });
		expect(output('NICE Trigger')).toMatchObject({
			vendor: 'nice',
			status: 'succeeded',
			segments: [{ speaker: 'advisor', start: 0.4, end: 6.24 }],
			result: { kind: 'audio', sex: 'man' },
		});
	},
	'tencent-asr-api3-create-and-wait.json': (output) =>
		expect(output('Tencent Cloud ASR')).toMatchObject({
			vendor: 'tencent',
			status: 'succeeded',
			transcript: '您好，这里是客服中心。你好，我想改一下地址。',
			segments: [
				{ start: 0, end: 2.1, speaker: 0 },
				{ start: 2.3, end: 4.2, speaker: 1 },
			],
		}),
	'tencent-asr-api3-subtitles.json': (output) => {
		expect(output('SRT Subtitles')?.subtitles).toBe(
			'1\n00:00:00,000 --> 00:00:02,100\nAdvisor: 您好，这里是客服中心。\n\n' +
				'2\n00:00:02,300 --> 00:00:04,200\nCustomer: 你好，我想改一下地址。\n',
		);
		expect(output('Markdown Transcript')?.formattedTranscript).toBe(
			'**[00:00] Advisor:** 您好，这里是客服中心。\n\n**[00:02] Customer:** 你好，我想改一下地址。\n',
		);
	},
	'tencent-asr-api3-callback-trigger.json': (output) => {
		expect(output('Tencent Cloud ASR')).toMatchObject({ vendor: 'tencent', status: 'queued' });
		expect(output('Tencent Cloud ASR Trigger')).toMatchObject({
			status: 'succeeded',
			segments: [{ speaker: 0 }, { speaker: 1 }],
		});
	},
	'tencent-asr-callback-trigger.json': (output) => {
		expect(output('Tencent Cloud ASR')).toMatchObject({ vendor: 'tencent', status: 'queued' });
		expect(output('Tencent Cloud ASR Trigger')).toMatchObject({
			vendor: 'tencent',
			status: 'succeeded',
			transcript: '您好，这是腾讯云语音识别的结果。',
		});
	},
};

describe('example workflows run against the sandbox and its demo data', () => {
	test('every example has expectations', () => {
		expect(Object.keys(expectations).sort()).toEqual([...examples].sort());
	});

	test.each(examples)('%s', async (file) => {
		const workflow = load(file);
		await seedDemoData(sandbox().url, 20);
		// The harness has only this package's nodes: run their part of the workflow, fed as
		// n8n's Manual Trigger would feed it (n8n-nodes-base runs in the real-n8n suite).
		const packageNodes = workflow.nodes.filter((node: INode) =>
			node.type.startsWith(`${PACKAGE_NAME}.`),
		);
		const names = new Set(packageNodes.map((node) => node.name));
		const connections = Object.fromEntries(
			Object.entries(workflow.connections).filter(([from]) => names.has(from)),
		);
		const packageWorkflow = { ...workflow, nodes: packageNodes, connections };
		const options = { credentials: sandboxCredentials() };

		if (packageNodes.some(isTrigger)) {
			const urls = await webhooks().activate(packageWorkflow, options);
			// NICE pushes to a URL its support team registers: the sandbox stands in for that.
			const niceTrigger = packageNodes.find((node) =>
				node.type.endsWith('.niceSpeechAnalyticsTrigger'),
			);
			if (niceTrigger)
				await client().nice.configure({ pushUrl: NICE_DEMO_PUSH.url(urls[niceTrigger.name]) });
		}
		const start = packageNodes.find((node) => !isTrigger(node))!;
		const running = webhooks().startWorkflow(packageWorkflow, {
			...options,
			startNode: start.name,
		});
		await finished(running.execution);
		for (
			let attempt = 0;
			attempt < 100 && webhooks().executions.length < packageNodes.filter(isTrigger).length + 1;
			attempt++
		) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await webhooks().settle();

		const runs = await Promise.all(webhooks().executions.map(finished));
		for (const run of runs) expect(run.status).toBe('success');
		const output = (node: string) => {
			for (const run of runs) {
				const items = run.data.resultData.runData[node]?.at(-1)?.data?.main?.[0];
				if (items?.length) return items[0].json;
			}
			return undefined;
		};
		expectations[file](output);
	});
});
