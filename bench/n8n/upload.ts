/**
 * Helpers of the upload benchmark (bench/niceUpload.bench.ts): the recording on disk, the
 * memory of the n8n process read from /proc, and the workflows' nodes.
 */
import { createHash } from 'crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'fs';

import { DEMO_NICE_ACCOUNT, demoNiceCredential } from '../../test/sandbox/vendors/nice';
import type { BenchN8n, DeployedWorkflow, WorkflowNode } from './harness';

const MB = 1024 * 1024;

/** Writes `bytes` bytes of a repeated pattern to `path`, 8 MB at a time; returns their SHA-256. */
export async function writeRecording(path: string, bytes: number): Promise<string> {
	const chunk = Buffer.alloc(8 * MB);
	for (let index = 0; index < chunk.length; index++) chunk[index] = (index * 31) & 0xff;
	const hash = createHash('sha256');
	await new Promise<void>((resolve, reject) => {
		const out = createWriteStream(path);
		out.on('error', reject);
		let written = 0;
		const write = () => {
			while (written < bytes) {
				const piece = chunk.subarray(0, Math.min(chunk.length, bytes - written));
				written += piece.length;
				hash.update(piece);
				if (!out.write(piece)) return void out.once('drain', write);
			}
			out.end(resolve);
		};
		write();
	});
	return hash.digest('hex');
}

/** Resident set size and its peak (VmHWM) of a process, in bytes, from /proc/<pid>/status. */
export function processMemory(pid: number): { rss: number; peak: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kilobytes = (field: string) => {
		const found = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
		if (!found) throw new Error(`no ${field} in /proc/${pid}/status`);
		return Number(found[1]) * 1024;
	};
	return { rss: kilobytes('VmRSS'), peak: kilobytes('VmHWM') };
}

/**
 * Sets the process's VmHWM back to its current RSS ("5" to clear_refs, Linux 4.0+), so the
 * peak read after a run is that run's. False where the kernel refuses: the 20 ms sampling of
 * VmRSS is then the only measure.
 */
function resetPeak(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

export interface MemoryReading {
	/** RSS before the run (MB). */
	beforeMb: number;
	/** Peak RSS over the run minus the RSS before (MB). */
	growthMb: number;
	/** The same from VmRSS sampled every 20 ms (MB): a check on the VmHWM figure. */
	sampledGrowthMb: number;
	/** RSS once the run is over (MB): what the run left behind. */
	afterMb: number;
	/** Whether VmHWM could be reset, i.e. growthMb comes from it. */
	fromHwm: boolean;
}

/**
 * Runs `run` and reads the growth of the n8n process's RSS over it, once n8n has settled from
 * the previous run.
 */
export async function measurePeak<T>(
	pid: number,
	run: () => Promise<T>,
): Promise<{ memory: MemoryReading; result: T }> {
	await settle(pid);
	const before = processMemory(pid).rss;
	const fromHwm = resetPeak(pid);
	let sampled = before;
	const sampler = setInterval(() => (sampled = Math.max(sampled, processMemory(pid).rss)), 20);
	let result: T;
	try {
		result = await run();
	} finally {
		clearInterval(sampler);
	}
	const after = processMemory(pid);
	sampled = Math.max(sampled, after.rss);
	const peak = fromHwm ? Math.max(after.peak, sampled) : sampled;
	return {
		result,
		memory: {
			beforeMb: before / MB,
			growthMb: (peak - before) / MB,
			sampledGrowthMb: (sampled - before) / MB,
			afterMb: after.rss / MB,
			fromHwm,
		},
	};
}

/**
 * Waits until the RSS has stayed within 2 MB for 12 s (at most 90 s): an n8n just started or
 * just done with a run holds garbage that V8's memory reducer often frees about 8 s later, and
 * a run that starts before it would grow into the memory that GC frees on its way.
 */
async function settle(pid: number): Promise<void> {
	const deadline = Date.now() + 90_000;
	let windowStart = Date.now();
	let reference = processMemory(pid).rss;
	while (Date.now() < deadline && Date.now() - windowStart < 12_000) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		const now = processMemory(pid).rss;
		if (Math.abs(now - reference) >= 2 * MB) {
			windowStart = Date.now();
			reference = now;
		}
	}
}

