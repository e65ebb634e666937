import { createHash, timingSafeEqual } from 'crypto';

import type { SandboxReply, SandboxRequest, VendorModule } from '../types';
import { jsonReply } from '../types';

export interface YidunAccount {
	secretId: string;
	secretKey: string;
	businessIds: string[];
}

export const DEMO_YIDUN_ACCOUNT: YidunAccount = {
	secretId: 'yidun-sandbox-demo-secret-id-0001',
	secretKey: 'yidun-sandbox-demo-secret-key-0001',
	businessIds: ['yidun-sandbox-audio-business-0001'],
};

/** The `yidunApi` credential data that points at a sandbox's Yidun (exactly the credential's fields). */
export function demoYidunCredential(vendorUrl: string, signatureMethod = 'MD5') {
	return {
		secretId: DEMO_YIDUN_ACCOUNT.secretId,
		secretKey: DEMO_YIDUN_ACCOUNT.secretKey,
		businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
		signatureMethod,
		apiHost: 'custom',
		customBaseUrl: vendorUrl,
	};
}

/** Yidun refuses requests whose millisecond timestamp is older than this (code 5501). */
const MAX_AGE_MS = 5 * 60 * 1000;
const HASHES: Record<string, string> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SM3: 'sm3' };

/** Yidun answers HTTP 200 with its own code; 200 is success. */
const reply = (code: number, msg: string, extra: Record<string, unknown> = {}) =>
	jsonReply(200, { code, msg, ...extra });

/** The sandbox's own signer, written from the vendor notes, not shared with the credential. */
export function signYidun(
	fields: Record<string, string>,
	secretKey: string,
	method = 'MD5',
): string {
	const text =
		Object.keys(fields)
			.filter((key) => key !== 'signature')
			.sort()
			.reduce((joined, key) => joined + key + (fields[key] ?? ''), '') + secretKey;
	return createHash(HASHES[method.toUpperCase()] ?? 'md5')
		.update(text, 'utf8')
		.digest('hex');
}

/** What a task's moderation concludes; queued with the `verdicts` control action. */
export interface YidunVerdict {
	/** 0 pass, 1 suspect, 2 block. */
	action?: number;
	/** Top-level label codes hit, each with sub-labels and a hit word at a time in ms. */
	labels?: Array<{
		label: number;
		level?: number;
		subLabels?: number[];
		hint?: string;
		startTime?: number;
		endTime?: number;
	}>;
	/** Make the check fail instead (v3 asrResult). */
	failure?: number;
}

interface YidunTask {
	taskId: string;
	businessId: string;
	secretId: string;
	url: string;
	callback?: string;
	callbackUrl?: string;
	dataId?: string;
	verdict: YidunVerdict;
	finished: boolean;
}

export interface YidunPush {
	url: string;
	fields: Record<string, string>;
	status: number | string;
	answer: string;
}

/** The drain endpoints: fewer than 20 calls per 10 s per account, or code 411. */
const DRAIN_LIMIT = 20;
const DRAIN_WINDOW_MS = 10_000;

/**
 * NetEase Yidun audio moderation: the public-parameter authentication every call shares
 * (signature in all four methods, timestamp expiry, nonce replay, businessId), submit (v3.1
 * and v4), the consume-once results queue (v3.1 and v4 shapes) with its rate limit, the v4
 * task query, and pushes to callbackUrl.
 */
export class YidunSandbox implements VendorModule {
	readonly name = 'yidun';

	private accounts = new Map<string, YidunAccount>([
		[DEMO_YIDUN_ACCOUNT.secretId, DEMO_YIDUN_ACCOUNT],
	]);

	private seenNonces = new Set<string>();

	private tasks = new Map<string, YidunTask>();

	/** Finished tasks not drained yet, oldest first. A drained task never comes out again. */
	private queue: string[] = [];

	private queuedVerdicts: YidunVerdict[] = [];

	private drainCalls: number[] = [];

	private rateLimited = 0;

	private drainCallsTotal = 0;

	private pageSize = 10;

	private finishAfterMs = 20;

	private pushes: YidunPush[] = [];

