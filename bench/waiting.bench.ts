/**
 * Scenario 5 of issue 12 (waiting), in the real n8n: tasks that end 10 s, 60 s and 300 s after
 * the first call about them (the first status call; for the callback, the create). For each, how many status calls each side made and how long after the task
 * ended the workflow noticed (the end of the node run that output the result, minus the
 * moment the sandbox marked the task done; for the callback, minus the moment the sandbox
 * sent the callback):
 * - ours: Neunit Get Task Status with Wait for Completion at its default timing;
 * - fixed interval: what users build today from n8n's own nodes, HTTP Request (the status
 *   call) -> IF (done?) -> Wait (the interval) -> back to the HTTP Request, polling at our
 *   default first interval;
 * - wait for the callback: Huawei Cloud Moderation create with "Wait for the Callback Here"
 *   (one call, the create; the execution is parked until Huawei's callback resumes it).
 * Every execution starts at once (one per duration and side), so the run lasts as long as its
 * slowest side on the longest task (ours: about 341 s for the 300-s task), not their sum.
 * A sampler records the states n8n reports meanwhile ("running": the wait is held in memory;
 * "waiting": parked in the database with a waitTill), and two probe workflows with a long
 * Wait node show how n8n resumes parked executions. Timings are printed, never asserted; each
 * side's output must say the task succeeded.
 *
 * What it shows about long waits in n8n 2.41.1. The Wait node keeps a wait under 65 s in
 * memory (a setTimeout in Wait.node.js: the execution stays "running", as the 5-s loop shows)
 * and parks a longer one: "waiting" with its waitTill in the database, resumed by the
 * WaitTracker, which queries every 60 s for executions due within the next 70 s and sets a
 * timer for each; so a parked wait resumes on time (the probes: the next node starts a
 * fraction of a second after waitTill), not up to a minute late. Our Wait for Completion never
 * parks: it sleeps inside the node (n8n-workflow's sleep) between polls, at most Max Poll
 * Interval apart, for up to the timeout, so the execution is "running" throughout. Wait for
 * the Callback Here parks (putExecutionToWait until Max Wait) and the vendor's callback
 * resumes it through /webhook-waiting.
 *
 *   npm run build && npm run bench:waiting
 *   BENCH_WAIT_SECONDS=10,60 npm run bench:waiting        (quick: about 70 s after n8n is up)
 */
import { randomUUID } from 'crypto';

import { backoffDelay } from '../nodes/common/backoff';
import { waitTimingProperties } from '../nodes/common/properties';
import { SandboxClient } from '../test/sandbox/client';
import { demoHuaweiCredential, type HuaweiJobTimes } from '../test/sandbox/vendors/huawei';
import { machine, startBenchN8n, type DeployedWorkflow } from './n8n/harness';
import {
	deployGraph,
	endedExecution,
	nodeRuns,
	runEnd,
	runJson,
	startExecution,
	StateSampler,
	type SeenStates,
} from './n8n/waiting';

const durations = (process.env.BENCH_WAIT_SECONDS ?? '10,60,300')
	.split(',')
	.filter(Boolean)
	.map(Number);
const longest = Math.max(...durations);

/** Our defaults, read from the node's own properties so the bench follows them if they change. */
const DEFAULTS = Object.fromEntries(
	waitTimingProperties({}).map((property) => [property.name, Number(property.default)]),
);
const INTERVAL_S = DEFAULTS.pollIntervalSeconds;
const MAX_INTERVAL_S = DEFAULTS.maxPollIntervalSeconds;
const BACKOFF = DEFAULTS.backoffFactor;
const TIMEOUT_S = DEFAULTS.waitTimeoutSeconds;

/**
 * n8n's Wait node keeps waits under 65 s in memory and parks longer ones in the database for
 * its wait tracker, which looks every 60 s for executions due within 70 s and sets a timer
 * for each: one probe parks once within the first look, the other needs a later look.
 */
const PROBE_WAITS_S = [70, 150].filter((seconds) => seconds <= longest + 30);

/** When our default timing polls (s from the first poll), request time left out. */
function ourPollOffsets(): number[] {
	const offsets = [0];
	while (offsets.at(-1)! < TIMEOUT_S) {
		const delay = backoffDelay(offsets.length, INTERVAL_S, BACKOFF, MAX_INTERVAL_S);
		offsets.push(Math.min(offsets.at(-1)! + delay, TIMEOUT_S));
	}
	return offsets;
}

