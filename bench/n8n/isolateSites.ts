/**
 * Where n8n's expression isolates come from, from a V8 CPU profile of the n8n process
 * (BENCH_CPU_PROFILE=<folder> on a bench run). n8n 2.41 builds a fresh isolated-vm isolate
 * for every acquisition (a released one is disposed, the pool holds one), so the time spent
 * building and disposing them, split by the n8n function that asked for one, says which
 * acquisition a request pays for. The main thread only: isolated-vm runs part of the work on
 * threads of its own, which the profile does not see (CPU ms/cb of callbacks.bench.ts does).
 *
 *   node -r ts-node/register/transpile-only bench/n8n/isolateSites.ts <file.cpuprofile>
 */
import { printTotals, readSamples, type CallFrame } from './cpuProfile';

const SITES: Array<[string, (frame: CallFrame) => boolean]> = [
	[
		'webhook phase (live-webhooks executeWebhook: any start node but n8n Webhook v2)',
		(frame) => /live-webhooks/.test(frame.url) && frame.functionName === 'executeWebhook',
	],
	[
		'credential read in a webhook (credentials-helper applyDefaultsAndOverwrites)',
		(frame) => frame.functionName === 'applyDefaultsAndOverwrites',
	],
	[
		'execution (workflow-execute initializeExecution)',
		(frame) => frame.functionName === 'initializeExecution',
	],
	['pool replenishment', (frame) => frame.functionName === 'replenish'],
];

function main() {
	const totals = new Map<string, number>();
	for (const { frames, ms } of readSamples()) {
		if (!frames.some((frame) => /isolated-vm-bridge/.test(frame.url))) continue;
		// Work after an await has lost its caller's frames: the isolate's async initialisation.
		const site =
			SITES.find(([, test]) => frames.some(test))?.[0] ??
			'continuations (async initialise, dispose)';
		totals.set(site, (totals.get(site) ?? 0) + ms);
	}
	printTotals([...totals].sort(([, a], [, b]) => b - a));
}

main();
