/**
 * Scenario 8 of bench/RESULTS.md, in the real n8n: Audio Task Format's SRT of one task with N
 * segments (Chinese and English sentences of two speakers, some too long for one cue), against
 * what users write today, a Code node printing one cue per segment with its timestamps (no
 * line or duration limits, no CJK widths). Both read the same item, made by a Code node from
 * the webhook's `segments` count; the figure is the measured node's time as n8n records it.
 * Median of BENCH_ROUNDS alternating rounds after a warm-up; ratios printed, never asserted.
 *
 *   npm run bench:format
 *   BENCH_ROUNDS=5 BENCH_SEGMENTS=100,1000,10000 npm run bench:format
 */
import { alternate, machine, startBenchN8n, type WorkflowNode } from './n8n/harness';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const sizes = (process.env.BENCH_SEGMENTS ?? '100,1000,5000')
	.split(',')
	.filter(Boolean)
	.map(Number);

/** One task item with `body.segments` segments, alternating speakers, about 5 s each. */
const task: WorkflowNode = {
	name: 'Task',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: {
		jsCode: [
			'const n = $input.first().json.body.segments;',
			"const texts = ['您好，这里是星河物流客服中心，请问有什么可以帮您？', 'I visited your show flat last weekend and would like to know more about the two-bedroom units, please.', '查到了，您的包裹因为地址信息不完整被退回了仓库，需要您补充一下详细的门牌号，我们会在今天下午重新安排发货。', 'OK，没问题。顺便把Q3的sales report也带上吧。'];",
			'const segments = Array.from({ length: n }, (_, i) => ({ start: i * 5, end: i * 5 + 4.5, speaker: i % 2, text: texts[i % texts.length] }));',
			"return [{ json: { vendor: 'tencent', taskId: 'bench', status: 'succeeded', segments } }];",
		].join('\n'),
	},
};

const ours: WorkflowNode = {
	name: 'Measured',
	type: 'n8n-nodes-audio-tasks.audioTaskFormat',
	typeVersion: 1,
	parameters: { operation: 'createSubtitles', subtitleFormat: 'srt', output: 'field' },
};

const baseline: WorkflowNode = {
	name: 'Measured',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: {
		mode: 'runOnceForEachItem',
		jsCode: [
			"const pad = (v, d = 2) => String(v).padStart(d, '0');",
			'const stamp = (s) => { const ms = Math.round(s * 1000); return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`; };',
			"const subtitles = $json.segments.map((s, i) => `${i + 1}\\n${stamp(s.start)} --> ${stamp(s.end)}\\n${s.text}\\n`).join('\\n');",
			'return { json: { ...$json, subtitles } };',
		].join('\n'),
	},
};

async function main() {
	const bench = await startBenchN8n();
	try {
		console.log(
			`Audio Task Format SRT vs a Code node (one cue per segment), real n8n 2.41.1 (${machine()})`,
		);
		const oursFlow = await bench.deploy('bench: Audio Task Format SRT', [task, ours]);
		const baselineFlow = await bench.deploy('bench: Code node SRT', [task, baseline]);
		const timed = (flow: typeof oursFlow, segments: number) => async () => {
			const execution = await bench.run(flow, { segments });
			const subtitles = String(execution.firstJson('Measured').subtitles ?? '');
			if (!subtitles.startsWith('1\n00:00:00,000 --> '))
				throw new Error(`no SRT: ${subtitles.slice(0, 100)}`);
			return execution.nodeMs('Measured');
		};
		console.log(`median of ${rounds} alternating rounds after a warm-up`);
		console.log('  segments | ours ms | baseline ms | ours/baseline | ours ms/segment');
		for (const segments of sizes) {
			const figure = await alternate(
				rounds,
				timed(oursFlow, segments),
				timed(baselineFlow, segments),
			);
			console.log(
				`  ${String(segments).padStart(8)} | ${figure.oursMs.toFixed(0).padStart(7)} | ${figure.baselineMs.toFixed(0).padStart(11)} | ${figure.ratio.toFixed(2).padStart(13)} | ${(figure.oursMs / segments).toFixed(3)}`,
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
