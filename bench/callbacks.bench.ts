/**
 * Scenario 3 of issue 12, callback ingestion, in the real n8n (bench/n8n/harness.ts): for each
 * of our four push triggers (Tencent, Yidun, Huawei, NICE), a burst of valid callbacks sent
 * all at once (the vendor's own bodies, signed where the vendor signs), against the same
 * bodies posted to n8n's Webhook node with Header Auth (what users build today), plus one
 * burst at a reference Webhook node without authentication (n8n's floor). Every workflow is
 * receiver -> No Operation, so each callback starts a real execution.
 *
 * Figures per receiver, medians over the rounds: p50 and p95 answer latency, accepted/s (2xx
 * answers over the burst's wall time), answers within 2 s (Yidun's push timeout), the n8n
 * process's CPU time per callback (all threads, until the burst's executions ended: other
 * processes on the machine disturb it far less than wall time), callbacks lost (non-2xx or
 * errors), executions started (counted through the public API once all have finished; must
 * equal callbacks sent). A warm-up burst of each, then rounds alternating ours and the
 * baseline. n8n's environment passes through, so its settings can be compared, e.g.
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true.
 *
 *   npm run build && npm run bench:callbacks
 *   BENCH_CALLBACKS=50 BENCH_ROUNDS=1 npm run bench:callbacks
 *   BENCH_VENDORS=yidun,tencent BENCH_CPU_PROFILE=/tmp/prof npm run bench:callbacks
 */
import { randomUUID } from 'crypto';

import { demoNiceCredential } from '../test/sandbox/vendors/nice';
import { DEMO_ACCOUNT } from '../test/sandbox/vendors/tencent';
import { demoYidunCredential } from '../test/sandbox/vendors/yidun';
import {
	type Burst,
	CALLBACKS,
	countExecutions,
	cpuMs,
	deployFlow,
	fire,
	type Flow,
	n8nProcessId,
	NO_OP,
	PACKAGE,
	quantile,
	SECRETS,
	webhookNode,
} from './n8n/callbacks';
import { machine, median, startBenchN8n } from './n8n/harness';

const size = Number(process.env.BENCH_CALLBACKS ?? 200);
const warmup = Number(process.env.BENCH_WARMUP ?? Math.min(size, 20));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const vendors = (process.env.BENCH_VENDORS ?? 'tencent,yidun,huawei,nice')
	.split(',')
	.filter(Boolean);

