/**
 * What the engine path costs over a bare HTTP client, for the most common call: a Neunit
 * status read for each of N input items. Both sides hit the same in-process sandbox in the
 * same process, alternating rounds; printed as ratios (engine / baseline), never asserted.
 *
 *   npm run bench              (N=200, 7 rounds)
 *   BENCH_ITEMS=1000 BENCH_ROUNDS=5 npm run bench
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-audio-tasks-bench-'));

import { runWorkflow } from '../test/harness/engine';
import { singleNodeWorkflow } from '../test/harness/fixtures';
import { SandboxClient } from '../test/sandbox/client';
import { startSandbox } from '../test/sandbox/server';

const items = Number(process.env.BENCH_ITEMS ?? 200);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const gc = () => (global as { gc?: () => void }).gc?.();

async function measure(run: () => Promise<void>): Promise<{ ms: number; heapMb: number }> {
	gc();
	const heapBefore = process.memoryUsage().heapUsed;
	const started = process.hrtime.bigint();
	await run();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
	return { ms, heapMb };
}

async function main() {
	const sandbox = await startSandbox();
	const client = new SandboxClient(sandbox.url);
	const taskIds = await Promise.all(
		Array.from({ length: items }, (_, index) =>
			client.neunit.createTask({ status: 2, percent: 100, result: `transcript ${index}` }),
		),
	);
	const statusUrl = `${sandbox.vendorUrl('neunit')}/cloud/asr/v1/get_task_status`;

	const baseline = async () => {
		for (const taskId of taskIds) {
			const reply = await fetch(statusUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ task_id: taskId }),
			});
			const body = (await reply.json()) as { code: number };
			if (body.code !== 0) throw new Error('baseline call failed');
		}
	};
	const workflow = singleNodeWorkflow(
		'neunitAsr',
		{ operation: 'getTaskStatus', taskId: '={{ $json.taskId }}' },
		'neunitAsrApi',
	);
	const input = taskIds.map((taskId) => ({ json: { taskId } }));
	const engine = async () => {
		const result = await runWorkflow(workflow, {
			credentials: { neunitAsrApi: { baseUrl: sandbox.vendorUrl('neunit') } },
			input,
		});
		if (result.output('Node').length !== items) throw new Error('engine run lost items');
	};

	await baseline();
	await engine();
	const baselineRuns: Array<{ ms: number; heapMb: number }> = [];
	const engineRuns: Array<{ ms: number; heapMb: number }> = [];
	for (let round = 0; round < rounds; round++) {
		baselineRuns.push(await measure(baseline));
		engineRuns.push(await measure(engine));
	}
	await sandbox.close();

	const baseMs = median(baselineRuns.map((run) => run.ms));
	const engineMs = median(engineRuns.map((run) => run.ms));
	const baseHeap = median(baselineRuns.map((run) => run.heapMb));
	const engineHeap = median(engineRuns.map((run) => run.heapMb));
	console.log(
		`Neunit Get Task Status, ${items} items, median of ${rounds} alternating rounds (Node ${process.version})`,
	);
	console.log(
		`  baseline (bare fetch, one call per item): ${baseMs.toFixed(1)} ms, heap +${baseHeap.toFixed(1)} MB`,
	);
	console.log(
		`  engine (WorkflowExecute + node + credential): ${engineMs.toFixed(1)} ms, heap +${engineHeap.toFixed(1)} MB`,
	);
	console.log(
		`  time ratio engine/baseline: ${(engineMs / baseMs).toFixed(2)}x; overhead per item: ${((engineMs - baseMs) / items).toFixed(3)} ms`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
