/**
 * Scenarios 1 (per-item cost) and 7 (scale of input) of bench/RESULTS.md, in the real n8n:
 * - reads: N items through Neunit Get Task Status against an HTTP Request node making the same
 *   POST with a Header Auth credential, at each size of BENCH_SIZES;
 * - signed calls: 1,000 Yidun Submit Audio calls against what users build today, a Code node
 *   signing each item (n8n must allow the crypto module to it) and an HTTP Request node.
 * Alternating rounds after a warm-up; medians of the nodes' own execution times as n8n records
 * them; ratios printed, never asserted.
 *
 *   npm run bench:per-item
 *   BENCH_ROUNDS=5 BENCH_SIZES=10,100,1000,10000 npm run bench:per-item
 */
import { SandboxClient } from '../test/sandbox/client';
import { DEMO_YIDUN_ACCOUNT, demoYidunCredential } from '../test/sandbox/vendors/yidun';
import { alternate, itemGenerator, machine, startBenchN8n, type WorkflowNode } from './n8n/harness';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const sizes = (process.env.BENCH_SIZES ?? '10,100,1000,10000')
	.split(',')
	.filter(Boolean)
	.map(Number);
const HEADER = { name: 'x-bench-key', value: 'bench-secret-key' };

// The baseline's Code node signs with Node's crypto module, which n8n allows only when told to.
process.env.NODE_FUNCTION_ALLOW_BUILTIN = 'crypto';

