/**
 * Scenario 6 of bench/RESULTS.md (upload memory), in the real n8n: a workflow reads a large
 * recording from disk into a binary item (n8n's Read/Write Files from Disk node) and uploads it
 * to the NICE sandbox, with our Create Task (binary input) against what users build today (a
 * Code node signing NICE's JWT and an HTTP Request node posting multipart/form-data). The
 * figure is the peak RSS growth of the n8n process over the workflow run (VmHWM, reset before
 * each run); a workflow that only reads the file shows what reading costs on its own. Each
 * round starts in a freshly (re)started n8n warmed up by one 1 MB run of each side, so that no
 * run starts among the buffers a buffered upload dropped (see restartN8n), then runs ours,
 * read only, baseline. Each upload is checked at the sandbox (size and SHA-256). Medians
 * printed (of two rounds, the higher), never asserted. Linux only (/proc).
 * RSS growth counts only memory n8n did not hold already, so below a few hundred MB a
 * buffered upload hides in what n8n keeps from its start: measure with 500 MB.
 *
 *   npm run build && npm run bench:upload                 (500 MB, 2 rounds)
 *   BENCH_UPLOAD_MB=50 BENCH_ROUNDS=1 npm run bench:upload
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { SandboxClient } from '../test/sandbox/client';
import {
	machine,
	median,
	startBenchN8n,
	type BenchN8n,
	type DeployedWorkflow,
	type Execution,
} from './n8n/harness';
import {
	baselineNodes,
	measurePeak,
	niceUploadNode,
	readFileNode,
	restartN8n,
	writeRecording,
	type MemoryReading,
} from './n8n/upload';

const megabytes = Number(process.env.BENCH_UPLOAD_MB ?? 500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const WARM_UP_BYTES = 1_000_000;

// n8n 2.x lets file nodes reach only N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files); the
// recordings live in a folder of their own under the system's temporary folder.
const folder = mkdtempSync(join(tmpdir(), 'nice-upload-bench-'));
process.env.N8N_RESTRICT_FILE_ACCESS_TO = folder;
// The baseline's Code node signs with Node's crypto module, which n8n allows only when told to.
process.env.NODE_FUNCTION_ALLOW_BUILTIN = 'crypto';

interface Recording {
	path: string;
	bytes: number;
	sha256: string;
}

interface Run {
	memory: MemoryReading;
	/** The upload's own time as n8n records it (the baseline's signing included), ms. */
	uploadMs: number;
	readMs: number;
}

type Side = 'ours' | 'baseline' | 'read only';

async function recordingOf(bytes: number, name: string): Promise<Recording> {
	const path = join(folder, name);
	return { path, bytes, sha256: await writeRecording(path, bytes) };
}

