/**
 * Scenario 3 of issue 12 (callback ingestion): what bench/callbacks.bench.ts needs beyond
 * bench/n8n/harness.ts, whose `deploy` always starts a workflow at a Webhook node. Here a
 * workflow starts at whichever node receives the callbacks (one of our triggers, or n8n's
 * Webhook node), the bodies are the vendors' own (built and signed as the sandbox builds
 * them), a burst is fired all at once, and the executions it started are counted through
 * n8n's public API.
 */
import { randomUUID } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { Agent, request } from 'http';

import type { N8nServer } from '../../test/e2e/n8n';
import { callbackSignature, huaweiTime } from '../../test/sandbox/vendors/huawei';
import { DEMO_NICE_ACCOUNT } from '../../test/sandbox/vendors/nice';
import { DEMO_ACCOUNT, formBody } from '../../test/sandbox/vendors/tencent';
import { DEMO_YIDUN_ACCOUNT, signYidun } from '../../test/sandbox/vendors/yidun';
import { deployChain } from './harness';

export const PACKAGE = 'n8n-nodes-audio-tasks';

export interface FlowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface Flow {
	id: string;
	/** The webhook URL callbacks are posted to, without a query. */
	url: string;
}

/** One callback as the vendor sends it: where the query goes, its headers and body. */
export interface Callback {
	query: string;
	headers: Record<string, string>;
	body: Buffer;
}

/** What one burst gave: every answer's latency, and what was lost. */
export interface Burst {
	sent: number;
	accepted: number;
	/** Non-2xx answers and errors, by status or error text. */
	lost: Record<string, number>;
	latenciesMs: number[];
	/** From the first request sent to the last answer received. */
	wallMs: number;
	/** Answered 2xx within 2 s (Yidun's push timeout). */
	within2s: number;
	/** Executions the burst started, all finished when counted. */
	executions: number;
	/** Of those, how many succeeded. */
	succeeded: number;
	/** CPU time of the n8n process (all its threads) from the burst until its executions ended. */
	cpuMs: number;
}

/**
 * Deploys `nodes` chained in order and active, and waits until the first node's webhook
 * (at `webhookPath`, relative to /webhook/) is registered.
 */
export async function deployFlow(
	n8n: N8nServer,
	name: string,
	nodes: FlowNode[],
	webhookPath: string,
): Promise<Flow> {
	const id = await deployChain(n8n, name, nodes, webhookPath);
	return { id, url: `${n8n.url}/webhook/${webhookPath}` };
}

/** The cheap node every execution ends in, so each callback starts a real execution. */
export const NO_OP: FlowNode = {
	name: 'Done',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	parameters: {},
};

/**
 * n8n's Webhook node (v2) answering as soon as the execution is started, as a user would set
 * it up to receive callbacks; with a Header Auth credential when `headerAuth` is given.
 */
export function webhookNode(path: string, headerAuth?: { id: string; name: string }): FlowNode {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'onReceived',
			...(headerAuth ? { authentication: 'headerAuth' } : {}),
			options: {},
		},
		...(headerAuth ? { credentials: { httpHeaderAuth: headerAuth } } : {}),
	};
}

/** Secrets of the bench's triggers: random for each run, never printed. */
export const SECRETS = {
	tencentToken: randomUUID().replace(/-/g, ''),
	huaweiSeed: randomUUID().replace(/-/g, '_'),
	niceToken: randomUUID().replace(/-/g, ''),
	headerName: 'X-Callback-Key',
	headerValue: randomUUID(),
};

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

/**
 * The vendors' callbacks, the `index`-th of a burst, each a distinct task (the Yidun and
 * Huawei triggers ignore a task they saw lately). Built as the sandbox builds them.
 */
