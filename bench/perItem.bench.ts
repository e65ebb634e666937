/**
 * Scenarios 1 (per-item cost) and 7 (scale of input) of bench/RESULTS.md, in the real n8n:
 * - reads: N items through Neunit Get Task Status against an HTTP Request node making the same
 *   POST with a Header Auth credential, at each size of BENCH_SIZES;
 * - signed calls: our node against what users build today, a Code node signing each item (n8n
 *   must allow the crypto module to it) and an HTTP Request node, for Yidun Submit Audio (MD5),
 *   Tencent ASR legacy create (HMAC-SHA1), Tencent ASR API 3.0 CreateRecTask (TC3-HMAC-SHA256)
 *   and Huawei create audio job (SDK-HMAC-SHA256); workflows in n8n/signedBaselines.ts.
 *   BENCH_SIGNED_ITEMS items each (1,000), except Tencent API 3.0: Tencent allows 20
 *   CreateRecTask/s per account and the sandbox refuses the 21st, so both sides are paced
 *   (ours by its shared limiter, the baseline by the HTTP Request node's Batching option, 20
 *   items per batch, 1,100 ms apart). 1,000 items would take about 50 s a run on each side,
 *   over 10 minutes for the row's 6 runs a side, out of a 15-minute budget for the whole bench;
 *   BENCH_TENCENT3_ITEMS (200) keeps it near 2.5 minutes. That row measures pacing more than
 *   signing; the other three show the signing cost.
 * BENCH_SIGNED picks signed rows (yidun,tencent,tencent3,huawei; all by default, none when
 * empty); an empty BENCH_SIZES skips the reads. A row whose calls are refused prints FAILED
 * and the others still run. Alternating rounds after a warm-up; medians of the nodes' own
 * execution times as n8n records them (the baseline's is Code + HTTP Request); every reply
 * checked; ratios printed, never asserted.
 *
 *   npm run bench:per-item
 *   BENCH_ROUNDS=5 BENCH_SIZES=10,100,1000,10000 npm run bench:per-item
 *   BENCH_SIZES= BENCH_SIGNED=tencent,huawei BENCH_SIGNED_ITEMS=100 npm run bench:per-item
 */
import { setTimeout as sleep } from 'timers/promises';

import { SandboxClient } from '../test/sandbox/client';
import {
	alternate,
	machine,
	startBenchN8n,
	type BenchN8n,
	type DeployedWorkflow,
} from './n8n/harness';
import { deployNeunitReads } from './n8n/neunitReads';
import { SIGNED_OPERATIONS, signedRow, type SignedOperation } from './n8n/signedBaselines';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const sizes = (process.env.BENCH_SIZES ?? '10,100,1000,10000')
	.split(',')
	.filter(Boolean)
	.map(Number);
/** Which signed-call rows to run, e.g. BENCH_SIGNED=yidun,huawei; empty for none. */
const signedOperations = (process.env.BENCH_SIGNED ?? SIGNED_OPERATIONS.join(','))
	.split(',')
	.map((name) => name.trim())
	.filter(Boolean) as SignedOperation[];
const signedItems = Number(process.env.BENCH_SIGNED_ITEMS ?? 1000);
const tencent3Items = Number(process.env.BENCH_TENCENT3_ITEMS ?? 200);

// The baseline's Code node signs with Node's crypto module, which n8n allows only when told to.
process.env.NODE_FUNCTION_ALLOW_BUILTIN = 'crypto';

async function main() {
	const unknown = signedOperations.filter((name) => !SIGNED_OPERATIONS.includes(name));
	if (unknown.length)
		throw new Error(`BENCH_SIGNED: unknown ${unknown.join(', ')}; use ${SIGNED_OPERATIONS}`);
	const bench = await startBenchN8n();
	try {
		console.log(`Per-item cost in a real n8n 2.41.1 (${machine()})`);
		if (sizes.length) await reads(bench);
		if (signedOperations.length) await signedCalls(bench);
	} finally {
		await bench.close();
	}
}

