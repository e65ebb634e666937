import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

import {
	AUDIO_V1_0,
	AUDIO_V1_1,
	ECOMMERCE_RESULT,
	TEXT_RESULT,
} from '../../fixtures/niceResultFiles';
import type { ReceivedPart } from '../multipart';
import { readMultipart } from '../multipart';
import type { SandboxReply, SandboxRequest, VendorModule } from '../types';
import { jsonReply } from '../types';

export interface NiceAccount {
	appId: string;
	appSecret: string;
	projectKeys: string[];
}

/** The account the sandbox knows from the start (the demo workflows use it). */
export const DEMO_NICE_ACCOUNT: NiceAccount = {
	appId: 'N991808258',
	appSecret: 'sandbox-demo-nice-app-secret-0000',
	projectKeys: ['b9bb233f296f61b01c63768fd5c5c09ef6c354c4'],
};

export function demoNiceCredential(vendorUrl: string) {
	return {
		appId: DEMO_NICE_ACCOUNT.appId,
		appSecret: DEMO_NICE_ACCOUNT.appSecret,
		environment: 'custom',
		baseUrl: vendorUrl,
		projectKey: DEMO_NICE_ACCOUNT.projectKeys[0],
	};
}

/** The push token of the demo workflow's NICE Trigger, and its push URL from the trigger's. */
export const NICE_DEMO_PUSH = {
	token: 'demo-nice-push-token-0123456789',
	url: (triggerUrl: string) => `${triggerUrl}?token=demo-nice-push-token-0123456789`,
};

/** How a task ends; queued with the `outcomes` control action. */
export interface NiceOutcome {
	endStatus?: 1 | 2 | 3 | 4 | 5;
	/** A text task analysed as e-commerce comments (seed 5.3). */
	ecommerce?: boolean;
}

export interface NiceUpload {
	taskNo: string;
	fields: Record<string, string>;
	file?: Omit<ReceivedPart, 'content'>;
}

interface Task {
	taskNo: string;
	type: 1 | 2;
	fields: Record<string, string>;
	endStatus: number;
	outcome: NiceOutcome;
	fileName: string;
	createdAt: number;
}

/** NICE documents no error codes; these are the sandbox's, for the cases the node must handle. */
const ERRCODE = { badRequest: 40001, project: 40003, noTask: 40004 };
const LANGUAGES = new Set(['cn', 'cn_cantonese', 'cn_henanese', 'cn_xinanese', 'en']);
const MAX_BYTES = { 1: 500 * 1024 * 1024, 2: 100 * 1024 * 1024 };
const IAT_WINDOW_SECONDS = 600;
const refuse = (errcode: number, message: string) => jsonReply(200, { errcode, message, data: {} });
const ok = (data: Record<string, unknown>) => jsonReply(200, { errcode: 0, message: '成功', data });
const base64Url = (data: Buffer | string) =>
	Buffer.from(data).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/**
 * NICE speech analytics (zebra-c) task API: the client's own HS256 JWT verified, task/create
 * from a URL, JSON or a multipart upload read as a stream (never held whole), tasks ending in
 * each end status, task and result files in the four formats behind expiring URLs, pushes.
 */
export class NiceSandbox implements VendorModule {
	readonly name = 'nice';

	private accounts = [DEMO_NICE_ACCOUNT];

	private tasks = new Map<string, Task>();

	private outcomes: NiceOutcome[] = [];

	private uploadsReceived: NiceUpload[] = [];

	private settings = {
		finishAfterMs: 200,
		fileUrlTtlSeconds: 24 * 3600,
		pushUrl: '',
		pushFormat: 'json',
	};

	reset(): void {
		this.accounts = [DEMO_NICE_ACCOUNT];
		this.tasks.clear();
		this.outcomes = [];
		this.uploadsReceived = [];
		this.settings = {
			finishAfterMs: 200,
			fileUrlTtlSeconds: 24 * 3600,
			pushUrl: '',
			pushFormat: 'json',
		};
	}

	streamsBody(method: string, path: string): boolean {
		return method === 'POST' && path === '/task/create';
	}

	control(action: string, body: Record<string, unknown>): unknown {
		switch (action) {
			case 'configure':
				if (body.finishAfterMs !== undefined)
					this.settings.finishAfterMs = Number(body.finishAfterMs);
				if (body.fileUrlTtlSeconds !== undefined)
					this.settings.fileUrlTtlSeconds = Number(body.fileUrlTtlSeconds);
				// The push URL NICE's support team would register: every task that ends is pushed there.
				if (body.pushUrl !== undefined) this.settings.pushUrl = String(body.pushUrl);
				if (body.pushFormat !== undefined) this.settings.pushFormat = String(body.pushFormat);
				return { ok: true };
			case 'outcomes':
				this.outcomes.push(...((body.outcomes ?? []) as NiceOutcome[]));
				return { queued: this.outcomes.length };
			case 'uploads':
				return this.uploadsReceived;
			case 'push':
				return this.push(body);
			default:
				return undefined;
		}
	}