async function main() {
	const big = await recordingOf(megabytes * 1_000_000, 'recording.wav');
	const small = await recordingOf(WARM_UP_BYTES, 'warm-up.wav');
	const bench = await startBenchN8n();
	try {
		const client = new SandboxClient(bench.sandbox.url);
		const flows: Record<Side, DeployedWorkflow> = {
			ours: await bench.deploy('bench: Read file + NICE Create Task', [
				readFileNode(),
				await niceUploadNode(bench),
			]),
			baseline: await bench.deploy('bench: Read file + Code (JWT) + HTTP Request', [
				readFileNode(),
				...baselineNodes(bench),
			]),
			'read only': await bench.deploy('bench: Read file', [readFileNode()]),
		};

		/** One run of a side on a recording, its upload checked at the sandbox. */
		const runOnce = async (side: Side, recording: Recording) => {
			const run = await bench.run(flows[side], { path: recording.path });
			if (side !== 'read only') await checkUpload(client, side, run, recording);
			return run;
		};
		/** One measured run; n8n's pid changes on a restart. */
		const measure = async (side: Side, label: string): Promise<Run> => {
			const pid = bench.n8n.pid;
			if (!pid) throw new Error('n8n is not running');
			const { memory, result } = await measurePeak(pid, () => runOnce(side, big));
			const run = {
				memory,
				readMs: result.nodeMs('Read'),
				uploadMs:
					side === 'ours'
						? result.nodeMs('Upload')
						: side === 'baseline'
							? result.nodeMs('Sign') + result.nodeMs('Upload')
							: 0,
			};
			const { beforeMb, growthMb, sampledGrowthMb, afterMb, fromHwm } = memory;
			console.log(
				`  ${label} ${side.padEnd(9)} RSS ${beforeMb.toFixed(0)} MB, peak +${growthMb.toFixed(1)} MB (${fromHwm ? 'VmHWM' : 'sampled only'}; sampled +${sampledGrowthMb.toFixed(1)}), after ${afterMb.toFixed(0)} MB; read ${(run.readMs / 1000).toFixed(1)} s, upload ${(run.uploadMs / 1000).toFixed(1)} s`,
			);
			return run;
		};

		console.log(
			`NICE Create Task from a binary item, ${megabytes} MB (${big.bytes} bytes), in a real n8n 2.41.1 (${machine()})`,
		);
		console.log(`  ${await binaryDataMode(bench, flows['read only'], small)}`);
		const runs: Record<Side, Run[]> = { ours: [], baseline: [], 'read only': [] };
		for (let round = 1; round <= rounds; round++) {
			if (round > 1) await restartN8n(bench, Object.values(flows));
			await runOnce('ours', small);
			await runOnce('baseline', small);
			for (const side of ['ours', 'read only', 'baseline'] as const)
				runs[side].push(await measure(side, `round ${round}`));
		}

		const growth = (side: Side) => median(runs[side].map((run) => run.memory.growthMb));
		const seconds = (side: Side, key: 'uploadMs' | 'readMs') =>
			median(runs[side].map((run) => run[key])) / 1000;
		console.log(
			`Peak RSS growth of the n8n process over the workflow run, median of ${rounds} rounds:`,
		);
		console.log(
			`  read only (Read/Write Files from Disk): ${growth('read only').toFixed(1).padStart(6)} MB, read ${seconds('read only', 'readMs').toFixed(1)} s`,
		);
		console.log(
			`  ours (read + NICE Create Task):         ${growth('ours').toFixed(1).padStart(6)} MB, upload ${seconds('ours', 'uploadMs').toFixed(1)} s`,
		);
		console.log(
			`  baseline (read + Code + HTTP Request):  ${growth('baseline').toFixed(1).padStart(6)} MB, upload ${seconds('baseline', 'uploadMs').toFixed(1)} s`,
		);
		console.log(
			`  ours / baseline peak growth: ${(growth('ours') / growth('baseline')).toFixed(3)}; upload time ${(seconds('ours', 'uploadMs') / seconds('baseline', 'uploadMs')).toFixed(2)}x (target: ours <= 64 MB)`,
		);
		console.log(`  every upload reached the sandbox whole (${big.bytes} bytes, SHA-256 checked)`);
	} finally {
		await bench.close();
		rmSync(folder, { recursive: true, force: true });
	}
}

/** The upload the run made, as the sandbox received it: whole and byte for byte. */
async function checkUpload(client: SandboxClient, side: Side, run: Execution, sent: Recording) {
	const reply = run.firstJson('Upload');
	const taskNo = side === 'ours' ? reply.taskId : reply.data?.task_no;
	if (!taskNo) throw new Error(`${side}: no task created: ${JSON.stringify(reply)}`);
	const upload = (await client.nice.uploads()).find((candidate) => candidate.taskNo === taskNo);
	if (upload?.file?.size !== sent.bytes || upload.file.sha256 !== sent.sha256)
		throw new Error(`${side}: the sandbox received ${JSON.stringify(upload?.file)}`);
}

/** The binary data mode n8n runs with, as its settings say and as a stored item shows. */
async function binaryDataMode(
	bench: BenchN8n,
	readOnly: DeployedWorkflow,
	recording: Recording,
): Promise<string> {
	const settings = await bench.n8n.rest.get('/settings');
	await bench.run(readOnly, { path: recording.path });
	const [execution] = await bench.n8n.executions(readOnly.id);
	const binary = execution?.data?.resultData?.runData?.Read?.[0]?.data?.main?.[0]?.[0]?.binary;
	const id = String(binary?.data?.id ?? 'none (the data is in the item)');
	return `binary data mode: ${settings.data?.data?.binaryDataMode} (N8N_DEFAULT_BINARY_DATA_MODE ${process.env.N8N_DEFAULT_BINARY_DATA_MODE ?? 'unset'}); the Read node's item refers to ${id.split(':')[0]}:..., written by streaming the file (createReadStream into the binary store)`;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