async function reads(bench: BenchN8n) {
	const flows = await deployNeunitReads(bench);
	const oursFlow = await flows.ours();

	console.log(
		`Neunit Get Task Status vs HTTP Request (POST, Header Auth), node time as n8n records it, median of ${rounds} alternating rounds after a warm-up`,
	);
	console.log('  items | ours ms | baseline ms | ours/baseline | ours ms/item | baseline ms/item');
	for (const items of sizes) {
		const figure = await alternate(
			items >= 10_000 ? 1 : rounds,
			flows.timed(oursFlow, items),
			flows.timed(flows.baseline, items),
		);
		console.log(`  ${String(items).padStart(5)} | ${figures(items, figure)}`);
	}
}

/** Ours signs inside the credential; the baseline signs in a Code node. One row per operation. */
async function signedCalls(bench: BenchN8n) {
	const client = new SandboxClient(bench.sandbox.url);
	// The legacy API calls every task back; held past the bench, so no callback traffic shares
	// the CPU with n8n while creates are timed (callbacks are scenario 3, not this one).
	await client.tencent.configure({ callbackDelayMs: 3_600_000 });

	console.log(
		`Signed calls: ours vs Code node signing + HTTP Request (v4.2), node time as n8n records it (baseline: Code + HTTP Request), median of ${rounds} alternating rounds after a warm-up; every reply checked`,
	);
	console.log(
		`  ${'operation'.padEnd(38)} | items | ours ms | baseline ms | ours/baseline | ours ms/item | baseline ms/item`,
	);
	const notes: string[] = [];
	for (const operation of signedOperations) {
		const row = await signedRow(
			bench,
			operation,
			operation === 'tencent3' ? tencent3Items : signedItems,
		);
		const oursFlow = await bench.deploy(`bench: ${row.label}, ours`, row.ours);
		const baselineFlow = await bench.deploy(`bench: ${row.label}, baseline`, row.baseline);
		const timed = (flow: DeployedWorkflow, side: string, timedNodes: string[]) => async () => {
			if (row.pauseMs) await sleep(row.pauseMs);
			const execution = await bench.run(flow, { items: row.items });
			const count = execution.itemCount('Measured');
			if (count !== row.items)
				throw new Error(`${row.label}, ${side}: expected ${row.items} items out, got ${count}`);
			const check = execution.firstJson('Check');
			if (check.replies !== row.items || check.refused !== 0)
				throw new Error(
					`${row.label}, ${side}: ${check.refused} of ${check.replies} replies refused, e.g. ${JSON.stringify(check.firstRefusal)}`,
				);
			return timedNodes.reduce((sum, node) => sum + execution.nodeMs(node), 0);
		};
		if (row.note) notes.push(row.note);
		let figure;
		try {
			figure = await alternate(
				rounds,
				timed(oursFlow, 'ours', ['Measured']),
				timed(baselineFlow, 'baseline', ['Sign', 'Measured']),
			);
		} catch (error) {
			// A refused call leaves no figure for this row, but the other rows still have theirs.
			console.log(`  ${row.label.padEnd(38)} | ${String(row.items).padStart(5)} | FAILED (below)`);
			notes.push(`${row.label} FAILED: ${(error as Error).message}`);
			process.exitCode = 1;
			continue;
		}
		console.log(
			`  ${row.label.padEnd(38)} | ${String(row.items).padStart(5)} | ${figures(row.items, figure)}`,
		);
	}
	if (signedOperations.includes('tencent3')) {
		const { limitRefusals } = await client.tencent3.stats();
		notes.push(`Tencent ASR 3.0: calls the sandbox refused for the rate limit: ${limitRefusals}`);
	}
	for (const note of notes) console.log(`  ${note}`);
}

/** The figures of a table row: each side's median, their ratio, and each side's ms per item. */
function figures(items: number, figure: { oursMs: number; baselineMs: number; ratio: number }) {
	return `${figure.oursMs.toFixed(0).padStart(7)} | ${figure.baselineMs.toFixed(0).padStart(11)} | ${figure.ratio.toFixed(2).padStart(12)}x | ${(figure.oursMs / items).toFixed(3).padStart(12)} | ${(figure.baselineMs / items).toFixed(3).padStart(16)}`;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
