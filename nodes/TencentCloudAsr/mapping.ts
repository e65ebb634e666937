import { TENCENT_AUTH_CODES } from '../../credentials/TencentCloudAsrApi.credentials';
import type { CallbackRequest } from '../common/callback';
import { readFormFields } from '../common/callback';
import type { VendorCodeTable } from '../common/errors';
import type { Task } from '../common/taskModel';
import { readTimedText, sentenceSegments } from './api3';

export const VENDOR = 'Tencent Cloud ASR';

/** Reply codes of the create call, from the vendor document (Chinese original in brackets). */
export const TENCENT_ERROR_CODES: VendorCodeTable = {
	'1000': {
		meaning: 'the request parameters are not valid (请求的参数不符合要求)',
		action: 'Check the node parameters; 2 channels are only allowed with 8k engines.',
	},
	'1001': {
		meaning: 'invalid request (int32; the document lists this code without more detail)',
		action: 'Check the node parameters and try again.',
	},
	'1002': {
		meaning: 'projectid is missing or not valid (没有提供projectid，或者值不合法)',
		action: 'Set Project ID to a project of this account (0 is the default project).',
	},
	'1003': {
		meaning: 'res_text_format is missing or not valid (没有提供res_text_format，或者值不合法)',
		action: 'Pick a Result Text Encoding from the list.',
	},
	'1004': {
		meaning: 'sub_service_type is missing or not valid (没有提供sub_service_type，或者值不合法)',
		action: 'Only full-text transcription (0) is supported.',
	},
	'1005': {
		meaning: 'engine_model_type is missing or not valid (没有提供engine_model_type，或者值不合法)',
		action: 'Pick an Engine Model Type from the list, or one your account has enabled.',
	},
	'1006': {
		meaning: 'callback_url is missing or not valid (没有提供callback_url，或者值不合法)',
		action: 'Give a public http(s) callback URL shorter than 2048 characters.',
	},
	'1007': {
		meaning: 'res_type is missing or not valid (没有提供res_type，或者值不合法)',
		action: 'Only asynchronous results (1) are supported.',
	},
	'1008': {
		meaning: 'source_type is missing or not valid (没有提供source_type，或者值不合法)',
		action: 'Choose the audio source: a URL or a binary file.',
	},
	'1009': {
		meaning: 'no valid audio URL was given (没有提供下载语音的url，或者值不合法)',
		action: 'Give a public http(s) URL of the recording.',
	},
	'1013': {
		meaning: 'nonce is missing or not valid (没有提供nonce，或者值不合法)',
		action: 'Retry; if it persists, report it: the node generates the nonce.',
	},
	'1014': {
		meaning: 'template_name is not valid (提供的template_name不合法)',
		action:
			'Check the template name in the Tencent console, or clear it to use the engine parameters.',
	},
	'1016': {
		meaning: 'the URL is longer than 2048 characters (提供的url长度大于2048)',
		action: 'Shorten the audio or callback URL.',
	},
	'1019': {
		meaning:
			'appid, projectid and template_name do not match (提供的appid，projectid与template_name不匹配)',
		action: 'Use a template that belongs to this App ID and project.',
	},
	'1020': {
		meaning: 'internal server error (服务端处理出现内部错误)',
		action: 'Tencent failed; try again later.',
	},
	'1028': {
		meaning: 'replayed request (重放攻击)',
		action: 'The same signed request was sent twice; run the node again (each run signs anew).',
	},
	'1031': {
		meaning: 'the audio data is too large (more than 5 MB) (发送的语音数据过大（大于5M）)',
		action: 'Send files up to 5 MB as binary, or give a URL for larger recordings.',
	},
	'1032': {
		meaning:
			'the template is bound to COS, which the REST API does not use (使用的template_name配置为绑定COS)',
		action: 'Use a template that is not bound to COS.',
	},
	// The credential's own codes (keys, App ID, clock), where its Test button reads them.
	...TENCENT_AUTH_CODES,
	'1033': {
		meaning: 'other unknown error (其他未知错误)',
		action: 'Try again later; contact Tencent support with the request id if it persists.',
	},
};

/** The fields of Tencent's result callback, already form-decoded once. */
export interface TencentCallbackFields {
	code?: string;
	message?: string;
	requestId?: string;
	appid?: string;
	projectid?: string;
	audioUrl?: string;
	text?: string;
	audioTime?: string;
	/** API 3.0 only: the sentences as a JSON string (absent when ResTextFormat is 0). */
	resultDetail?: string;
}

/** Why a callback's form fields are not a usable Tencent callback; undefined when they are. */
export function invalidCallbackReason(fields: TencentCallbackFields): string | undefined {
	if (!fields.requestId || !/^\d+$/.test(fields.requestId))
		return 'requestId is missing or not a number';
	if (fields.code === undefined || !/^-?\d+$/.test(fields.code))
		return 'code is missing or not a number';
	return undefined;
}

/** A callback request's fields once they are a usable Tencent callback, or why they are not. */
export async function readTencentCallback(
	request: CallbackRequest,
): Promise<{ fields: TencentCallbackFields } | { reason: string }> {
	const form = await readFormFields(request);
	const reason = 'reason' in form ? form.reason : invalidCallbackReason(form.fields);
	return reason
		? { reason: `Not a Tencent ASR callback: ${reason}` }
		: { fields: (form as { fields: TencentCallbackFields }).fields };
}

/**
 * A validated callback → the common task model. API 3.0 callbacks carry their sentences (in
 * resultDetail, or as time-prefixed lines of text), which become segments; legacy ones a plain
 * transcript. So a task with segments came from API 3.0.
 */
export function tencentCallbackToTask(fields: TencentCallbackFields, receivedAt: Date): Task {
	const succeeded = fields.code === '0';
	const task: Task = {
		vendor: 'tencent',
		taskId: String(fields.requestId),
		status: succeeded ? 'succeeded' : 'failed',
		finishedAt: receivedAt.toISOString(),
	};
	if (typeof fields.text === 'string' && (succeeded || fields.text !== ''))
		task.transcript = fields.text;
	let detail: unknown;
	try {
		detail = fields.resultDetail ? JSON.parse(fields.resultDetail) : undefined;
	} catch {
		detail = undefined;
	}
	const timed = succeeded && fields.text ? readTimedText(fields.text) : undefined;
	const segments = Array.isArray(detail) ? sentenceSegments(detail) : (timed?.segments ?? []);
	if (segments.length) {
		task.segments = segments;
		task.transcript = segments.map((segment) => segment.text).join('');
	}
	const seconds = Number(fields.audioTime);
	if (
		fields.audioTime !== undefined &&
		fields.audioTime !== '' &&
		Number.isFinite(seconds) &&
		seconds >= 0
	) {
		task.audioDuration = seconds;
	}
	if (!succeeded)
		task.error = {
			code: Number(fields.code),
			message: fields.message || 'Tencent reported the recognition as failed',
		};
	return task;
}

/** Whether a task came from an API 3.0 callback (see tencentCallbackToTask). */
export const isApi3Task = (task: { segments?: unknown }): boolean => Array.isArray(task.segments);

/** What Tencent must receive for a callback it should not send again (legacy, then API 3.0). */
export const CALLBACK_ACCEPTED = { code: 0, message: '成功' };
export const API3_CALLBACK_ACCEPTED = { code: 0, message: 'success' };