	async handle(request: SandboxRequest): Promise<SandboxReply> {
		if (request.method === 'GET' && request.path.startsWith('/files/')) return this.file(request);
		const refused = this.authenticate(request);
		if (refused) {
			request.stream?.resume();
			return refused;
		}
		if (request.method !== 'POST')
			return jsonReply(405, { errcode: 405, message: 'method not allowed' });
		if (request.path === '/task/create') return await this.create(request);
		let body: Record<string, unknown> = {};
		try {
			body = JSON.parse(request.body.toString('utf8') || '{}');
		} catch {
			return refuse(ERRCODE.badRequest, '参数错误');
		}
		const task = this.tasks.get(String(body.task_no ?? ''));
		if (!task) return refuse(ERRCODE.noTask, '任务不存在');
		switch (request.path) {
			case '/task/getResult':
				return ok({
					task_status: String(200 + task.endStatus * 40),
					task_status_str: task.endStatus === 1 ? 'ASR处理中' : 'NLP处理完成',
					task_end_status: task.endStatus,
				});
			case '/task/getTaskFile':
				return ok(this.link(request, `task-${task.taskNo}`, 'task_file_url'));
			case '/task/getResultFile':
				if (task.endStatus !== 2) return refuse(ERRCODE.badRequest, '任务未处理完成');
				return ok(
					this.link(
						request,
						`result-${task.taskNo}-${String(body.version ?? '1.0')}`,
						'task_result_file_url',
					),
				);
			case '/task/taskInfo':
				return ok({
					task_no: task.taskNo,
					platform_name: 'Sandbox',
					project_name: '演示项目',
					task_source: 'API接口',
					execute_name: 'ASR(角色判定)',
					task_file_path: task.fileName,
					task_status: task.endStatus === 1 ? '处理中' : '已处理',
					created_at: new Date(task.createdAt).toISOString().slice(0, 19).replace('T', ' '),
					task_duration: '00:00:39',
				});
			default:
				return jsonReply(404, { errcode: 404, message: 'no such API' });
		}
	}

