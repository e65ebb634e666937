/**
 * Where the n8n process spent its time, from a V8 CPU profile (BENCH_CPU_PROFILE=<folder> on a
 * bench run): each sample is given to the node whose code is on its stack (ours, the HTTP
 * Request node, the Code node), then split by the n8n functions found above it.
 *
 *   node -r ts-node/register/transpile-only bench/n8n/profileSummary.ts <file.cpuprofile>
 */
import { printTotals, readSamples, type CallFrame } from './cpuProfile';

const OWNERS: Array<[string, RegExp]> = [
	['ours (n8n-nodes-audio-tasks)', /n8n-nodes-audio-tasks\/dist/],
	['HTTP Request node', /HttpRequest\/V3/],
	['Code node', /nodes\/Code\//],
];
const PARTS: Array<[string, (frame: CallFrame) => boolean]> = [
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
	const totals = new Map<string, number>();
	const add = (key: string, ms: number) => totals.set(key, (totals.get(key) ?? 0) + ms);
	for (const { frames, ms } of readSamples()) {
		const owner = OWNERS.find(([, pattern]) => frames.some((frame) => pattern.test(frame.url)));
		if (!owner) continue;
		add(owner[0], ms);
		for (const [part, test] of PARTS) if (frames.some(test)) add(`${owner[0]} > ${part}`, ms);
	}
	printTotals([...totals].sort(([a], [b]) => a.localeCompare(b)));
}

main();