async function main() {
	const bench = await startBenchN8n();
	try {
		const { n8n, sandbox } = bench;
		const client = new SandboxClient(sandbox.url);
		await client.neunit.requireHeaders({ [HEADER.name]: HEADER.value });
		const taskId = await client.neunit.createTask({ status: 2, percent: 100, result: 'done' });
		const neunit = await n8n.createCredential('Neunit (bench)', 'neunitAsrApi', {
			baseUrl: sandbox.vendorUrl('neunit'),
			keyHeaderName: HEADER.name,
			apiKey: HEADER.value,
		});
		const headerAuth = await n8n.createCredential('Header Auth (bench)', 'httpHeaderAuth', HEADER);

		const ours: WorkflowNode = {
			name: 'Measured',
			type: 'n8n-nodes-audio-tasks.neunitAsr',
			typeVersion: 1,
			parameters: { operation: 'getTaskStatus', taskId: '={{ $json.taskId }}' },
			credentials: { neunitAsrApi: { id: neunit, name: 'Neunit (bench)' } },
		};
		const baseline: WorkflowNode = {
			name: 'Measured',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${sandbox.vendorUrl('neunit')}/cloud/asr/v1/get_task_status`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				bodyParameters: { parameters: [{ name: 'task_id', value: '={{ $json.taskId }}' }] },
				options: {},
			},
			credentials: { httpHeaderAuth: { id: headerAuth, name: 'Header Auth (bench)' } },
		};
		const generator = itemGenerator({ taskId });
		const oursFlow = await bench.deploy('bench: Neunit Get Task Status', [generator, ours]);
		const baselineFlow = await bench.deploy('bench: HTTP Request + Header Auth', [
			generator,
			baseline,
		]);
		const timed = (flow: typeof oursFlow, items: number) => async () => {
			const execution = await bench.run(flow, { items });
			const count = execution.itemCount('Measured');
			if (count !== items) throw new Error(`expected ${items} items out, got ${count}`);
			const first = execution.firstJson('Measured');
			if (first.status !== 'succeeded' && first.code !== 0)
				throw new Error(`the read failed: ${JSON.stringify(first)}`);
			return execution.nodeMs('Measured');
		};

		console.log(`Per-item cost in a real n8n 2.41.1 (${machine()})`);
		console.log(
			`Neunit Get Task Status vs HTTP Request (POST, Header Auth), node time as n8n records it, median of ${rounds} alternating rounds after a warm-up`,
		);
		console.log(
			'  items | ours ms | baseline ms | ours/baseline | ours ms/item | baseline ms/item',
		);
		for (const items of sizes) {
			const figure = await alternate(
				items >= 10_000 ? Math.min(rounds, 3) : rounds,
				timed(oursFlow, items),
				timed(baselineFlow, items),
			);
			console.log(
				`  ${String(items).padStart(5)} | ${figure.oursMs.toFixed(0).padStart(7)} | ${figure.baselineMs.toFixed(0).padStart(11)} | ${figure.ratio.toFixed(2).padStart(12)}x | ${(figure.oursMs / items).toFixed(3).padStart(12)} | ${(figure.baselineMs / items).toFixed(3).padStart(16)}`,
			);
		}

		// Signed calls: ours signs inside the credential; the baseline signs in a Code node.
		const yidun = await n8n.createCredential(
			'Yidun (bench)',
			'yidunApi',
			demoYidunCredential(sandbox.vendorUrl('yidun')),
		);
		const yidunOurs = await bench.deploy('bench: Yidun Submit Audio', [
			itemGenerator({ url: 'https://example.com/a.mp3' }),
			{
				name: 'Measured',
				type: 'n8n-nodes-audio-tasks.yidunAudioModeration',
				typeVersion: 1,
				parameters: { operation: 'submitAudio', url: '={{ $json.url }}' },
				credentials: { yidunApi: { id: yidun, name: 'Yidun (bench)' } },
			},
		]);
		const yidunBaseline = await bench.deploy('bench: Code signs + HTTP Request', [
			itemGenerator({ url: 'https://example.com/a.mp3' }),
			{
				name: 'Sign',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: { jsCode: yidunSigningCode() },
			},
			{
				name: 'Measured',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'POST',
					url: `${sandbox.vendorUrl('yidun')}/v4/audio/submit`,
					sendBody: true,
					contentType: 'form-urlencoded',
					specifyBody: 'string',
					body: '={{ $json.form }}',
					options: {},
				},
			},
		]);
		const signedItems = Number(process.env.BENCH_SIGNED_ITEMS ?? 1000);
		const signed = await alternate(
			rounds,
			async () => {
				const execution = await bench.run(yidunOurs, { items: signedItems });
				if (execution.itemCount('Measured') !== signedItems) throw new Error('items lost');
				if (execution.firstJson('Measured').status !== 'queued') throw new Error('ours refused');
				return execution.nodeMs('Measured');
			},
			async () => {
				const execution = await bench.run(yidunBaseline, { items: signedItems });
				if (execution.itemCount('Measured') !== signedItems) throw new Error('items lost');
				const reply = execution.firstJson('Measured');
				if (reply.code !== 200) throw new Error(`baseline refused: ${JSON.stringify(reply)}`);
				return execution.nodeMs('Sign') + execution.nodeMs('Measured');
			},
		);
		console.log(
			`Yidun Submit Audio (v4, MD5 signature), ${signedItems} items: ours ${signed.oursMs.toFixed(0)} ms (${(signed.oursMs / signedItems).toFixed(3)} ms/item) vs Code node signing + HTTP Request ${signed.baselineMs.toFixed(0)} ms (${(signed.baselineMs / signedItems).toFixed(3)} ms/item): ${signed.ratio.toFixed(2)}x`,
		);
	} finally {
		await bench.close();
	}
}

/** What a user writes today: Yidun's MD5 signature over the sorted parameters, per item. */
function yidunSigningCode(): string {
	return `const crypto = require('crypto');
const secretKey = ${JSON.stringify(DEMO_YIDUN_ACCOUNT.secretKey)};
return $input.all().map((item) => {
  const params = {
    version: 'v4',
    url: item.json.url,
    secretId: ${JSON.stringify(DEMO_YIDUN_ACCOUNT.secretId)},
    businessId: ${JSON.stringify(DEMO_YIDUN_ACCOUNT.businessIds[0])},
    timestamp: String(Date.now()),
    nonce: crypto.randomUUID().replace(/-/g, ''),
    signatureMethod: 'MD5',
  };
  const text = Object.keys(params).sort().map((key) => key + params[key]).join('') + secretKey;
  params.signature = crypto.createHash('md5').update(text, 'utf8').digest('hex');
  // The Code node has no URLSearchParams: the form body is encoded by hand.
  const form = Object.keys(params).map((key) => encodeURIComponent(key) + '=' + encodeURIComponent(params[key])).join('&');
  return { json: { form } };
});`;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