	/** HS256 over the app secret, a known app_id, iat within ten minutes; else HTTP 401. */
	private authenticate(request: SandboxRequest): SandboxReply | undefined {
		const denied = (why: string) =>
			jsonReply(401, { errcode: 401, message: `token invalid: ${why}` });
		const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
		if (!token) return denied('no bearer token');
		const [header, payload, signature] = token.split('.');
		let claims: { app_id?: string; iat?: number } = {};
		try {
			if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'HS256')
				return denied('not HS256');
			claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
		} catch {
			return denied('malformed');
		}
		const account = this.accounts.find((candidate) => candidate.appId === claims.app_id);
		if (!account) return denied('unknown app_id');
		const expected = base64Url(
			createHmac('sha256', account.appSecret).update(`${header}.${payload}`).digest(),
		);
		if (
			!signature ||
			expected.length !== signature.length ||
			!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
		) {
			return denied('bad signature');
		}
		if (Math.abs(Number(claims.iat) - Date.now() / 1000) > IAT_WINDOW_SECONDS)
			return denied('iat out of window');
		return undefined;
	}

	private async create(request: SandboxRequest): Promise<SandboxReply> {
		const contentType = String(request.headers['content-type'] ?? '');
		let fields: Record<string, string> = {};
		let file: ReceivedPart | undefined;
		if (contentType.startsWith('multipart/form-data')) {
			const boundary = /boundary=([^;]+)/.exec(contentType)?.[1] ?? '';
			// Keep text fields and files small enough to check; a recording is only counted and hashed.
			const parts = await readMultipart(request.stream!, boundary, 1024 * 1024);
			for (const part of parts) {
				if (part.fileName === undefined) fields[part.name] = part.content?.toString('utf8') ?? '';
				else file = part;
			}
		} else {
			const chunks: Buffer[] = [];
			for await (const chunk of request.stream!) chunks.push(chunk as Buffer);
			try {
				fields = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				return refuse(ERRCODE.badRequest, '参数错误');
			}
		}
		const account = this.accounts.find((candidate) =>
			candidate.projectKeys.includes(String(fields.project_key)),
		);
		if (!account) return refuse(ERRCODE.project, '项目不存在');
		const type = Number(fields.task_type) as 1 | 2;
		if (type !== 1 && type !== 2) return refuse(ERRCODE.badRequest, 'task_type 参数错误');
		if (!/^\d+$/.test(String(fields.ts ?? ''))) return refuse(ERRCODE.badRequest, 'ts 参数错误');
		if (
			fields.task_language_type !== undefined &&
			!LANGUAGES.has(String(fields.task_language_type))
		) {
			return refuse(ERRCODE.badRequest, 'task_language_type 参数错误');
		}
		if (!!file === !!fields.task_file_url)
			return refuse(ERRCODE.badRequest, 'task_file 与 task_file_url 必须有且只有一个');
		if (file && file.size >= MAX_BYTES[type]) return refuse(ERRCODE.badRequest, '文件过大');
		let endStatus = this.outcomes[0]?.endStatus ?? 2;
		const outcome = this.outcomes.shift() ?? {};
		if (type === 2 && file) {
			// A text task's file must be the documented JSON; otherwise the analysis fails (4).
			let valid = !!file.fileName?.endsWith('.txt') && !!file.content;
			try {
				valid &&= Array.isArray(JSON.parse(file.content!.toString('utf8')).data);
			} catch {
				valid = false;
			}
			if (!valid) endStatus = 4;
		}
		const taskNo = randomBytes(20).toString('hex');
		const task: Task = {
			taskNo,
			type,
			fields,
			endStatus: 1,
			outcome,
			fileName:
				file?.fileName ??
				String(fields.task_file_url ?? '')
					.split('?')[0]
					.split('/')
					.pop() ??
				'',
			createdAt: Date.now(),
		};
		this.tasks.set(taskNo, task);
		if (file) {
			const { content: _content, ...summary } = file;
			this.uploadsReceived.push({ taskNo, fields, file: summary });
		} else this.uploadsReceived.push({ taskNo, fields });
		const sandboxUrl = `http://${String(request.headers.host)}`;
		setTimeout(() => {
			task.endStatus = endStatus;
			const { pushUrl, pushFormat } = this.settings;
			if (pushUrl)
				void this.push({ url: pushUrl, taskNo, sandboxUrl, format: pushFormat }).catch(
					() => undefined,
				);
		}, this.settings.finishAfterMs).unref();
		return ok({ task_no: taskNo });
	}

	/** A file URL on the sandbox, expiring like NICE's (deadline_time). */
	private link(request: SandboxRequest, id: string, key: string) {
		const deadline = Math.floor(Date.now() / 1000) + this.settings.fileUrlTtlSeconds;
		const host = String(request.headers.host);
		return {
			[key]: `http://${host}/${this.name}/files/${id}?Expires=${deadline}&Signature=sandbox`,
			deadline_time: deadline,
		};
	}

	private file(request: SandboxRequest): SandboxReply {
		const expires = Number(request.query.get('Expires'));
		if (!Number.isFinite(expires) || expires * 1000 < Date.now()) {
			return {
				status: 403,
				headers: { 'content-type': 'application/xml' },
				body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
			};
		}
		const [, kind, taskNo, version] =
			/^\/files\/(task|result)-([0-9a-f]+)(?:-(.+))?$/.exec(request.path) ?? [];
		const task = this.tasks.get(taskNo ?? '');
		if (!task) return { status: 404, body: 'not found' };
		if (kind === 'task') {
			return {
				status: 200,
				headers: { 'content-type': 'application/octet-stream' },
				body: Buffer.from(`sandbox file of task ${task.taskNo}`),
			};
		}
		const result =
			task.type === 1
				? version === '1.1'
					? AUDIO_V1_1
					: AUDIO_V1_0
				: task.outcome.ecommerce
					? ECOMMERCE_RESULT
					: TEXT_RESULT;
		return {
			status: 200,
			headers: { 'content-type': 'text/plain; charset=utf-8' },
			body: JSON.stringify(result),
		};
	}

	/** One push of a task to `url`, as NICE sends it when a task ends (JSON or form). */
	private async push(body: Record<string, unknown>) {
		const task = this.tasks.get(String(body.taskNo));
		if (!task) return { error: 'no such task' };
		const base = String(body.sandboxUrl ?? '');
		const deadline = Math.floor(Date.now() / 1000) + this.settings.fileUrlTtlSeconds;
		const fields: Record<string, unknown> = {
			project_key: body.projectKey ?? task.fields.project_key,
			task_no: task.taskNo,
			ts: String(Math.floor(Date.now() / 1000)),
			task_file_url: `${base}/${this.name}/files/task-${task.taskNo}?Expires=${deadline}&Signature=sandbox`,
			task_result_file_url: `${base}/${this.name}/files/result-${task.taskNo}-1.0?Expires=${deadline}&Signature=sandbox`,
			user_code: task.fields.user_code ?? '',
			task_language_type: task.fields.task_language_type ?? 'cn',
			task_source: 'API接口',
			remark: '',
			longitude: '',
			latitude: '',
			task_end_status: task.endStatus,
			task_extra_data: { start_time: task.fields.start_time ?? '' },
		};
		const form = body.format === 'form';
		const response = await fetch(String(body.url), {
			method: 'POST',
			headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
			body: form
				? new URLSearchParams(
						Object.entries(fields).map(([key, value]): [string, string] => [
							key,
							typeof value === 'object' ? JSON.stringify(value) : String(value),
						]),
					).toString()
				: JSON.stringify(fields),
		});
		return { status: response.status, answer: await response.text() };
	}
}