	private timers = new Set<NodeJS.Timeout>();

	private nextTaskNumber = 1;

	/** Calls to answer 411 before anything else (rate-limit tests). */
	private forcedRateLimits = 0;

	reset(): void {
		this.accounts = new Map([[DEMO_YIDUN_ACCOUNT.secretId, DEMO_YIDUN_ACCOUNT]]);
		this.seenNonces.clear();
		this.tasks.clear();
		this.queue = [];
		this.queuedVerdicts = [];
		this.drainCalls = [];
		this.rateLimited = 0;
		this.drainCallsTotal = 0;
		this.pageSize = 10;
		this.finishAfterMs = 20;
		this.pushes = [];
		this.nextTaskNumber = 1;
		this.forcedRateLimits = 0;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	async control(action: string, body: Record<string, unknown>): Promise<unknown> {
		switch (action) {
			case 'configure':
				for (const account of (body.accounts ?? []) as YidunAccount[])
					this.accounts.set(account.secretId, account);
				if (typeof body.pageSize === 'number') this.pageSize = body.pageSize;
				if (typeof body.finishAfterMs === 'number') this.finishAfterMs = body.finishAfterMs;
				return { ok: true };
			case 'verdicts':
				this.queuedVerdicts.push(...((body.verdicts ?? []) as YidunVerdict[]));
				return { queued: this.queuedVerdicts.length };
			case 'enqueue': {
				// Finished results straight into the drain queue, as if tasks had run.
				const count = Number(body.count ?? 1);
				// With useVerdicts the queued verdicts apply (demo data); otherwise every result passes.
				const useVerdicts = body.useVerdicts === true;
				const ids: string[] = [];
				for (let index = 0; index < count; index++) {
					const task = this.newTask(
						{
							secretId: DEMO_YIDUN_ACCOUNT.secretId,
							businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
							url: `https://audio.example/${index}.wav`,
						},
						useVerdicts,
					);
					task.finished = true;
					this.queue.push(task.taskId);
					ids.push(task.taskId);
				}
				return { taskIds: ids };
			}
			case 'rateLimitNext':
				this.forcedRateLimits += Number(body.times ?? 1);
				return { ok: true };
			case 'stats':
				return {
					queued: this.queue.length,
					rateLimited: this.rateLimited,
					drainCalls: this.drainCallsTotal,
					tasks: this.tasks.size,
				};
			case 'pushes':
				return this.pushes;
			case 'push': {
				// A push sent on demand: genuine, or forged for trigger tests.
				const task =
					this.tasks.get(String(body.taskId)) ??
					this.newTask({
						secretId: DEMO_YIDUN_ACCOUNT.secretId,
						businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
						url: 'https://audio.example/push.wav',
					});
				task.finished = true;
				return await this.push(task, String(body.url), {
					version: String(body.version ?? 'v4'),
					forge: body.forge as string | undefined,
					signatureMethod: body.signatureMethod as string | undefined,
				});
			}
			default:
				throw new Error(`unknown yidun control action "${action}"`);
		}
	}

	handle(request: SandboxRequest): SandboxReply {
		if (request.method !== 'POST') return jsonReply(405, { code: 405, msg: 'method not allowed' });
		const fields = Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
		const failure = this.authenticate(fields);
		if (failure) return failure;
		if (this.forcedRateLimits > 0) {
			this.forcedRateLimits--;
			this.rateLimited++;
			return reply(411, 'QPS limit exceeded');
		}

		switch (request.path) {
			case '/v3/audio/submit':
			case '/v4/audio/submit':
				return this.submit(fields, request.path.startsWith('/v4'));
			case '/v3/audio/callback/results':
			case '/v4/audio/callback/results':
				return this.drain(fields, request.path.startsWith('/v4'));
			case '/v4/audio/query/task':
				return this.query(fields);
			default:
				return reply(404, 'service not found');
		}
	}

	private newTask(fields: Record<string, string>, useVerdicts = true): YidunTask {
		const taskId = `yd${String(this.nextTaskNumber++).padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`;
		const task: YidunTask = {
			taskId,
			businessId: fields.businessId,
			secretId: fields.secretId,
			url: fields.url,
			callback: fields.callback,
			callbackUrl: fields.callbackUrl,
			dataId: fields.dataId,
			verdict: (useVerdicts ? this.queuedVerdicts.shift() : undefined) ?? { action: 0 },
			finished: false,
		};
		this.tasks.set(taskId, task);
		return task;
	}

	private submit(fields: Record<string, string>, v4: boolean): SandboxReply {
		if (!fields.url || fields.url.length > 512 || !/^https?:\/\//.test(fields.url))
			return reply(400, 'url is required: an http(s) URL of at most 512 characters');
		if (
			fields.callbackUrl &&
			(fields.callbackUrl.length > 256 || !/^https?:\/\//.test(fields.callbackUrl))
		)
			return reply(400, 'callbackUrl must be an http(s) URL of at most 256 characters');
		if (!v4 && fields.version !== 'v3.1' && fields.version !== 'v3')
			return reply(400, 'version must be v3.1');
		const task = this.newTask(fields);
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			task.finished = true;
			if (task.callbackUrl) void this.push(task, task.callbackUrl, { version: v4 ? 'v4' : 'v3' });
			else this.queue.push(task.taskId);
		}, this.finishAfterMs);
		timer.unref();
		this.timers.add(timer);
		return reply(200, 'ok', {
			result: { taskId: task.taskId, status: 0, ...(task.dataId ? { dataId: task.dataId } : {}) },
		});
	}

	private drain(fields: Record<string, string>, v4: boolean): SandboxReply {
		const now = Date.now();
		this.drainCalls = this.drainCalls.filter((time) => time > now - DRAIN_WINDOW_MS);
		if (this.drainCalls.length >= DRAIN_LIMIT - 1) {
			this.rateLimited++;
			return reply(411, 'QPS limit exceeded');
		}
		this.drainCalls.push(now);
		this.drainCallsTotal++;
		const page = this.queue
			.filter((taskId) => this.tasks.get(taskId)?.businessId === fields.businessId)
			.slice(0, this.pageSize);
		this.queue = this.queue.filter((taskId) => !page.includes(taskId));
		const tasks = page.map((taskId) => this.tasks.get(taskId)!);
		if (v4)
			return reply(200, 'ok', { result: tasks.map((task) => ({ antispam: v4Antispam(task) })) });
		return reply(200, 'ok', { antispam: tasks.map(v3Antispam), language: [] });
	}

	private query(fields: Record<string, string>): SandboxReply {
		let taskIds: unknown;
		try {
			taskIds = JSON.parse(fields.taskIds ?? '');
		} catch {
			return reply(400, 'taskIds is not a JSON array');
		}
		if (!Array.isArray(taskIds) || taskIds.length === 0 || taskIds.length > 100)
			return reply(400, 'taskIds must hold 1 to 100 ids');
		const known = taskIds
			.map((taskId) => this.tasks.get(String(taskId)))
			.filter((task): task is YidunTask => task?.businessId === fields.businessId);
		return reply(200, 'ok', { result: known.map((task) => ({ antispam: v4Antispam(task) })) });
	}

	/** Posts one result to a callbackUrl, signed like Yidun signs pushes (or forged on request). */
	private async push(
		task: YidunTask,
		url: string,
		options: { version: string; forge?: string; signatureMethod?: string },
	): Promise<YidunPush> {
		const account = this.accounts.get(task.secretId) ?? DEMO_YIDUN_ACCOUNT;
		const fields: Record<string, string> = {
			secretId: options.forge === 'wrongSecretId' ? 'someone-else' : account.secretId,
			businessId: task.businessId,
			signatureMethod: options.signatureMethod ?? 'MD5',
			callbackData: JSON.stringify(options.version === 'v4' ? v4Antispam(task) : v3Antispam(task)),
		};
		fields.signature = signYidun(
			fields,
			options.forge === 'wrongKey' ? 'not-the-key' : account.secretKey,
			fields.signatureMethod,
		);
		if (options.forge === 'missingSignature') delete fields.signature;
		// Changed after signing: another task id (and, for a block, a pass).
		if (options.forge === 'tampered') {
			fields.callbackData = fields.callbackData
				.replace('"taskId":"', '"taskId":"x')
				.replace('"suggestion":2', '"suggestion":0')
				.replace('"action":2', '"action":0');
		}
		let status: number | string;
		let answer = '';
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: Buffer.from(new URLSearchParams(fields).toString()),
				signal: AbortSignal.timeout(2000),
			});
			status = response.status;
			answer = await response.text();
		} catch (error) {
			status = (error as Error).message;
		}
		const record = { url, fields, status, answer };
		this.pushes.push(record);
		return record;
	}

	/** The checks every Yidun call shares, with Yidun's codes. */
	private authenticate(fields: Record<string, string>): SandboxReply | undefined {
		for (const name of ['secretId', 'businessId', 'version', 'timestamp', 'nonce', 'signature']) {
			if (!fields[name]) return reply(400, `missing ${name}`);
		}
		const method = (fields.signatureMethod ?? 'MD5').toUpperCase();
		if (!HASHES[method]) return reply(400, `unknown signatureMethod ${fields.signatureMethod}`);
		if (
			!/^\d{13}$/.test(fields.timestamp) ||
			Math.abs(Date.now() - Number(fields.timestamp)) > MAX_AGE_MS
		)
			return reply(5501, 'request expired');
		if (fields.nonce.length > 32) return reply(5505, 'invalid nonce');

		const account = this.accounts.get(fields.secretId);
		if (!account) return reply(5508, 'invalid signature');
		const expected = signYidun(fields, account.secretKey, method);
		if (
			fields.signature.length !== expected.length ||
			!timingSafeEqual(Buffer.from(fields.signature), Buffer.from(expected))
		) {
			return reply(5508, 'invalid signature');
		}
		if (!account.businessIds.includes(fields.businessId)) return reply(5506, 'invalid businessId');

		const nonceKey = `${fields.secretId}:${fields.nonce}`;
		if (this.seenNonces.has(nonceKey)) return reply(5511, 'duplicate request');
		this.seenNonces.add(nonceKey);
		return undefined;
	}
}

