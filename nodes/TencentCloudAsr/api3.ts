import type { IDataObject } from 'n8n-workflow';

import { TENCENT_API3_AUTH_CODES } from '../../credentials/TencentCloudAsrApi.credentials';
import type { VendorCodeTable } from '../common/errors';
import type { Segment, Task, TaskStatus } from '../common/taskModel';

/**
 * Tencent Cloud ASR API 3.0 (CreateRecTask / DescribeTaskStatus) as data: its string error
 * codes, its task statuses and sentences, read into the common task model.
 */

export const TENCENT_API3_CODES: VendorCodeTable = {
	// The credential's own codes (keys, token, account), where its Test button reads them.
	...TENCENT_API3_AUTH_CODES,
	InvalidParameter: { meaning: 'a parameter is not valid', action: 'Check the node parameters.' },
	InvalidParameterValue: {
		meaning: 'a parameter value is not valid',
		action: 'Check the node parameters (speaker diarization needs mono audio).',
	},
	MissingParameter: {
		meaning: 'a required parameter is missing',
		action: 'Check the node parameters.',
	},
	RequestLimitExceeded: {
		meaning: 'too many requests per second',
		action:
			'Calls were sent again, up to 4 times; lower Concurrent Items or run fewer executions at once.',
	},
	'RequestLimitExceeded.UinLimitExceeded': {
		meaning: 'too many requests from this account',
		action: 'Run fewer executions at once.',
	},
	'RequestLimitExceeded.IPLimitExceeded': {
		meaning: 'too many requests from this IP address',
		action: 'Run fewer executions at once.',
	},
	RequestSizeLimitExceeded: {
		meaning: 'the request is too large',
		action: 'Send files over 5 MB by URL.',
	},
	InternalError: {
		meaning: 'Tencent failed internally',
		action: 'Try again later (reads are retried).',
	},
	LimitExceeded: {
		meaning: 'a quota is exceeded',
		action: 'Check the account quotas in the Tencent console.',
	},
	'FailedOperation.NoSuchTask': {
		meaning: 'the task does not exist (results are kept 24 hours)',
		action: 'Check the Task ID; tasks older than a day are gone.',
	},
	'FailedOperation.ErrorDownFile': {
		meaning: 'Tencent could not download the audio',
		action: 'Make the audio URL public and reachable from Tencent.',
	},
	'FailedOperation.ErrorRecognize': {
		meaning: 'the recognition failed',
		action: 'Check the audio and the engine model.',
	},
	'FailedOperation.UserHasNoFreeAmount': {
		meaning: 'the free quota is used up and no paid plan is active',
		action: 'Buy a resource pack or enable pay-as-you-go.',
	},
	'InvalidParameterValue.ErrorInvalidUrl': {
		meaning: 'the audio URL is not valid',
		action: 'Give a public http(s) URL.',
	},
	'InvalidParameterValue.ErrorVoicedataTooLong': {
		meaning: 'the audio is too long or too large',
		action: 'Send files over 5 MB by URL; keep audio under 5 hours.',
	},
	'InvalidParameterValue.ErrorInvalidVoiceFormat': {
		meaning: 'the audio format is not supported',
		action: 'Send wav, mp3, m4a, flac, opus, ogg, amr, aac or similar.',
	},
	'InvalidParameter.ErrorContentlength': {
		meaning: 'DataLen does not match the data',
		action: 'Report it: the node computes DataLen.',
	},
};

/** Refused before the action ran (`.UinLimitExceeded`, `.IPLimitExceeded` included): sent again. */
export const API3_REFUSED_BEFORE_ACTING = ['RequestLimitExceeded'];
/** A failure of Tencent's after which only a read may be sent again. */
export const API3_RETRYABLE_FOR_READS = ['InternalError'];

const STATUSES: Readonly<Record<number, TaskStatus>> = {
	0: 'queued',
	1: 'running',
	2: 'succeeded',
	3: 'failed',
};

/** A time prefix of Result and of a 3.0 callback's text: "[0:1.640,0:4.600]  ". */
const TIMED_LINE = /^\[(\d+):(\d+(?:\.\d+)?),(\d+):(\d+(?:\.\d+)?)\]\s*(.*)$/;

/** Result's lines → segments (when there is no ResultDetail) and the plain transcript. */
export function readTimedText(
	text: string,
): { segments: Segment[]; transcript: string } | undefined {
	const lines = text.split('\n').filter((line) => line.trim());
	const matches = lines.map((line) => TIMED_LINE.exec(line.trim()));
	if (!lines.length || matches.some((match) => !match)) return undefined;
	const segments = matches.map((match) => ({
		start: Number(match![1]) * 60 + Number(match![2]),
		end: Number(match![3]) * 60 + Number(match![4]),
		text: match![5],
	}));
	return { segments, transcript: segments.map((segment) => segment.text).join('') };
}

/** ResultDetail sentences → segments (seconds, speaker, text). */
export function sentenceSegments(detail: unknown): Segment[] {
	return (Array.isArray(detail) ? (detail as IDataObject[]) : []).map((sentence) => {
		const start = Number(sentence.StartMs ?? 0) / 1000;
		const segment: Segment = {
			start,
			end: Math.max(start, Number(sentence.EndMs ?? 0) / 1000),
			text: String(sentence.FinalSentence ?? ''),
		};
		if (sentence.SpeakerId !== undefined && sentence.SpeakerId !== null)
			segment.speaker = Number(sentence.SpeakerId);
		return segment;
	});
}

/** DescribeTaskStatus's Data → the common task model. */
export function api3TaskToModel(data: IDataObject): Task {
	const status = STATUSES[Number(data.Status)] ?? 'running';
	const task: Task = { vendor: 'tencent', taskId: String(data.TaskId), status };
	if (status === 'failed') {
		task.error = {
			code: 'TASK_FAILED',
			message: String(data.ErrorMsg || 'Tencent reported the recognition as failed'),
		};
	}
	if (status !== 'succeeded') return task;
	const timed = typeof data.Result === 'string' ? readTimedText(data.Result) : undefined;
	const segments = Array.isArray(data.ResultDetail)
		? sentenceSegments(data.ResultDetail)
		: (timed?.segments ?? []);
	if (segments.length) task.segments = segments;
	task.transcript = segments.length
		? segments.map((segment) => segment.text).join('')
		: String(data.Result ?? '');
	const duration = Number(data.AudioDuration);
	if (Number.isFinite(duration) && duration >= 0) task.audioDuration = duration;
	return task;
}
