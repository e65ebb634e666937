/**
 * Scenario 4 of bench/RESULTS.md, in the real n8n: Yidun Drain Results on 1,000 queued results.
 * The figure is against the floor, not a baseline node: Yidun allows fewer than 20 calls to
 * the results endpoint per 10 s, and a page holds `pageSize` results (the sandbox's 10 unless
 * told otherwise), so a drain that empties the queue makes at least ceil(N/page) + 1 calls (the
 * last finds it empty) and the k-th call (from 0) cannot start before floor(k/19) x 10 s.
 *
 *   npm run bench:drain
 *   BENCH_QUEUED=1000 BENCH_ROUNDS=2 npm run bench:drain
 */
import { SandboxClient } from '../test/sandbox/client';
import { demoYidunCredential } from '../test/sandbox/vendors/yidun';
import { machine, median, startBenchN8n } from './n8n/harness';

const queued = Number(process.env.BENCH_QUEUED ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const PAGE_SIZE = 10;
const CALLS_PER_WINDOW = 19;
const WINDOW_MS = 10_000;

async function main() {
	const bench = await startBenchN8n();
	try {
		const { n8n, sandbox } = bench;
		const client = new SandboxClient(sandbox.url);
		const yidun = await n8n.createCredential(
			'Yidun (bench)',
			'yidunApi',
			demoYidunCredential(sandbox.vendorUrl('yidun')),
		);
		const flow = await bench.deploy('bench: Yidun Drain Results', [
			{
				name: 'Measured',
				type: 'n8n-nodes-audio-tasks.yidunAudioModeration',
				typeVersion: 1,
				// More than are queued: the drain runs until Yidun's queue is empty.
				parameters: { operation: 'drainResults', apiVersion: 'v4', maxResults: queued * 2 },
				credentials: { yidunApi: { id: yidun, name: 'Yidun (bench)' } },
			},
		]);
		const minimumCalls = Math.ceil(queued / PAGE_SIZE) + 1;
		const floorMs = Math.floor((minimumCalls - 1) / CALLS_PER_WINDOW) * WINDOW_MS;

		console.log(`Drain at the rate limit in a real n8n 2.41.1 (${machine()})`);
		const runs: Array<{ ms: number; calls: number; limited: number; out: number }> = [];
		for (let round = 0; round < rounds; round++) {
			// Each round starts with a fresh limit window, as a scheduled drain would.
			await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 500));
			await client.yidun.configure({ pageSize: PAGE_SIZE });
			const before = await client.yidun.stats();
			await client.yidun.enqueue(queued);
			const execution = await bench.run(flow, {});
			const after = await client.yidun.stats();
			runs.push({
				ms: execution.nodeMs('Measured'),
				calls: after.drainCalls - before.drainCalls,
				limited: after.rateLimited - before.rateLimited,
				out: execution.itemCount('Measured'),
			});
			if (after.queued !== 0) throw new Error(`${after.queued} results left in the queue`);
		}
		const ms = median(runs.map((run) => run.ms));
		console.log(
			`Yidun Drain Results, ${queued} queued, page ${PAGE_SIZE}, median of ${rounds} rounds: ${(ms / 1000).toFixed(1)} s against a floor of ${(floorMs / 1000).toFixed(0)} s (${(ms / floorMs).toFixed(3)}x)`,
		);
		for (const run of runs)
			console.log(
				`  round: ${(run.ms / 1000).toFixed(1)} s, ${run.out} items out, ${run.calls} calls (minimum ${minimumCalls}), ${run.limited} rate-limit answers`,
			);
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