export const CALLBACKS: Record<string, (index: number, run: string) => Callback> = {
	/** Tencent's form callback (legacy API), to the URL with the trigger's token. */
	tencent: (index) => ({
		query: `?token=${SECRETS.tencentToken}`,
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: Buffer.from(
			formBody({
				code: 0,
				message: 'success',
				requestId: 1_000_000 + index,
				appid: DEMO_ACCOUNT.appId,
				projectid: 0,
				text: '您好，订单 #42 已发货 & 100% 满意 + 谢谢',
				audioTime: 8.5,
				audioUrl: 'https://audio.example/call.wav',
			}),
		),
	}),
	/** Yidun's v4 push, a form signed with the account's secret key (MD5, Yidun's default). */
	yidun: (index, run) => {
		const fields: Record<string, string> = {
			secretId: DEMO_YIDUN_ACCOUNT.secretId,
			businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
			signatureMethod: 'MD5',
			callbackData: JSON.stringify({
				taskId: `bench-${run}-${index}`,
				status: 2,
				suggestion: 2,
				label: 200,
				dataId: `voice-message-${index}`,
				callback: 'bench',
				segments: [
					{
						startTime: 0.9,
						endTime: 1.8,
						content: '加微信',
						labels: [{ label: 200, level: 2, subLabels: [{ subLabel: 200009 }] }],
					},
				],
			}),
		};
		fields.signature = signYidun(fields, DEMO_YIDUN_ACCOUNT.secretKey, 'MD5');
		return {
			query: '',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: Buffer.from(new URLSearchParams(fields).toString()),
		};
	},
	/** Huawei's JSON callback (the job as its query answers it), with X-Auth-Signature. */
	huawei: (index, run) => {
		const now = new Date();
		const job = {
			job_id: `bench_${run}_${index}`,
			request_id: `${run}${index}`.padEnd(32, '0').slice(0, 32),
			status: 'succeeded',
			result: {
				suggestion: 'review',
				audio_text: '加我微信领取优惠',
				details: [
					{
						start_time: 0,
						end_time: 2,
						suggestion: 'review',
						label: 'ad',
						audio_text: '加我微信领取优惠',
						segments: [{ segment: '加我微信' }],
					},
				],
			},
			request_params: {
				event_type: 'default',
				data: { url: 'https://audio.example/call.wav' },
				callback: 'bench',
				categories: ['ad'],
			},
			create_time: huaweiTime(now),
			update_time: huaweiTime(now),
		};
		return {
			query: '',
			headers: {
				'content-type': 'application/json',
				'x-auth-signature': callbackSignature(job, SECRETS.huaweiSeed, 'hex'),
			},
			body: json(job),
		};
	},
	/** NICE's JSON push of a finished task, to the URL with the trigger's token. */
	nice: (index) => {
		const ts = Math.floor(Date.now() / 1000);
		const files = 'https://nice.example/files';
		return {
			query: `?token=${SECRETS.niceToken}`,
			headers: { 'content-type': 'application/json' },
			body: json({
				project_key: DEMO_NICE_ACCOUNT.projectKeys[0],
				task_no: `T${ts}${index}`,
				ts: String(ts),
				task_file_url: `${files}/task-${index}?Expires=${ts + 86400}&Signature=bench`,
				task_result_file_url: `${files}/result-${index}-1.0?Expires=${ts + 86400}&Signature=bench`,
				user_code: 'agent-7',
				task_language_type: 'cn',
				task_source: 'API接口',
				remark: '',
				longitude: '',
				latitude: '',
				task_end_status: 2,
				task_extra_data: { start_time: '2026-11-21 10:00:00' },
			}),
		};
	},
};

