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
	replyCode?: { code: number; msg: string };
}

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
					createdAt: Date.now(),
					replyCode: spec.replyCode,
				});
				return { taskId };
			}
			case 'advance': {
				const task = this.tasks.get(String(body.taskId));
				if (!task) throw new Error(`no task ${String(body.taskId)}`);
				task.state = { ...task.state, ...(body as Partial<NeunitTaskState>) };
				return { taskId: task.taskId, state: task.state };
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
			if (next) task.state = { ...task.state, ...next };
		}
		return reply;
	}

	/** Applies every step whose time has come: step n is due n × stepEveryMs after creation. */
	private advanceByClock(task: NeunitTask): void {
		const due = Math.floor((Date.now() - task.createdAt) / (task.stepEveryMs ?? 1));
		while (task.appliedSteps < due && task.steps.length > 0) {
			task.state = { ...task.state, ...task.steps.shift()! };
			task.appliedSteps++;
		}
	}
}
