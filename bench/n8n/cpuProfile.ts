/**
 * A V8 CPU profile of the n8n process (written with BENCH_CPU_PROFILE=<folder> on a bench run),
 * read as samples: each one's stack (innermost frame first) and the time it stands for.
 */
import { readFileSync } from 'fs';

export interface CallFrame {
	functionName: string;
	url: string;
}
interface Profile {
	nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
	samples: number[];
	timeDeltas: number[];
}

export interface Sample {
	frames: CallFrame[];
	ms: number;
}

/** The samples of the profile in `file` (the first argument of a script by default). */
export function readSamples(file = process.argv[2]): Sample[] {
	if (!file) throw new Error('usage: give the .cpuprofile file as the first argument');
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	return profile.samples.map((sample, index) => {
		const frames: CallFrame[] = [];
		for (let id: number | undefined = sample; id !== undefined; id = parent.get(id))
			frames.push(byId.get(id)!.callFrame);
		return { frames, ms: (profile.timeDeltas[index] ?? 0) / 1000 };
	});
}

/** Prints `totals` as "   123 ms  key" lines, in the given order. */
export function printTotals(totals: Array<[string, number]>): void {
	for (const [key, ms] of totals) console.log(`${ms.toFixed(0).padStart(8)} ms  ${key}`);
}
