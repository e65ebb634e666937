import { randomUUID } from 'crypto';

import type { SandboxReply, SandboxRequest, VendorModule } from '../types';
import { jsonReply } from '../types';

/** One state of a Neunit task as get_task_status reports it. */
export interface NeunitTaskState {
	status: 0 | 1 | 2 | 3;
	percent?: number;
	result?: string;
	error_msg?: string;
}

export interface NeunitTaskSpec extends Partial<NeunitTaskState> {
	taskId?: string;
	/** States the task moves through: one step after each status query (or each stepEveryMs). */
	steps?: NeunitTaskState[];
	/** Advance on a clock instead of per query (demo workflows). */
	stepEveryMs?: number;
	/**
	 * Start that clock at the first status query naming the task instead of at creation, so a
	 * task "ends N s after polling began" however long the poller took to start.
	 */
	clockFromFirstQuery?: boolean;
	/** Answer every query for this task with this business code (the seed's 10101001-10101005). */
	replyCode?: { code: number; msg: string };
}

interface NeunitTask {
	taskId: string;
	state: NeunitTaskState;
	steps: NeunitTaskState[];
	stepEveryMs?: number;
	appliedSteps: number;
	createdAt: number;
	/** When the clock of stepEveryMs started; undefined until the first query with clockFromFirstQuery. */
	clockStartedAt?: number;
	replyCode?: { code: number; msg: string };
	statusQueries: number;
	finishedAt?: number;
}

/** What the `task` control action tells about one task: for timing how soon a poller noticed its end. */
export interface NeunitTaskReport {
	taskId: string;
	state: NeunitTaskState;
	createdAt: number;
	clockStartedAt?: number;
	/** get_task_status calls that named this task. */
	statusQueries: number;
	/**
	 * When the task reached succeeded or failed (epoch ms). A clock-driven task ends when its
	 * step falls due, whether or not anyone asked; a per-query one when the query moved it.
	 */
	finishedAt?: number;
}

const isFinishedStatus = (status: number | undefined) => status === 2 || status === 3;

/**
 * The only code whose number is not published: Neunit's "public error codes" page is
 * missing from the seed, so an unknown task gets this placeholder business reply.
 */
export const TASK_NOT_FOUND = { code: 404, msg: 'task not found' };

/** Neunit cloud ASR: POST /cloud/asr/v1/get_task_status, as the seed documents it. */
export class NeunitSandbox implements VendorModule {
	readonly name = 'neunit';

	private tasks = new Map<string, NeunitTask>();

	/** Headers every request must carry (the account key), when a test sets them. */
	private requiredHeaders: Record<string, string> = {};

	reset(): void {
		this.tasks.clear();
		this.requiredHeaders = {};
	}

	control(action: string, body: Record<string, unknown>): unknown {
		switch (action) {
			case 'tasks': {
				const spec = body as NeunitTaskSpec;
				const taskId = spec.taskId ?? `q-${randomUUID().replace(/-/g, '').slice(0, 20)}`;
				const createdAt = Date.now();
				this.tasks.set(taskId, {
					taskId,
					state: {
						status: spec.status ?? 0,
						percent: spec.percent ?? 0,
						result: spec.result ?? '',
						error_msg: spec.error_msg ?? '',
					},
					steps: [...(spec.steps ?? [])],
					stepEveryMs: spec.stepEveryMs,
					appliedSteps: 0,
					createdAt,
					clockStartedAt: spec.clockFromFirstQuery ? undefined : createdAt,
					replyCode: spec.replyCode,
					statusQueries: 0,
					finishedAt: isFinishedStatus(spec.status) ? createdAt : undefined,
				});
				return { taskId };
			}
			case 'advance': {
				const task = this.tasks.get(String(body.taskId));
				if (!task) throw new Error(`no task ${String(body.taskId)}`);
				task.state = { ...task.state, ...(body as Partial<NeunitTaskState>) };
				this.noteFinish(task, Date.now());
				return { taskId: task.taskId, state: task.state };
			}
			case 'task': {
				const task = this.tasks.get(String(body.taskId));
				if (!task) throw new Error(`no task ${String(body.taskId)}`);
				// A step already due counts as done even if nobody has asked since.
				if (task.stepEveryMs) this.advanceByClock(task);
				const report: NeunitTaskReport = {
					taskId: task.taskId,
					state: task.state,
					createdAt: task.createdAt,
					clockStartedAt: task.clockStartedAt,
					statusQueries: task.statusQueries,
					finishedAt: task.finishedAt,
				};
				return report;
			}
			case 'configure': {
				this.requiredHeaders = Object.fromEntries(
					Object.entries((body.requiredHeaders ?? {}) as Record<string, string>).map(
						([name, value]) => [name.toLowerCase(), value],
					),
				);
				return { ok: true };
			}
			default:
				throw new Error(`unknown neunit control action "${action}"`);
		}
	}

	handle(request: SandboxRequest): SandboxReply {
		const rid = randomUUID();
		if (request.path !== '/cloud/asr/v1/get_task_status')
			return jsonReply(404, { rid, code: 404, msg: 'not found' });
		if (request.method !== 'POST')
			return jsonReply(405, { rid, code: 405, msg: 'method not allowed' });

		for (const [name, value] of Object.entries(this.requiredHeaders)) {
			if (request.headers[name] !== value)
				return jsonReply(401, { rid, code: 401, msg: 'unauthorized' });
		}

		let payload: unknown;
		try {
			payload = JSON.parse(request.body.toString('utf8'));
		} catch {
			return jsonReply(200, { rid, code: 10101004, msg: '参数 data 解析失败。', data: null });
		}
		if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
			return jsonReply(200, { rid, code: 10101004, msg: '参数 data 解析失败。', data: null });
		}
		const taskId = (payload as { task_id?: unknown }).task_id;
		if (typeof taskId !== 'string' || taskId === '') {
			return jsonReply(200, { rid, code: 10101003, msg: '参数 data 不能为空。', data: null });
		}

		const task = this.tasks.get(taskId);
		if (!task) return jsonReply(200, { rid, ...TASK_NOT_FOUND, data: null });
		task.statusQueries++;
		task.clockStartedAt ??= Date.now();
		if (task.replyCode) return jsonReply(200, { rid, ...task.replyCode, data: null });

		if (task.stepEveryMs) this.advanceByClock(task);
		const { state } = task;
		const reply = jsonReply(200, {
			rid,
			code: 0,
			msg: 'OK',
			data: {
				status: state.status,
				result: state.result ?? '',
				error_msg: state.error_msg ?? '',
				percent: state.percent ?? 0,
			},
		});
		if (!task.stepEveryMs) {
			const next = task.steps.shift();
			if (next) {
				task.state = { ...task.state, ...next };
				this.noteFinish(task, Date.now());
			}
		}
		return reply;
	}

	private noteFinish(task: NeunitTask, at: number): void {
		if (task.finishedAt === undefined && isFinishedStatus(task.state.status)) task.finishedAt = at;
	}

	/** Applies every step whose time has come: step n is due n × stepEveryMs after the clock started. */
	private advanceByClock(task: NeunitTask): void {
		if (task.clockStartedAt === undefined) return;
		const due = Math.floor((Date.now() - task.clockStartedAt) / (task.stepEveryMs ?? 1));
		while (task.appliedSteps < due && task.steps.length > 0) {
			task.state = { ...task.state, ...task.steps.shift()! };
			task.appliedSteps++;
			// The moment the step fell due, not the (later) query that applied it.
			this.noteFinish(task, task.clockStartedAt + task.appliedSteps * (task.stepEveryMs ?? 1));
		}
	}
}
