import { createHash, randomBytes } from 'crypto';

import type { ExampleWorkflow } from '../e2e/workflows';
import { deployExample, endedExecutions, outputOf, queueSuite } from './suite';

/**
 * Recordings uploaded to a Webhook at the webhook processor and sent to a vendor by a worker:
 * in queue mode n8n keeps binary data in Postgres (binary_data), so the worker reads what
 * another process stored.
 */
const suite = queueSuite();

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Posts `recording` as the multipart field "recording" to the Webhook at `path`. */
async function upload(path: string, recording: Buffer, fileName: string) {
	const form = new FormData();
	form.append('recording', new Blob([recording], { type: 'audio/wav' }), fileName);
	const reply = await fetch(`${suite.cluster.webhook.url}/webhook/${path}`, {
		method: 'POST',
		body: form,
	});
	expect(reply.status).toBe(200);
}

/** The sizes n8n's database holds for binary files of that name. */
const storedSizes = (fileName: string) =>
	suite.cluster.services
		.sql(`select "fileSize" from binary_data where "fileName" = '${fileName}'`)
		.split('\n')
		.filter(Boolean)
		.map(Number);

const setParameters =
	(node: string, parameters: Record<string, unknown>) => (workflow: ExampleWorkflow) => {
		workflow.nodes.find((candidate) => candidate.name === node)!.parameters = parameters as never;
	};

test('NICE: a 3 MB recording uploaded at the webhook processor reaches NICE from a worker byte for byte', async () => {
	const id = await deployExample(
		suite,
		'nice-create-and-parse-result.json',
		'q-nice-upload',
		setParameters('NICE Speech Analytics', {
			operation: 'createTask',
			taskType: 'audio',
			fileSource: 'binary',
			binaryPropertyName: 'recording',
			afterCreate: 'none',
		}),
	);
	const recording = randomBytes(3 * 1024 * 1024);
	await upload('q-nice-upload', recording, 'queue-visit.wav');

	const [execution] = await endedExecutions(suite, id);
	expect(execution.status).toBe('success');
	expect(outputOf(execution, 'NICE Speech Analytics')).toMatchObject([
		{ vendor: 'nice', status: 'running' },
	]);
	expect(storedSizes('queue-visit.wav')).toContain(recording.length);
	const [sent] = await suite.client.nice.uploads();
	expect(sent.file).toMatchObject({ fileName: 'queue-visit.wav', size: recording.length });
	expect(sent.file?.sha256).toBe(sha256(recording));
});

test('Tencent: a recording uploaded at the webhook processor is sent in the body from a worker, and the callback resumes the execution', async () => {
	await suite.client.tencent.queueResults({ text: '上传的录音。', audioTime: 2 });
	const id = await deployExample(
		suite,
		'tencent-asr-wait-for-callback.json',
		'q-tencent-upload',
		setParameters('Tencent Cloud ASR', {
			operation: 'createRecognitionTask',
			audioSource: 'binary',
			binaryPropertyName: 'recording',
			engineModelType: '8k_0',
			resultDelivery: 'waitForCallback',
			maxWaitMinutes: 10,
		}),
	);
	// Bytes below 0x80, so the sandbox's record of the body (kept as text) is byte for byte.
	const recording = Buffer.from(randomBytes(512 * 1024).map((byte) => byte & 0x7f));
	await upload('q-tencent-upload', recording, 'queue-call.wav');

	const [execution] = await endedExecutions(suite, id);
	expect(execution.status).toBe('success');
	expect(outputOf(execution, 'Tencent Cloud ASR')).toMatchObject([
		{ vendor: 'tencent', status: 'succeeded', transcript: '上传的录音。' },
	]);
	expect(storedSizes('queue-call.wav')).toContain(recording.length);
	const [create] = await suite.client.requests('tencent');
	expect(create.query.source_type).toBe('1');
	expect(sha256(create.body)).toBe(sha256(recording));
});

test('Audio Task Format on a worker: the SRT and Markdown files it makes are stored in Postgres, whole', async () => {
	await suite.client.tencent3.queueResults({
		sentences: [
			{ text: '您好，这里是客服中心。', startMs: 0, endMs: 2100, speakerId: 0 },
			{ text: '你好，我想改一下地址。', startMs: 2300, endMs: 4200, speakerId: 1 },
		],
		audioDuration: 4.2,
	});
	const id = await deployExample(suite, 'tencent-asr-api3-subtitles.json', 'q-subtitles');
	const reply = await fetch(`${suite.cluster.webhook.url}/webhook/q-subtitles`, { method: 'POST' });
	expect(reply.status).toBe(200);

	const [execution] = await endedExecutions(suite, id);
	expect(execution.status).toBe('success');
	const [srt] = outputOf(execution, 'SRT Subtitles');
	expect(srt.subtitles).toBe(
		'1\n00:00:00,000 --> 00:00:02,100\nAdvisor: 您好，这里是客服中心。\n\n' +
			'2\n00:00:02,300 --> 00:00:04,200\nCustomer: 你好，我想改一下地址。\n',
	);
	expect(storedSizes(`${srt.taskId}.srt`)).toContain(Buffer.byteLength(srt.subtitles));
	const [markdown] = outputOf(execution, 'Markdown Transcript');
	expect(storedSizes(`${srt.taskId}.md`)).toContain(
		Buffer.byteLength(markdown.formattedTranscript),
	);
});