interface Receiver {
	label: string;
	flow: Flow;
	vendor: string;
	extraHeaders?: Record<string, string>;
	bursts: Burst[];
}

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}` : '-');

async function main() {
	const bench = await startBenchN8n();
	try {
		const { n8n, sandbox } = bench;
		const pid = n8nProcessId(n8n.options.port);
		const credential = async (name: string, type: string, data: Record<string, unknown>) => ({
			id: await n8n.createCredential(name, type, data),
			name,
		});
		const tencent = await credential('Tencent (bench)', 'tencentCloudAsrApi', {
			...DEMO_ACCOUNT,
			baseUrl: sandbox.vendorUrl('tencent'),
		});
		const yidun = await credential(
			'Yidun (bench)',
			'yidunApi',
			demoYidunCredential(sandbox.vendorUrl('yidun')),
		);
		const nice = await credential(
			'NICE (bench)',
			'niceApi',
			demoNiceCredential(sandbox.vendorUrl('nice')),
		);
		const headerAuth = await credential('Header Auth (bench)', 'httpHeaderAuth', {
			name: SECRETS.headerName,
			value: SECRETS.headerValue,
		});

		// Our triggers as their examples set them up (typeVersion 2, the default).
		const triggers: Record<
			string,
			{ node: string; path: string; parameters: object; credentials?: object }
		> = {
			tencent: {
				node: 'tencentCloudAsrTrigger',
				path: 'callback',
				parameters: { callbackToken: SECRETS.tencentToken, acknowledge: 'immediately' },
				credentials: { tencentCloudAsrApi: tencent },
			},
			yidun: {
				node: 'yidunTrigger',
				path: 'push',
				parameters: { dedupeMinutes: 10 },
				credentials: { yidunApi: yidun },
			},
			huawei: {
				node: 'huaweiCloudModerationTrigger',
				path: 'callback',
				parameters: { verification: 'seed', callbackSeed: SECRETS.huaweiSeed },
			},
			nice: {
				node: 'niceSpeechAnalyticsTrigger',
				path: 'push',
				parameters: { pushToken: SECRETS.niceToken, resultOutput: 'push' },
				credentials: { niceApi: nice },
			},
		};

		const ours: Receiver[] = [];
		const baselines: Receiver[] = [];
		for (const vendor of vendors) {
			const trigger = triggers[vendor];
			if (!trigger) throw new Error(`unknown vendor ${vendor}`);
			const webhookId = randomUUID();
			ours.push({
				label: vendor,
				vendor,
				bursts: [],
				flow: await deployFlow(
					n8n,
					`bench: ${vendor} trigger`,
					[
						{
							name: 'Trigger',
							type: `${PACKAGE}.${trigger.node}`,
							typeVersion: 2,
							webhookId,
							parameters: trigger.parameters as Record<string, unknown>,
							credentials: trigger.credentials as never,
						},
						NO_OP,
					],
					`${webhookId}/${trigger.path}`,
				),
			});
			const path = `bench-header-auth-${vendor}`;
			baselines.push({
				label: `${vendor} bodies`,
				vendor,
				bursts: [],
				extraHeaders: { [SECRETS.headerName]: SECRETS.headerValue },
				flow: await deployFlow(
					n8n,
					`bench: Webhook + Header Auth (${vendor})`,
					[webhookNode(path, headerAuth), NO_OP],
					path,
				),
			});
		}
		// n8n's floor: the Webhook node without authentication, with the first vendor's bodies.
		const referencePath = 'bench-reference';
		const reference: Receiver = {
			label: `${vendors[0]} bodies`,
			vendor: vendors[0],
			bursts: [],
			flow: await deployFlow(
				n8n,
				'bench: Webhook, no auth',
				[webhookNode(referencePath), NO_OP],
				referencePath,
			),
		};

		let runCounter = 0;
		const burst = async (receiver: Receiver, count: number): Promise<Burst> => {
			const run = `${Date.now().toString(36)}${runCounter++}`;
			const callbacks = Array.from({ length: count }, (_, index) =>
				CALLBACKS[receiver.vendor](index, run),
			);
			// The API filters on n8n's startedAt; a margin for clock rounding, never reaching the
			// previous burst of the same workflow (finished seconds ago).
			const since = new Date(Date.now() - 200);
			const cpuBefore = cpuMs(pid);
			const fired = await fire(receiver.flow.url, callbacks, {
				extraHeaders: receiver.extraHeaders,
			});
			const counted = await countExecutions(n8n, receiver.flow.id, since, count);
			return { ...fired, ...counted, cpuMs: cpuMs(pid) - cpuBefore };
		};

		console.log(
			`Callback ingestion in a real n8n 2.41.1 (${machine()}): bursts of ${size} callbacks at once, warm-up ${warmup}, ${rounds} rounds`,
		);
		const started = Date.now();
		for (const receiver of [...ours, ...baselines, reference]) await burst(receiver, warmup);
		for (let round = 0; round < rounds; round++) {
			for (let index = 0; index < ours.length; index++) {
				ours[index].bursts.push(await burst(ours[index], size));
				baselines[index].bursts.push(await burst(baselines[index], size));
			}
			// One burst of the reference shows n8n's floor; every burst costs n8n seconds of CPU.
			if (round === 0) reference.bursts.push(await burst(reference, size));
			console.log(
				`round ${round + 1}/${rounds} done (${((Date.now() - started) / 1000).toFixed(0)} s)`,
			);
		}

		const summary = (receiver: Receiver) => {
			const { bursts } = receiver;
			const lost: Record<string, number> = {};
			for (const one of bursts)
				for (const [why, n] of Object.entries(one.lost)) lost[why] = (lost[why] ?? 0) + n;
			return {
				p50: median(bursts.map((one) => quantile(one.latenciesMs, 0.5))),
				p95: median(bursts.map((one) => quantile(one.latenciesMs, 0.95))),
				perSecond: median(bursts.map((one) => (one.accepted / one.wallMs) * 1000)),
				within2s: median(bursts.map((one) => one.within2s)),
				cpuPerCallback: median(bursts.map((one) => one.cpuMs / one.sent)),
				sent: bursts.reduce((sum, one) => sum + one.sent, 0),
				lost,
				lostCount: Object.values(lost).reduce((sum, n) => sum + n, 0),
				executions: bursts.reduce((sum, one) => sum + one.executions, 0),
				succeeded: bursts.reduce((sum, one) => sum + one.succeeded, 0),
			};
		};
		const COLUMNS: Array<[string, number]> = [
			['receiver', 40],
			['p50 ms', 7],
			['p95 ms', 7],
			['accept/s', 8],
			['<=2 s', 9],
			['CPU ms/cb', 9],
			['lost', 5],
			['exec/sent', 10],
		];
		const line = (cells: string[]) =>
			cells
				.map((cell, index) =>
					index === 0 ? cell.padEnd(COLUMNS[0][1]) : cell.padStart(COLUMNS[index][1]),
				)
				.join('  ');
		const row = (name: string, s: ReturnType<typeof summary>) =>
			line([
				name,
				ms(s.p50),
				ms(s.p95),
				s.perSecond.toFixed(1),
				`${s.within2s}/${size}`,
				s.cpuPerCallback.toFixed(1),
				`${s.lostCount}${s.lostCount ? ` ${JSON.stringify(s.lost)}` : ''}`,
				`${s.executions}/${s.sent}${s.succeeded !== s.executions ? ` (${s.succeeded} ok)` : ''}`,
			]);
		console.log(`\n${line(COLUMNS.map(([title]) => title))}`);
		const verdicts: string[] = [];
		for (let index = 0; index < ours.length; index++) {
			const mine = summary(ours[index]);
			const base = summary(baselines[index]);
			console.log(row(`${ours[index].label} trigger`, mine));
			console.log(row(`Webhook + Header Auth (${baselines[index].label})`, base));
			const p50Ratio = mine.p50 / base.p50;
			const rateRatio = mine.perSecond / base.perSecond;
			const cpuRatio = mine.cpuPerCallback / base.cpuPerCallback;
			const allStarted = mine.executions === mine.sent && mine.lostCount === 0;
			const meets = p50Ratio <= 1 && rateRatio >= 1 && allStarted;
			verdicts.push(
				`${ours[index].label.padEnd(8)} p50 ${p50Ratio.toFixed(2)}x (target <= 1.0), accepted/s ${rateRatio.toFixed(2)}x (target >= 1.0), CPU/callback ${cpuRatio.toFixed(2)}x, executions = callbacks sent: ${allStarted ? 'yes' : 'NO'}${meets ? '' : '  <- misses'}`,
			);
		}
		console.log(row(`Webhook, no auth (${reference.label})`, summary(reference)));
		console.log(`\nours / Webhook + Header Auth (medians over ${rounds} rounds):`);
		for (const verdict of verdicts) console.log(`  ${verdict}`);
		console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s after n8n was up`);
	} finally {
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
