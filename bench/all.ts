/**
 * `npm run bench`: every scenario of bench/RESULTS.md, each in its own fresh n8n (so that one
 * scenario's executions and leftovers never weigh on the next one's figures), one after the
 * other, except the waiting scenario: it spends its minutes idle, waiting for tasks that finish
 * after 10, 60 and 300 s, so it runs beside the others from the start.
 * Prints each scenario's output and the total time. BENCH_ONLY=per-item,latency runs a subset.
 * To fit 15 minutes on 2 cores, 10,000 items run one round (the smaller sizes have warmed n8n
 * up) and Tencent API 3.0, paced at 20 creates a second on both sides, 100 items.
 */
import { execSync, spawn } from 'child_process';
import { join } from 'path';

import { machine } from './n8n/harness';

/** Each scenario's script and the settings of the full run. */
const SCENARIOS: Array<{ name: string; script: string; env: Record<string, string> }> = [
	{ name: 'waiting', script: 'waiting.bench.ts', env: {} },
	{
		name: 'per-item',
		script: 'perItem.bench.ts',
		env: { BENCH_SIZES: '10,100,1000,10000', BENCH_ROUNDS: '3', BENCH_TENCENT3_ITEMS: '100' },
	},
	{ name: 'latency', script: 'latency.bench.ts', env: { BENCH_ROUNDS: '3' } },
	{ name: 'drain', script: 'drain.bench.ts', env: { BENCH_ROUNDS: '1' } },
	{ name: 'callbacks', script: 'callbacks.bench.ts', env: { BENCH_ROUNDS: '2' } },
	{ name: 'upload', script: 'niceUpload.bench.ts', env: { BENCH_ROUNDS: '2' } },
	{ name: 'format', script: 'format.bench.ts', env: { BENCH_ROUNDS: '3' } },
];
const BACKGROUND = 'waiting';

/** Runs one scenario's script; resolves with its output once it exits (rejects on failure). */
function runScenario(scenario: (typeof SCENARIOS)[number]): Promise<string> {
	const started = Date.now();
	const child = spawn(
		process.execPath,
		['--expose-gc', '-r', 'ts-node/register/transpile-only', join(__dirname, scenario.script)],
		{ env: { ...process.env, ...scenario.env }, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return new Promise((resolve, reject) =>
		child.on('exit', (code) => {
			const seconds = ((Date.now() - started) / 1000).toFixed(0);
			const report = `\n=== ${scenario.name} (${seconds} s) ===\n${output.trim()}\n`;
			if (code === 0) resolve(report);
			else reject(new Error(`${report}\n${scenario.name} exited with ${code}`));
		}),
	);
}

async function main() {
	const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
	const chosen = SCENARIOS.filter((scenario) => !only || only.includes(scenario.name));
	const started = Date.now();
	const commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
	console.log(`Benchmarks, ${new Date().toISOString()}, commit ${commit}, ${machine()}`);

	const background = chosen.find((scenario) => scenario.name === BACKGROUND);
	const waiting = background ? runScenario(background) : undefined;
	// Its output is printed at the end; a failure is reported there too.
	waiting?.catch(() => undefined);
	let failed = false;
	for (const scenario of chosen.filter((candidate) => candidate !== background)) {
		try {
			console.log(await runScenario(scenario));
		} catch (error) {
			failed = true;
			console.log((error as Error).message);
		}
	}
	if (waiting) {
		try {
			console.log(await waiting);
		} catch (error) {
			failed = true;
			console.log((error as Error).message);
		}
	}
	console.log(`All scenarios: ${((Date.now() - started) / 60_000).toFixed(1)} min`);
	if (failed) process.exit(1);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
