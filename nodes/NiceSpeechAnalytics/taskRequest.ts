import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { binarySize, formatBytes } from '../common/binary';
import type { MultipartFile } from '../common/multipart';
import type { TaskOptions } from '../common/properties';
import { httpUrlParameter } from '../common/url';
import { createTaskWithFile, CREDENTIAL_TYPE, niceRequest } from './transport';

/** NICE's limits: a recording under 500 MB, a text file under 100 MB. */
export const MAX_BYTES = { audio: 500 * 1024 * 1024, text: 100 * 1024 * 1024 };

/** The default project key, read once per node run and only when a create needs it. */
const projectKeys = new WeakMap<object, Promise<string>>();
async function projectKey(context: IExecuteFunctions, itemIndex: number): Promise<string> {
	const given = String(context.getNodeParameter('projectKey', itemIndex, '')).trim();
	if (given) return given;
	if (!projectKeys.has(context)) {
		projectKeys.set(
			context,
			context
				.getCredentials(CREDENTIAL_TYPE, itemIndex)
				.then((data) => String(data.projectKey ?? '').trim()),
		);
	}
	const fallback = await projectKeys.get(context)!;
	if (!fallback) {
		throw new NodeOperationError(context.getNode(), 'No project key', {
			itemIndex,
			description: 'Give a Project Key, or a Default Project Key in the NICE credential.',
		});
	}
	return fallback;
}

/** The text file NICE expects, built from items: {"data":[{"id","content"}]}. */
function textFile(
	context: IExecuteFunctions,
	itemIndexes: number[],
): { content: Buffer; rows: number } {
	const rows = itemIndexes.map((itemIndex) => {
		const json = context.getInputData()[itemIndex].json;
		const idField = String(context.getNodeParameter('idField', itemIndex, 'id'));
		const contentField = String(context.getNodeParameter('contentField', itemIndex, 'content'));
		const content = json[contentField];
		if (typeof content !== 'string' || !content) {
			throw new NodeOperationError(
				context.getNode(),
				`Item ${itemIndex} has no text in "${contentField}"`,
				{ itemIndex },
			);
		}
		return { id: String(json[idField] ?? itemIndex + 1), content };
	});
	return { content: Buffer.from(JSON.stringify({ data: rows }), 'utf8'), rows: rows.length };
}

function tooLarge(
	context: IExecuteFunctions,
	kind: 'audio' | 'text',
	bytes: number,
	itemIndex: number,
): void {
	if (bytes < MAX_BYTES[kind]) return;
	throw new NodeOperationError(
		context.getNode(),
		`The ${kind} file is ${formatBytes(bytes)}; NICE accepts ${kind === 'audio' ? 'less than 500 MB' : 'less than 100 MB'}`,
		{
			itemIndex,
			description: 'Nothing was sent. Split the file, or give NICE a URL of a smaller one.',
		},
	);
}

/**
 * task/create from Create Task's parameters: the documented fields, then the file from a URL
 * (JSON body), an item's binary field (streamed multipart) or the items' texts (multipart).
 */
export async function createFromParameters(
	context: IExecuteFunctions,
	itemIndex: number,
	itemIndexes: number[],
	kind: 'audio' | 'text',
	source: 'url' | 'binary' | 'items',
	options: TaskOptions,
): Promise<IDataObject> {
	const fields: Record<string, string> = {
		project_key: await projectKey(context, itemIndex),
		ts: String(Math.floor(Date.now() / 1000)),
		task_type: kind === 'audio' ? '1' : '2',
		task_language_type: String(context.getNodeParameter('language', itemIndex, 'cn')),
	};
	if (options.userCode) fields.user_code = String(options.userCode);
	if (options.startTime)
		fields.start_time = String(Math.floor(new Date(String(options.startTime)).getTime() / 1000));
	if (kind === 'text' && options.rows) fields.rows = String(options.rows);
	const call = { itemIndex, timeoutMs: options.requestTimeoutMs };

	let created: IDataObject;
	if (source === 'url') {
		const url = httpUrlParameter(context, context.getNodeParameter('taskFileUrl', itemIndex), {
			field: 'File URL',
			maxLength: 2048,
			limit: 'NICE accepts at most 2048',
			itemIndex,
		});
		created = await niceRequest(
			context,
			'/task/create',
			{ ...fields, task_file_url: url },
			{ ...call, idempotent: false },
		);
	} else {
		let file: MultipartFile;
		if (source === 'binary') {
			const binaryPropertyName = String(context.getNodeParameter('binaryPropertyName', itemIndex));
			const binaryData = context.helpers.assertBinaryData(itemIndex, binaryPropertyName);
			tooLarge(context, kind, await binarySize(context, binaryData), itemIndex);
			const name = binaryData.fileName ?? (kind === 'text' ? 'task.txt' : 'recording');
			file = {
				field: 'task_file',
				fileName: kind === 'text' && !name.endsWith('.txt') ? `${name}.txt` : name,
				mimeType: binaryData.mimeType,
				binaryPropertyName,
				binaryData,
			};
		} else {
			const built = textFile(context, itemIndexes);
			tooLarge(context, kind, built.content.length, itemIndex);
			fields.rows = String(built.rows);
			file = {
				field: 'task_file',
				fileName: 'n8n-items.txt',
				mimeType: 'text/plain',
				content: built.content,
			};
		}
		created = await createTaskWithFile(context, fields, file, call);
	}
	return created;
}
