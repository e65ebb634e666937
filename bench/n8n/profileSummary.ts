/**
 * Where the n8n process spent its time, from a V8 CPU profile (BENCH_CPU_PROFILE=<folder> on a
 * bench run): each sample is given to the node whose code is on its stack (ours, the HTTP
 * Request node, the Code node), then split by the n8n functions found above it.
 *
 *   node -r ts-node/register/transpile-only bench/n8n/profileSummary.ts <file.cpuprofile>
 */
import { readFileSync } from 'fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const OWNERS: Array<[string, RegExp]> = [
	['ours (n8n-nodes-audio-tasks)', /n8n-nodes-audio-tasks\/dist/],
	['HTTP Request node', /HttpRequest\/V3/],
	['Code node', /nodes\/Code\//],
];
const PARTS: Array<[string, (frame: ProfileNode['callFrame']) => boolean]> = [
	['getCredentials', (frame) => frame.functionName === 'getCredentials'],
	['credential decrypt', (frame) => /decrypt/i.test(frame.functionName)],
	['credential authenticate', (frame) => frame.functionName === 'authenticate'],
	['getNodeParameter', (frame) => frame.functionName === 'getNodeParameter'],
	[
		'expression evaluation',
		(frame) => /resolveSimpleParameterValue|evaluateExpression/.test(frame.functionName),
	],
	[
		'http request (n8n helper)',
		(frame) => /^httpRequest$|^proxyRequestToAxios$/.test(frame.functionName),
	],
];

function main() {
	const file = process.argv[2];
	if (!file) throw new Error('usage: profileSummary <file.cpuprofile>');
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);

	const totals = new Map<string, number>();
	const add = (key: string, ms: number) => totals.set(key, (totals.get(key) ?? 0) + ms);
	profile.samples.forEach((sample, index) => {
		const ms = (profile.timeDeltas[index] ?? 0) / 1000;
		const frames: ProfileNode['callFrame'][] = [];
		for (let id: number | undefined = sample; id !== undefined; id = parent.get(id))
			frames.push(byId.get(id)!.callFrame);
		const owner = OWNERS.find(([, pattern]) => frames.some((frame) => pattern.test(frame.url)));
		if (!owner) return;
		add(owner[0], ms);
		for (const [part, test] of PARTS) if (frames.some(test)) add(`${owner[0]} > ${part}`, ms);
	});
	for (const [key, ms] of [...totals].sort(([a], [b]) => a.localeCompare(b)))
		console.log(`${ms.toFixed(0).padStart(8)} ms  ${key}`);
}

main();
