import { Container } from '@n8n/di';
import { createHash, randomBytes } from 'crypto';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

import { runWorkflow } from '../harness/engine';
import { sandboxCredentials, singleNodeWorkflow, useSandbox } from '../harness/fixtures';

/**
 * Uploads through n8n's real binary-data helpers: with binary data on disk (n8n 2.x's
 * filesystem mode) the node streams the file from n8n's store into the multipart body; the
 * sandbox reads the body as a stream too and records the file's size and SHA-256.
 */
const { sandbox, client } = useSandbox();

beforeAll(async () => {
	// N8N_USER_FOLDER is a temporary folder (jestSetup): the store lives under it.
	await Container.get(BinaryDataService).init();
});

async function stored(content: Buffer, fileName: string, mimeType: string): Promise<IBinaryData> {
	return await Container.get(BinaryDataService).store(
		{ type: 'execution', workflowId: 'upload-test', executionId: '1' },
		content,
		{ data: '', mimeType, fileName, fileExtension: fileName.split('.').pop() } as IBinaryData,
	);
}

const create = (taskType: string, binary: IBinaryData) =>
	runWorkflow(
		singleNodeWorkflow(
			'niceSpeechAnalytics',
			{ operation: 'createTask', taskType, fileSource: 'binary', binaryPropertyName: 'recording' },
			'niceApi',
		),
		{
			credentials: { niceApi: sandboxCredentials(sandbox()).niceApi },
			input: [{ json: {}, binary: { recording: binary } }],
		},
	);

test('an 8 MB recording kept on disk is streamed and arrives byte for byte', async () => {
	const content = randomBytes(8 * 1024 * 1024);
	const binary = await stored(content, 'call 录音.wav', 'audio/wav');
	expect(binary.id).toMatch(/^filesystem/);
	const result = await create('audio', binary);
	expect(result.nodeError('Node')).toBeUndefined();
	const [upload] = await client().nice.uploads();
	expect(upload.file).toMatchObject({
		fileName: 'call 录音.wav',
		contentType: 'audio/wav',
		size: content.length,
	});
	expect(upload.file?.sha256).toBe(createHash('sha256').update(content).digest('hex'));
	expect(upload.fields).toMatchObject({ task_type: '1', task_language_type: 'cn' });
	// Sent with its length known in advance (no chunked encoding of a 500 MB body).
	const [request] = await client().requests('nice');
	expect(Number(request.headers['content-length'])).toBeGreaterThan(content.length);
	expect(request.headers['content-type']).toMatch(
		/^multipart\/form-data; boundary=n8nNiceBoundary[0-9a-f]{24}$/,
	);
});

test('a binary kept in the item (memory mode) is sent the same way', async () => {
	const content = randomBytes(300_000);
	const binary: IBinaryData = {
		data: content.toString('base64'),
		mimeType: 'audio/mpeg',
		fileName: 'short.mp3',
	};
	expect((await create('audio', binary)).nodeError('Node')).toBeUndefined();
	const [upload] = await client().nice.uploads();
	expect(upload.file).toMatchObject({
		fileName: 'short.mp3',
		size: content.length,
		sha256: createHash('sha256').update(content).digest('hex'),
	});
});

test('a text file from a binary field gets the .txt name NICE needs', async () => {
	const content = Buffer.from(JSON.stringify({ data: [{ id: '1', content: '你好' }] }));
	const binary = await stored(content, 'comments.json', 'application/json');
	expect((await create('text', binary)).nodeError('Node')).toBeUndefined();
	const [upload] = await client().nice.uploads();
	expect(upload.file).toMatchObject({ fileName: 'comments.json.txt', size: content.length });
});

test('files over the limit are refused before anything is sent', async () => {
	// The store knows the size: the limit is checked without reading the file.
	const binary = {
		...(await stored(Buffer.from('x'), 'huge.wav', 'audio/wav')),
		bytes: 600 * 1024 * 1024,
	};
	const result = await create('audio', binary);
	expect(result.nodeError('Node')?.message).toBe(
		'The audio file is 600.0 MB; NICE accepts less than 500 MB',
	);
	const text = {
		...(await stored(Buffer.from('x'), 'big.txt', 'text/plain')),
		bytes: 100 * 1024 * 1024,
	};
	expect((await create('text', text)).nodeError('Node')?.message).toBe(
		'The text file is 100.0 MB; NICE accepts less than 100 MB',
	);
	expect(await client().nice.uploads()).toHaveLength(0);
});
