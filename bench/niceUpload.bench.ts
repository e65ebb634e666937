/**
 * Peak memory of uploading a large recording to NICE (Create Task from a binary field):
 * the node's streamed multipart body against a buffered baseline (the file read whole, as a
 * naive node does), both in this process through n8n-core's engine and binary store
 * (filesystem mode), to the sandbox running in a child process so that only n8n's side is
 * measured. Printed as peak RSS growth; never asserted.
 *
 *   npm run bench:upload                 (500 MB)
 *   BENCH_UPLOAD_MB=100 npm run bench:upload
 */
import { spawn } from 'child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-audio-tasks-bench-'));

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, IExecuteFunctions, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runWorkflow } from '../test/harness/engine';
import { sandboxCredentials, singleNodeWorkflow } from '../test/harness/fixtures';
import { SandboxClient } from '../test/sandbox/client';
import { DEMO_NICE_ACCOUNT } from '../test/sandbox/vendors/nice';

const megabytes = Number(process.env.BENCH_UPLOAD_MB ?? 500);
const bytes = megabytes * 1_000_000;
const gc = () => (global as { gc?: () => void }).gc?.();

/** The baseline: reads the whole file into memory, then posts one buffer (what a naive node does). */
const bufferedUpload: INodeType = {
	description: {
		displayName: 'Buffered upload',
		name: 'bufferedUpload',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: {},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'niceApi', required: true }],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const file = await this.helpers.getBinaryDataBuffer(0, 'recording');
		const boundary = 'benchBaselineBoundary';
		const fields = {
			project_key: DEMO_NICE_ACCOUNT.projectKeys[0],
			ts: String(Math.floor(Date.now() / 1000)),
			task_type: '1',
		};
		const head = Object.entries(fields)
			.map(
				([name, value]) =>
					`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
			)
			.join('');
		const body = Buffer.concat([
			Buffer.from(
				`${head}--${boundary}\r\nContent-Disposition: form-data; name="task_file"; filename="big.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
			),
			file,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		const reply = await this.helpers.httpRequestWithAuthentication.call(this, 'niceApi', {
			method: 'POST',
			url: '/task/create',
			body,
			headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
		});
		return [[{ json: typeof reply === 'string' ? JSON.parse(reply) : reply }]];
	},
};

/** Peak RSS growth over the run, sampled every 10 ms. */
async function peakGrowth(run: () => Promise<unknown>): Promise<{ mb: number; seconds: number }> {
	gc();
	await new Promise((resolve) => setTimeout(resolve, 200));
	gc();
	const before = process.memoryUsage().rss;
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
	const started = Date.now();
	await run();
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().rss);
	return { mb: (peak - before) / 1024 / 1024, seconds: (Date.now() - started) / 1000 };
}

/** The sandbox in its own process; resolves with its URL once it listens. */
async function childSandbox() {
	const child = spawn(
		process.execPath,
		['-r', 'ts-node/register/transpile-only', 'test/sandbox/main.ts'],
		{
			env: { ...process.env, SANDBOX_DEMO: '0' },
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	const url = await new Promise<string>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
		child.stdout.on('data', (data: Buffer) => {
			const match = /listening on (http:\/\/\S+)/.exec(data.toString());
			if (match) resolve(match[1]);
		});
	});
	return {
		url,
		vendorUrl: (vendor: string) => `${url}/${vendor}`,
		close: async () => void child.kill(),
	};
}

async function main() {
	const sandbox = await childSandbox();
	const client = new SandboxClient(sandbox.url);
	await Container.get(BinaryDataService).init();

	// A recording on disk, then in n8n's binary store, as a workflow that read a file would hold it.
	const folder = mkdtempSync(join(tmpdir(), 'nice-upload-'));
	const path = join(folder, 'big.wav');
	const chunk = Buffer.alloc(8 * 1024 * 1024, 7);
	await new Promise<void>((resolve, reject) => {
		const out = createWriteStream(path);
		out.on('error', reject);
		let written = 0;
		const write = () => {
			while (written < bytes) {
				const piece = chunk.subarray(0, Math.min(chunk.length, bytes - written));
				written += piece.length;
				if (!out.write(piece)) return void out.once('drain', write);
			}
			out.end(resolve);
		};
		write();
	});
	const binary = await Container.get(BinaryDataService).copyBinaryFile(
		{ type: 'execution', workflowId: 'bench', executionId: '1' },
		{ data: '', mimeType: 'audio/wav', fileName: 'big.wav' } as IBinaryData,
		path,
	);
	rmSync(folder, { recursive: true, force: true });

	const credentials = { niceApi: sandboxCredentials(sandbox as never).niceApi };
	const input = [{ json: {}, binary: { recording: binary } }];
	const streamed = () =>
		runWorkflow(
			singleNodeWorkflow(
				'niceSpeechAnalytics',
				{
					operation: 'createTask',
					taskType: 'audio',
					fileSource: 'binary',
					binaryPropertyName: 'recording',
				},
				'niceApi',
			),
			{ credentials, input },
		).then((result) => {
			if (result.nodeError('Node')) throw result.nodeError('Node');
		});
	const buffered = () =>
		runWorkflow(
			{
				nodes: [
					{
						id: '1',
						name: 'Node',
						type: 'bench.bufferedUpload',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
						credentials: { niceApi: { id: '1', name: 'n' } },
					},
				],
				connections: {},
			},
			{ credentials, input, extraNodeTypes: { 'bench.bufferedUpload': bufferedUpload } },
		).then((result) => {
			if (result.nodeError('Node')) throw result.nodeError('Node');
		});

	const results: Array<[string, { mb: number; seconds: number }]> = [];
	// The buffered run goes last: the memory it took is not all given back to the system, so
	// a run after it would start from a higher baseline and look smaller than it is.
	for (const [name, run] of [
		['streamed', streamed],
		['streamed', streamed],
		['buffered', buffered],
	] as const) {
		results.push([name, await peakGrowth(run)]);
	}
	const uploads = await client.nice.uploads();
	const sizes = uploads.map((upload) => upload.file?.size);
	console.log(
		`NICE Create Task from a binary field, ${megabytes} MB (${bytes} bytes), Node ${process.version}`,
	);
	for (const [name, { mb, seconds }] of results) {
		console.log(
			`  ${name.padEnd(8)} peak RSS growth ${mb.toFixed(1).padStart(7)} MB, ${seconds.toFixed(1)} s`,
		);
	}
	const streamedPeak = Math.max(
		...results.filter(([name]) => name === 'streamed').map(([, result]) => result.mb),
	);
	const bufferedPeak = results.find(([name]) => name === 'buffered')![1].mb;
	console.log(
		`  streamed / buffered peak growth: ${(streamedPeak / bufferedPeak).toFixed(3)} (target: streamed <= 64 MB)`,
	);
	console.log(
		`  sizes the sandbox received: ${sizes.join(', ')} (every upload whole: ${sizes.every((size) => size === bytes)})`,
	);
	await sandbox.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