interface Row {
	seconds: number;
	side: string;
	calls: number | string;
	noticeS: number | undefined;
	states: SeenStates;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const statesText = (seen: SeenStates) =>
	[...seen.states].sort().join(', ') +
		(seen.waitTills.size ? ` (waitTill ${[...seen.waitTills].join(', ')})` : '') || 'none sampled';

async function main() {
	const offsets = ourPollOffsets();
	const oursNoticeS = (task: number) => offsets.find((offset) => offset >= task) ?? TIMEOUT_S;
	// Room for the slowest side on the longest task, n8n on a busy machine, and the probes.
	const budgetMs =
		(Math.max(oursNoticeS(longest), longest + INTERVAL_S, ...PROBE_WAITS_S) + 120) * 1000;

	const bench = await startBenchN8n();
	const sampler = new StateSampler(bench.n8n);
	try {
		const { n8n, sandbox } = bench;
		const client = new SandboxClient(sandbox.url);
		const neunitCredential = await n8n.createCredential('Neunit (bench)', 'neunitAsrApi', {
			baseUrl: sandbox.vendorUrl('neunit'),
		});
		const huaweiCredential = await n8n.createCredential(
			'Huawei (bench)',
			'huaweiCloudApi',
			demoHuaweiCredential(sandbox.vendorUrl('huawei')),
		);
		const neunit = { neunitAsrApi: { id: neunitCredential, name: 'Neunit (bench)' } };
		const huawei = { huaweiCloudApi: { id: huaweiCredential, name: 'Huawei (bench)' } };
		const taskId = (side: string, task: number) => `bench-wait-${task}s-${side}`;

		const flows: Array<{
			task: number;
			ours: DeployedWorkflow;
			fixed: DeployedWorkflow;
			callback: DeployedWorkflow;
		}> = [];
		for (const task of durations) {
			const ours = await deployGraph(
				n8n,
				`bench: ours, task of ${task} s`,
				[
					{
						name: 'Neunit ASR',
						type: 'n8n-nodes-audio-tasks.neunitAsr',
						typeVersion: 1,
						// Only the switch: every timing parameter at its default.
						parameters: {
							operation: 'getTaskStatus',
							taskId: taskId('ours', task),
							waitForCompletion: true,
						},
						credentials: neunit,
					},
				],
				{ Webhook: [['Neunit ASR']] },
			);
			const fixed = await deployGraph(
				n8n,
				`bench: HTTP Request + IF + Wait ${INTERVAL_S} s loop, task of ${task} s`,
				[
					{
						name: 'Status',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						parameters: {
							method: 'POST',
							url: `${sandbox.vendorUrl('neunit')}/cloud/asr/v1/get_task_status`,
							sendBody: true,
							bodyParameters: { parameters: [{ name: 'task_id', value: taskId('fixed', task) }] },
							options: {},
						},
					},
					{
						name: 'Done?',
						type: 'n8n-nodes-base.if',
						typeVersion: 2.2,
						parameters: {
							conditions: {
								options: {
									caseSensitive: true,
									leftValue: '',
									typeValidation: 'strict',
									version: 2,
								},
								// Neunit: 2 succeeded, 3 failed; 0 and 1 are still going.
								conditions: [
									{
										id: 'done',
										leftValue: '={{ $json.data.status }}',
										rightValue: 2,
										operator: { type: 'number', operation: 'gte' },
									},
								],
								combinator: 'and',
							},
							options: {},
						},
					},
					{
						name: 'Wait',
						type: 'n8n-nodes-base.wait',
						typeVersion: 1.1,
						webhookId: randomUUID(),
						parameters: { resume: 'timeInterval', amount: INTERVAL_S, unit: 'seconds' },
					},
					{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
				],
				{
					Webhook: [['Status']],
					Status: [['Done?']],
					'Done?': [['Done'], ['Wait']],
					Wait: [['Status']],
				},
			);
			const callback = await deployGraph(
				n8n,
				`bench: Huawei wait for the callback, task of ${task} s`,
				[
					{
						name: 'Huawei Cloud Moderation',
						type: 'n8n-nodes-audio-tasks.huaweiCloudModeration',
						typeVersion: 1,
						parameters: {
							operation: 'createAudioModerationJob',
							audioUrl: `https://audio.example.com/bench/ends-after-${task}s.mp3`,
							categories: ['porn', 'ad'],
							resultDelivery: 'waitForCallback',
						},
						credentials: huawei,
					},
				],
				{ Webhook: [['Huawei Cloud Moderation']] },
			);
			flows.push({ task, ours, fixed, callback });
		}
		const probes = [];
		for (const waitS of PROBE_WAITS_S) {
			const flow = await deployGraph(
				n8n,
				`bench: Wait node ${waitS} s probe`,
				[
					{
						name: 'Wait',
						type: 'n8n-nodes-base.wait',
						typeVersion: 1.1,
						webhookId: randomUUID(),
						parameters: { resume: 'timeInterval', amount: waitS, unit: 'seconds' },
					},
					{ name: 'After Wait', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
				],
				{ Webhook: [['Wait']], Wait: [['After Wait']] },
			);
			probes.push({ waitS, flow });
		}

		// Start everything together. A polled task's clock starts at its first status call, a
		// Huawei job's at its create (its only call).
		sampler.start();
		const startedAt = Date.now();
		const deadline = startedAt + budgetMs;
		await Promise.all(
			flows.flatMap(({ task, ours, fixed }) =>
				(
					[
						['ours', ours],
						['fixed', fixed],
					] as const
				).map(async ([side, flow]) => {
					await client.neunit.createTask({
						taskId: taskId(side, task),
						status: 1,
						stepEveryMs: task * 1000,
						// Ends `task` s after the first status call: how long n8n takes to start an
						// execution on a busy machine would otherwise count against the first side polled.
						clockFromFirstQuery: true,
						steps: [{ status: 2, percent: 100, result: `transcript of the ${task}-s task` }],
					});
					await startExecution(n8n, flow);
				}),
			),
		);
		await Promise.all(probes.map(({ flow }) => startExecution(n8n, flow)));
		// A queued result is taken by the next job created, so the callback runs start one
		// after the other (each well under a second): the job of each then ends on its time.
		const jobs: Record<number, HuaweiJobTimes> = {};
		for (const { task, callback } of flows) {
			const before = (await client.huawei.jobTimes()).length;
			await client.huawei.queueResults({ suggestion: 'pass', finishAfterMs: task * 1000 });
			await startExecution(n8n, callback);
			while ((await client.huawei.jobTimes()).length === before) {
				if (Date.now() > startedAt + 60_000) throw new Error('the Huawei create never came');
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			jobs[task] = (await client.huawei.jobTimes())[before];
		}
		console.log(
			`all ${flows.length * 3 + probes.length} executions started within ${seconds(Date.now() - startedAt)} s; waiting up to ${Math.round(budgetMs / 1000)} s`,
		);

		const rows: Row[] = [];
		const problems: string[] = [];
		const ended = async (workflowId: string, what: string) => {
			const execution = await endedExecution(n8n, workflowId, deadline);
			if (!execution) problems.push(`${what}: not ended within ${budgetMs / 1000} s`);
			else if (execution.status !== 'success')
				problems.push(
					`${what}: execution ${execution.status}: ${JSON.stringify(execution.data?.resultData?.error?.message)}`,
				);
			return execution?.status === 'success' ? execution : undefined;
		};
		await Promise.all(
			flows.map(async ({ task, ours, fixed, callback }) => {
				const [oursRun, fixedRun, callbackRun] = await Promise.all([
					ended(ours.id, `ours ${task} s`),
					ended(fixed.id, `fixed ${task} s`),
					ended(callback.id, `callback ${task} s`),
				]);

				const oursTask = await client.neunit.task(taskId('ours', task));
				const oursLast = oursRun && nodeRuns(oursRun, 'Neunit ASR').at(-1);
				if (oursRun && runJson(oursLast).status !== 'succeeded')
					problems.push(`ours ${task} s: output ${JSON.stringify(runJson(oursLast))}`);
				rows.push({
					seconds: task,
					side: 'ours (default wait)',
					calls: oursTask.statusQueries,
					noticeS:
						oursLast && oursTask.finishedAt !== undefined
							? (runEnd(oursLast) - oursTask.finishedAt) / 1000
							: undefined,
					states: sampler.statesOf(ours.id),
				});

				const fixedTask = await client.neunit.task(taskId('fixed', task));
				const lastStatus = fixedRun && nodeRuns(fixedRun, 'Status').at(-1);
				const lastCheck = fixedRun && nodeRuns(fixedRun, 'Done?').at(-1);
				if (
					fixedRun &&
					(!nodeRuns(fixedRun, 'Done').length || runJson(lastStatus).data?.status !== 2)
				)
					problems.push(`fixed ${task} s: last status ${JSON.stringify(runJson(lastStatus))}`);
				rows.push({
					seconds: task,
					side: `fixed interval ${INTERVAL_S} s`,
					calls: fixedTask.statusQueries,
					noticeS:
						lastCheck && fixedTask.finishedAt !== undefined
							? (runEnd(lastCheck) - fixedTask.finishedAt) / 1000
							: undefined,
					states: sampler.statesOf(fixed.id),
				});

				const job = (await client.huawei.jobTimes()).find(
					(times) => times.jobId === jobs[task].jobId,
				)!;
				const requests = await client.requests('huawei');
				const creates = requests.filter(
					(request) => request.method === 'POST' && request.path.endsWith('/moderation/audio/jobs'),
				).length;
				const reads = requests.filter((request) => request.path.endsWith(`/${job.jobId}`)).length;
				const callbackLast = callbackRun && nodeRuns(callbackRun, 'Huawei Cloud Moderation').at(-1);
				const output = runJson(callbackLast);
				if (callbackRun && (output.status !== 'succeeded' || output.taskId !== job.jobId))
					problems.push(`callback ${task} s: output ${JSON.stringify(output)}`);
				if (job.finishAfterMs !== task * 1000)
					problems.push(`callback ${task} s: its job ended after ${job.finishAfterMs} ms`);
				rows.push({
					seconds: task,
					side: 'wait for the callback (Huawei)',
					// One create per callback run, and no status read of its job.
					calls:
						creates === flows.length ? 1 + reads : `${creates} creates for ${flows.length} runs`,
					noticeS:
						callbackLast && job.callbackSentAt !== undefined
							? (runEnd(callbackLast) - job.callbackSentAt) / 1000
							: undefined,
					states: sampler.statesOf(callback.id),
				});
			}),
		);
		const probeLines = await Promise.all(
			probes.map(async ({ waitS, flow }) => {
				const execution = await ended(flow.id, `Wait ${waitS} s probe`);
				const seen = sampler.statesOf(flow.id);
				const waitRun = execution && nodeRuns(execution, 'Wait')[0];
				const after = execution && nodeRuns(execution, 'After Wait')[0];
				// The waitTill n8n stored; the Wait node's start + amount if no sample caught it.
				const stored = [...seen.waitTills][0];
				const dueAt = stored ? Date.parse(stored) : waitRun && waitRun.startTime + waitS * 1000;
				return `  Wait ${waitS} s: states ${statesText(seen)}; the next node started ${
					after && dueAt
						? `${seconds(after.startTime - dueAt)} s after the wait was due`
						: '(never)'
				}`;
			}),
		);
		sampler.stop();

		rows.sort((a, b) => a.seconds - b.seconds);
		console.log(`\nWaiting for a task to end, in a real n8n 2.41.1 (${machine()})`);
		console.log(
			`ours: Neunit Get Task Status, Wait for Completion at the defaults: first interval ${INTERVAL_S} s, backoff x${BACKOFF}, max interval ${MAX_INTERVAL_S} s, timeout ${TIMEOUT_S} s; polls at ${offsets
				.slice(0, 12)
				.map((offset) => Math.round(offset * 10) / 10)
				.join(', ')} ... s`,
		);
		console.log(
			`fixed interval: HTTP Request -> IF (status >= 2?) -> Wait ${INTERVAL_S} s -> HTTP Request; the interval is our default first poll interval (${INTERVAL_S} s)`,
		);
		console.log(
			'wait for the callback: Huawei Cloud Moderation create, "Wait for the Callback Here" (Max Wait 120 min); calls = the create plus any status read',
		);
		console.log(
			'notice delay = end of the node run that output the result - the moment the sandbox marked the task done (callback: sent the callback)\n',
		);
		const header = ['task (s)', 'side', 'status calls', 'notice delay (s)', 'n8n states seen'];
		const cells = rows.map((row) => [
			String(row.seconds),
			row.side,
			String(row.calls),
			row.noticeS === undefined ? 'n/a' : row.noticeS.toFixed(2),
			statesText(row.states),
		]);
		const widths = header.map((title, column) =>
			Math.max(title.length, ...cells.map((cell) => cell[column].length)),
		);
		const line = (values: string[]) =>
			`| ${values.map((value, column) => value.padEnd(widths[column])).join(' | ')} |`;
		console.log(line(header));
		console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
		for (const cell of cells) console.log(line(cell));

		// Where each side's wait lived, from what n8n reported while it lasted.
		const parked = (side: string) =>
			rows.filter((row) => row.side === side).some((row) => row.states.states.has('waiting'));
		const held = (side: string) =>
			parked(side)
				? 'parked in the database ("waiting", with a waitTill), not running in n8n meanwhile'
				: 'held in memory: only ever seen "running", the execution live in n8n\'s process for the whole wait';
		console.log(`
ours: ${held(rows[0].side)}`);
		console.log(`fixed interval: ${held(rows[1].side)} (its ${INTERVAL_S}-s Wait is under 65 s)`);
		console.log(`wait for the callback: ${held(rows[2].side)}`);

		if (probeLines.length) {
			console.log(
				"\nn8n's Wait node over 65 s (parked in the database; the wait tracker looks every 60 s for executions due within 70 s and sets a timer for each):",
			);
			for (const probe of probeLines) console.log(probe);
		}
		console.log(`\nwhole run: ${seconds(Date.now() - startedAt)} s after the first start`);
		if (problems.length)
			throw new Error(`some sides did not end as expected:\n${problems.join('\n')}`);
	} finally {
		sampler.stop();
		await bench.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