/** A task in the v3.1 drain shape (the seed's antispam item). */
function v3Antispam(task: YidunTask): Record<string, unknown> {
	const { verdict } = task;
	if (verdict.failure)
		return {
			taskId: task.taskId,
			asrStatus: 4,
			asrResult: verdict.failure,
			callback: task.callback,
		};
	return {
		taskId: task.taskId,
		asrStatus: 3,
		action: verdict.action ?? 0,
		callback: task.callback,
		labels: (verdict.labels ?? []).map((label) => ({
			label: label.label,
			level: String(label.level ?? verdict.action ?? 0),
			subLabels: (label.subLabels ?? []).map((subLabel) => ({ subLabel })),
			details: {
				hitType: 30,
				hint: label.hint
					? [
							{
								value: label.hint,
								segments: [{ startTime: label.startTime ?? 0, endTime: label.endTime ?? 1000 }],
							},
						]
					: [],
			},
		})),
	};
}

/** A task in the v4 shape (drain and query). */
function v4Antispam(task: YidunTask): Record<string, unknown> {
	const { verdict } = task;
	if (!task.finished)
		return { taskId: task.taskId, status: 0, dataId: task.dataId, callback: task.callback };
	if (verdict.failure)
		return {
			taskId: task.taskId,
			status: 3,
			failureReason: verdict.failure,
			dataId: task.dataId,
			callback: task.callback,
		};
	return {
		taskId: task.taskId,
		status: 2,
		suggestion: verdict.action ?? 0,
		label: verdict.labels?.[0]?.label ?? 0,
		dataId: task.dataId,
		callback: task.callback,
		segments: (verdict.labels ?? []).map((label) => ({
			startTime: (label.startTime ?? 0) / 1000,
			endTime: (label.endTime ?? 1000) / 1000,
			content: label.hint ?? '',
			labels: [
				{
					label: label.label,
					level: label.level ?? verdict.action ?? 0,
					subLabels: (label.subLabels ?? []).map((subLabel) => ({ subLabel })),
				},
			],
		})),
	};
}