/** Posts every callback at once to `url`; each answer's latency, and what did not arrive. */
export async function fire(
	url: string,
	callbacks: Callback[],
	options: { extraHeaders?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Omit<Burst, 'executions' | 'succeeded' | 'cpuMs'>> {
	// A socket per callback, as separate vendor deliveries would come.
	const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
	const target = new URL(url);
	const lost: Record<string, number> = {};
	const latenciesMs: number[] = [];
	let accepted = 0;
	let within2s = 0;
	const started = process.hrtime.bigint();
	let lastAnswer = started;
	await Promise.all(
		callbacks.map(
			(callback) =>
				new Promise<void>((resolve) => {
					const sent = process.hrtime.bigint();
					const done = (outcome: number | string) => {
						const now = process.hrtime.bigint();
						if (now > lastAnswer) lastAnswer = now;
						const ms = Number(now - sent) / 1e6;
						if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) {
							accepted++;
							latenciesMs.push(ms);
							if (ms <= 2000) within2s++;
						} else lost[String(outcome)] = (lost[String(outcome)] ?? 0) + 1;
						resolve();
					};
					const outgoing = request(
						{
							agent,
							host: target.hostname,
							port: target.port,
							method: 'POST',
							path: `${target.pathname}${callback.query}`,
							headers: {
								...callback.headers,
								...options.extraHeaders,
								'content-length': String(callback.body.length),
							},
							timeout: options.timeoutMs ?? 120_000,
						},
						(response) => {
							response.resume();
							response.on('end', () => done(response.statusCode ?? 0));
							response.on('error', (error) => done(error.message));
						},
					);
					outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
					outgoing.on('error', (error) => done(error.message));
					outgoing.end(callback.body);
				}),
		),
	);
	agent.destroy();
	return {
		sent: callbacks.length,
		accepted,
		lost,
		latenciesMs,
		wallMs: Number(lastAnswer - started) / 1e6,
		within2s,
	};
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * The executions of `workflowId` started since `since`, once `expected` of them have
 * finished (or nothing has changed for `quietMs`): counted through the public API, which
 * lists no running execution, so a count that reaches `expected` is of finished ones.
 */
export async function countExecutions(
	n8n: N8nServer,
	workflowId: string,
	since: Date,
	expected: number,
	quietMs = 20_000,
): Promise<{ executions: number; succeeded: number }> {
	let last = -1;
	let changedAt = Date.now();
	for (;;) {
		const statuses: string[] = [];
		let cursor: string | undefined;
		do {
			const reply = await n8n.api.get('/executions', {
				params: {
					workflowId,
					startedAfter: since.toISOString(),
					limit: 250,
					...(cursor ? { cursor } : {}),
				},
			});
			if (reply.status !== 200)
				throw new Error(`listing executions: ${reply.status} ${JSON.stringify(reply.data)}`);
			for (const execution of reply.data.data as Array<{ status: string }>)
				statuses.push(execution.status);
			cursor = reply.data.nextCursor ?? undefined;
		} while (cursor);
		const finished = statuses.filter((status) => FINISHED.has(status)).length;
		const succeeded = statuses.filter((status) => status === 'success').length;
		if (finished >= expected) return { executions: statuses.length, succeeded };
		if (statuses.length !== last) {
			last = statuses.length;
			changedAt = Date.now();
		} else if (finished === statuses.length && Date.now() - changedAt > quietMs)
			return { executions: statuses.length, succeeded };
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** The `q`-quantile of `values` (nearest rank). */
export function quantile(values: number[], q: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * The id of the n8n process listening on `port` (its N8N_PORT): its CPU time is a figure
 * that other processes on the machine disturb far less than wall time.
 */
export function n8nProcessId(port: number): number {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const environ = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
			if (environ.includes(`N8N_PORT=${port}`) && /n8n\0start/.test(cmdline)) return Number(entry);
		} catch {
			// gone, or not ours to read
		}
	}
	throw new Error(`no n8n process with N8N_PORT=${port}`);
}

/** User + system CPU time of a process and all its threads so far (ms). */
export function cpuMs(pid: number): number {
	// Fields after the command (which may hold spaces): utime and stime are the 12th and 13th.
	const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// In clock ticks: 100 a second on Linux (getconf CLK_TCK).
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