/**
 * Stops and starts n8n again (same user folder: workflows and credentials stay) and waits for
 * the workflows' webhooks. A buffered upload leaves hundreds of MB of dropped buffers that an
 * idle n8n may keep long after the run (still there 36 s later in one trial: V8 frees them at
 * its next full GC, which nothing here can force); the next run would start from that RSS and
 * grow into the memory GC frees on its way, hiding what it allocates.
 */
export async function restartN8n(bench: BenchN8n, flows: DeployedWorkflow[]): Promise<void> {
	await bench.n8n.stop();
	await bench.n8n.start();
	await bench.n8n.login();
	for (const flow of flows) await bench.n8n.waitForWebhook(flow.path);
}

/**
 * n8n's Read/Write Files from Disk node reading the file whose path the webhook was posted
 * (`{ path }`) into the binary field "data": one workflow serves the warm-up and the measure.
 */
export const readFileNode = (): WorkflowNode => ({
	name: 'Read',
	type: 'n8n-nodes-base.readWriteFile',
	typeVersion: 1.1,
	parameters: { operation: 'read', fileSelector: '={{ $json.body.path }}', options: {} },
});

/** Our NICE Create Task from the binary field "data", returning as soon as the task exists. */
export async function niceUploadNode(bench: BenchN8n): Promise<WorkflowNode> {
	const name = 'NICE (bench)';
	const id = await bench.n8n.createCredential(
		name,
		'niceApi',
		demoNiceCredential(bench.sandbox.vendorUrl('nice')),
	);
	return {
		name: 'Upload',
		type: 'n8n-nodes-audio-tasks.niceSpeechAnalytics',
		typeVersion: 1,
		parameters: {
			operation: 'createTask',
			taskType: 'audio',
			fileSource: 'binary',
			binaryPropertyName: 'data',
			afterCreate: 'none',
		},
		credentials: { niceApi: { id, name } },
	};
}

/**
 * What users build today from n8n's own nodes: a Code node signing NICE's JWT (HS256 over the
 * App Secret, as the NICE credential does) and an HTTP Request node (v4.2, its defaults)
 * posting multipart/form-data with the binary field (a user without this package has no NICE
 * credential; with it, the HTTP Request node could sign with ours). The HTTP Request node streams
 * the file into its form, but with "Follow Redirects" on (its default) it sends through
 * follow-redirects, which keeps every chunk written so as to send the body again after a
 * 307/308: the whole file is held until the reply.
 */
export function baselineNodes(bench: BenchN8n): WorkflowNode[] {
	const { appId, appSecret, projectKeys } = DEMO_NICE_ACCOUNT;
	return [
		{
			name: 'Sign',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: {
				jsCode: `const crypto = require('crypto');
const base64Url = (text) => Buffer.from(text).toString('base64url');
const ts = Math.floor(Date.now() / 1000);
const unsigned = base64Url(JSON.stringify({ typ: 'JWT', alg: 'HS256' })) + '.' + base64Url(JSON.stringify({ app_id: ${JSON.stringify(appId)}, iat: ts }));
const token = unsigned + '.' + crypto.createHmac('sha256', ${JSON.stringify(appSecret)}).update(unsigned).digest('base64url');
return $input.all().map((item) => ({ json: { ...item.json, token, ts }, binary: item.binary }));`,
			},
		},
		{
			name: 'Upload',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${bench.sandbox.vendorUrl('nice')}/task/create`,
				sendHeaders: true,
				headerParameters: {
					parameters: [{ name: 'Authorization', value: '=Bearer {{ $json.token }}' }],
				},
				sendBody: true,
				contentType: 'multipart-form-data',
				bodyParameters: {
					parameters: [
						{ name: 'project_key', value: projectKeys[0] },
						{ name: 'ts', value: '={{ $json.ts }}' },
						{ name: 'task_type', value: '1' },
						{ name: 'task_language_type', value: 'cn' },
						{ parameterType: 'formBinaryData', name: 'task_file', inputDataFieldName: 'data' },
					],
				},
				options: {},
			},
		},
	];
}
