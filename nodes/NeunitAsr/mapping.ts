import type { IDataObject } from 'n8n-workflow';

import type { VendorCodeTable } from '../common/errors';
import type { Task, TaskStatus } from '../common/taskModel';

export const VENDOR = 'Neunit ASR';

/** Business codes of get_task_status, from the vendor's document (Chinese original in brackets). */
export const NEUNIT_ERROR_CODES: VendorCodeTable = {
	'10101001': {
		meaning: 'the audio file URL could not be fetched (音频文件 url 获取失败)',
		action:
			'Make sure the audio URL given when the task was created is public and reachable from Neunit, then create the task again.',
	},
	'10101002': {
		meaning: 'the url parameter is empty (参数 url 不能为空)',
		action: 'Give an audio URL when creating the task.',
	},
	'10101003': {
		meaning: 'the data parameter is empty (参数 data 不能为空)',
		action: 'Send a task id: the Task ID field resolved to an empty value.',
	},
	'10101004': {
		meaning: 'the data parameter could not be parsed (参数 data 解析失败)',
		action: 'The request body was not accepted; check that the task id is a plain string.',
	},
	'10101005': {
		meaning: 'speech recognition failed, retry later (asr 转义失败，请稍后重试)',
		action:
			'Neunit could not transcribe the audio this time; retry later, and check the audio format if it keeps failing.',
	},
};

const STATUS_BY_CODE: Readonly<Record<number, TaskStatus>> = {
	0: 'queued',
	1: 'running',
	2: 'succeeded',
	3: 'failed',
};

/**
 * `data` of a successful get_task_status reply → the common task model; undefined when
 * the status is not one the document lists (failing loudly beats guessing).
 */
export function neunitTaskToModel(taskId: string, data: IDataObject): Task | undefined {
	const status = STATUS_BY_CODE[data.status as number];
	if (status === undefined) return undefined;

	const task: Task = { vendor: 'neunit', taskId, status };
	if (typeof data.percent === 'number' && Number.isFinite(data.percent)) {
		task.progress = Math.min(100, Math.max(0, data.percent));
	}
	if (typeof data.result === 'string' && data.result !== '') task.transcript = data.result;
	if (status === 'failed') {
		const reason =
			typeof data.error_msg === 'string' && data.error_msg !== ''
				? data.error_msg
				: 'Neunit reported the task as failed without a reason';
		task.error = { code: 'TASK_FAILED', message: reason };
	}
	return task;
}
