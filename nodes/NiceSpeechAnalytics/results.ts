import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Task } from '../common/taskModel';
import { taskToJson } from '../common/taskModel';
import type { RequestContext } from '../common/vendorRequest';
import type { ParsedResult } from './resultFile';
import { audioTranscript, parseResultFile } from './resultFile';
import { downloadFile, niceRequest } from './transport';

/** A file URL and its deadline, as getTaskFile / getResultFile give them. */
export function fileLink(data: IDataObject, urlKey: string): { url: string; deadline?: string } {
	const url = String(data[urlKey] ?? '');
	const deadline = Number(data.deadline_time);
	return {
		url,
		...(Number.isFinite(deadline) && deadline > 0
			? { deadline: new Date(deadline * 1000).toISOString() }
			: {}),
	};
}

export async function downloadAndParse(
	context: RequestContext,
	url: string,
	itemIndex: number,
	timeoutMs?: number,
): Promise<{ bytes: Buffer; parsed: ParsedResult }> {
	const bytes = await downloadFile(context, url, { itemIndex, timeoutMs });
	const parsed = parseResultFile(bytes.toString('utf8'));
	if (!parsed) {
		throw new NodeOperationError(
			context.getNode(),
			'The result file is not in any format NICE documents',
			{
				itemIndex,
				description: `Got ${bytes.length} bytes from ${url.split('?')[0]}. Turn Output to "Download as Binary" to see it.`,
			},
		);
	}
	return { bytes, parsed };
}

/** getResultFile: the URL of a finished task's result file. */
export async function resultFileLink(
	context: RequestContext,
	taskNo: string,
	version: string,
	itemIndex: number,
	timeoutMs?: number,
) {
	const data = await niceRequest(
		context,
		'/task/getResultFile',
		{ task_no: taskNo, version },
		{ itemIndex, timeoutMs, idempotent: true },
	);
	return fileLink(data, 'task_result_file_url');
}

/** The task with what the parsed file adds to it: segments and transcript of an audio task. */
export function withResult(task: Task, parsed: ParsedResult): Task {
	return parsed.kind === 'audio' ? { ...task, ...audioTranscript(parsed.segments) } : task;
}

/** Output items for a parsed result: one item with the whole file, or one per entry. */
export function parsedItems(
	task: Task,
	parsed: ParsedResult,
	output: 'parsed' | 'items',
): INodeExecutionData[] {
	if (output === 'parsed')
		return [
			{
				json: { ...taskToJson(withResult(task, parsed)), result: parsed as unknown as IDataObject },
			},
		];
	const entries =
		parsed.kind === 'audio'
			? parsed.segments
			: parsed.kind === 'text'
				? parsed.items
				: parsed.comments;
	return entries.map((entry) => ({
		json: { vendor: 'nice', taskId: task.taskId, kind: parsed.kind, ...entry },
	}));
}
