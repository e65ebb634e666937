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
import { readFileSync } from 'fs';

interface CallFrame {
	functionName: string;
	url: string;
}
interface Profile {
	nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
	samples: number[];
	timeDeltas: number[];
}

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
	const file = process.argv[2];
	if (!file) throw new Error('usage: isolateSites <file.cpuprofile>');
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);

	const totals = new Map<string, number>();
	profile.samples.forEach((sample, index) => {
		const frames: CallFrame[] = [];
		for (let id: number | undefined = sample; id !== undefined; id = parent.get(id))
			frames.push(byId.get(id)!.callFrame);
		if (!frames.some((frame) => /isolated-vm-bridge/.test(frame.url))) return;
		// Work after an await has lost its caller's frames: the isolate's async initialisation.
		const site =
			SITES.find(([, test]) => frames.some(test))?.[0] ??
			'continuations (async initialise, dispose)';
		totals.set(site, (totals.get(site) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
	});
	for (const [site, ms] of [...totals].sort(([, a], [, b]) => b - a))
		console.log(`${ms.toFixed(0).padStart(8)} ms  ${site}`);
}

main();
