import type { IDataObject } from 'n8n-workflow';

import type { VendorCodeTable } from '../common/errors';
import type { Task, TaskStatus } from '../common/taskModel';

export const VENDOR = 'NICE';

/**
 * NICE's documents list no business codes: its replies carry `errcode` (0 for success) and
 * its own message, which errors show as they are. The codes here are this package's own, for
 * what it reads in a reply or a file URL.
 */
export const NICE_ERROR_CODES: VendorCodeTable = {
	URL_EXPIRED: {
		meaning: 'the file URL has expired (NICE file URLs are valid for 24 hours)',
		action: 'Run Get Task File or Get Result File again for a new URL.',
	},
};

/** task_end_status, with the seed's words (Chinese original in brackets) and what to do. */
export const NICE_END_STATUSES: Readonly<
	Record<number, { status: TaskStatus; meaning: string; action?: string }>
> = {
	1: { status: 'running', meaning: 'processing (处理中)' },
	2: { status: 'succeeded', meaning: 'done (处理完成)' },
	3: {
		status: 'failed',
		meaning: 'speech recognition failed (语音识别失败)',
		action: 'Check that the audio file plays and is longer than 10 seconds.',
	},
	4: {
		status: 'failed',
		meaning: 'analysis failed (分析失败)',
		action:
			'For a text task, check that the file is the {"data":[{"id","content"}]} JSON NICE expects.',
	},
	5: {
		status: 'failed',
		meaning: 'execution error (执行异常)',
		action: "Contact NICE's product support team (mengxuan.shi@zebra-c.com) with the task number.",
	},
};

/** A task's status as getResult (or a push) reports it → the common task model. */
export function niceStatusToTask(taskNo: string, data: IDataObject): Task {
	const endStatus = Number(data.task_end_status);
	const known = NICE_END_STATUSES[endStatus];
	const task: Task = { vendor: 'nice', taskId: taskNo, status: known?.status ?? 'running' };
	if (known?.status === 'failed') {
		const detail =
			typeof data.task_status_str === 'string' && data.task_status_str
				? ` (${data.task_status_str})`
				: '';
		task.error = {
			code: `END_STATUS_${endStatus}`,
			message: `NICE: ${known.meaning}${detail}. ${known.action ?? ''}`.trim(),
		};
	}
	return task;
}

/** The languages NICE recognises (task_language_type). */
export const NICE_LANGUAGES = [
	{ name: 'Mandarin', value: 'cn' },
	{ name: 'Cantonese', value: 'cn_cantonese' },
	{ name: 'Henanese', value: 'cn_henanese' },
	{ name: 'Southwestern Mandarin (Yunnan, Guizhou, Sichuan, Chongqing)', value: 'cn_xinanese' },
	{ name: 'English', value: 'en' },
];

/** "0:00:06.240000" (H:MM:SS.ffffff) → 6.24 seconds. */
export function niceTime(value: unknown): number | undefined {
	const match = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(String(value ?? '').trim());
	if (!match) return undefined;
	return (
		Math.round((Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])) * 1_000_000) /
		1_000_000
	);
}
