/**
 * Scenario 2 of bench/RESULTS.md, in the real n8n: the same reads as scenario 1 with the sandbox
 * holding every reply 100 ms, as a distant vendor would. n8n's HTTP Request node sends all items
 * at once; ours keeps Concurrent Items in flight, so N reads cannot take less than
 * latency x N / concurrency (the floor). Printed: each side's time, ours against the HTTP
 * Request node and against the floor; never asserted.
 *
 *   npm run bench:latency
 *   BENCH_ITEMS=1000 BENCH_LATENCY_MS=100 BENCH_ROUNDS=3 npm run bench:latency
 */
import { SandboxClient } from '../test/sandbox/client';
import { READ_CONCURRENCY } from '../nodes/common/concurrency';
import { alternate, machine, startBenchN8n } from './n8n/harness';
import { deployNeunitReads } from './n8n/neunitReads';

const items = Number(process.env.BENCH_ITEMS ?? 1000);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 100);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function main() {
	const bench = await startBenchN8n();
	try {
		const client = new SandboxClient(bench.sandbox.url);
		const flows = await deployNeunitReads(bench);
		// The delay applies to the next `times` requests: set it again before each run.
		const slow = (run: () => Promise<number>) => async () => {
			await client.injectFault({
				vendor: 'neunit',
				kind: 'slow',
				delayMs: latencyMs,
				times: items,
			});
			return await run();
		};

		console.log(`Latency: ${items} Neunit reads, every reply held ${latencyMs} ms (${machine()})`);
		console.log(
			`Node time as n8n records it, median of ${rounds} alternating rounds after a warm-up.`,
		);
		console.log(
			'  Concurrent Items | ours ms | HTTP Request ms | ours/HTTP Request | floor ms | ours/floor',
		);
		for (const concurrency of [READ_CONCURRENCY.default, READ_CONCURRENCY.max]) {
			const ours = await flows.ours(concurrency);
			const figure = await alternate(
				rounds,
				slow(flows.timed(ours, items)),
				slow(flows.timed(flows.baseline, items)),
			);
			const floorMs = (latencyMs * items) / concurrency;
			const label = `${concurrency}${concurrency === READ_CONCURRENCY.default ? ' (default)' : ' (max)'}`;
			console.log(
				`  ${label.padEnd(16)} | ${figure.oursMs.toFixed(0).padStart(7)} | ${figure.baselineMs.toFixed(0).padStart(15)} | ${figure.ratio.toFixed(2).padStart(16)}x | ${floorMs.toFixed(0).padStart(8)} | ${(figure.oursMs / floorMs).toFixed(2).padStart(9)}x`,
			);
		}
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
