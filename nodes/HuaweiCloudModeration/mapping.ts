import { createHmac } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { HUAWEI_AUTH_CODES } from '../../credentials/HuaweiCloudApi.credentials';
import type { CallbackRequest } from '../common/callback';
import { constantTimeEqual, readJsonBody } from '../common/callback';
import type { VendorCodeTable } from '../common/errors';
import type { ModerationLabel, Segment, Task, TaskStatus } from '../common/taskModel';

export const VENDOR = 'Huawei Cloud Moderation';

/** Huawei's rule for a job's `seed`, which signs its callback. */
export const SEED_PATTERN = /^[A-Za-z0-9_]{1,64}$/;

/** What Huawei gets for a callback it should not send again: HTTP 200 (the body is not read). */
export const CALLBACK_ACCEPTED = { result: 'received' };

/** Error codes (HTTP 400 etc., `error_code`/`error_msg`), from the vendor notes. */
export const HUAWEI_ERROR_CODES: VendorCodeTable = {
	// The credential's own codes (keys, token, project, region), where its Test button reads them.
	...HUAWEI_AUTH_CODES,
	'AIS.0003': { meaning: 'internal error of the service', action: 'Try again later.' },
	'AIS.0005': {
		meaning: 'the service does not exist',
		action: 'Check the Region and the Endpoint in the credential.',
	},
	'AIS.0010': {
		meaning: 'a required header is missing',
		action: 'Report it: the node sends the headers Huawei needs.',
	},
	'AIS.0011': {
		meaning: 'a required parameter is missing',
		action: 'Give an audio URL, and categories when no Biz Type is set.',
	},
	'AIS.0012': {
		meaning: 'a parameter is not supported',
		action: 'Check the categories, the event type and the Biz Type.',
	},
	'AIS.0013': {
		meaning: 'the method is not allowed',
		action: 'Report it: the node uses the documented methods.',
	},
	'AIS.0014': {
		meaning: 'the JSON body is not valid',
		action: 'Report it: the node builds the body.',
	},
	'AIS.0015': { meaning: 'the base64 data is not valid', action: 'Check the input data.' },
	'AIS.0020': {
		meaning: 'the request body is too large',
		action: 'Send a URL of the recording, not its content.',
	},
	'AIS.0030': {
		meaning: 'the job does not exist',
		action:
			'Check the job ID, and that the credential uses the project and region the job was created in.',
	},
	'AIS.0401': {
		meaning: 'the event type is not valid',
		action: 'Pick an Event Type from the list.',
	},
};

/** Huawei's labels (the query document), with the console's Chinese names. */
export const HUAWEI_LABELS: Readonly<Record<string, string>> = {
	terrorism: 'Terrorism (暴恐)',
	politics: 'Politics (涉政)',
	porn: 'Pornography (色情)',
	ban: 'Banned content (违禁)',
	abuse: 'Abuse (辱骂)',
	ad: 'Advertising (广告)',
	moan: 'Moaning (娇喘)',
	meaningless: 'Meaningless audio (无意义)',
};

const STATUSES: Readonly<Record<string, TaskStatus>> = {
	running: 'running',
	succeeded: 'succeeded',
	failed: 'failed',
};

/**
 * Huawei reports times like "2022-06-20 11:05:29" without a zone; the five regions of the
 * service all report UTC+8 (Beijing, Shanghai, Hong Kong, Singapore).
 */
export function huaweiTimeToIso(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value.trim());
	return match ? `${match[1]}T${match[2]}+08:00` : undefined;
}

const seconds = (value: unknown) =>
	typeof value === 'number' && value >= 0 ? value : Number(value) >= 0 ? Number(value) : 0;

/** A job as the query (or a callback) returns it → the common task model. */
export function huaweiJobToTask(job: IDataObject): Task {
	const status = STATUSES[String(job.status)] ?? 'running';
	const task: Task = { vendor: 'huawei', taskId: String(job.job_id), status };
	const createdAt = huaweiTimeToIso(job.create_time);
	if (createdAt) task.createdAt = createdAt;
	const finishedAt = status === 'running' ? undefined : huaweiTimeToIso(job.update_time);
	if (finishedAt) task.finishedAt = finishedAt;
	if (status === 'failed')
		task.error = { code: 'JOB_FAILED', message: 'Huawei could not moderate the audio' };

	const result = job.result as IDataObject | undefined;
	if (status !== 'succeeded' || !result) return task;
	if (typeof result.audio_text === 'string') task.transcript = result.audio_text;
	const details = (Array.isArray(result.details) ? result.details : []) as IDataObject[];
	const segments: Segment[] = [];
	const labels = new Map<string, ModerationLabel>();
	for (const detail of details) {
		const start = seconds(detail.start_time);
		const end = Math.max(start, seconds(detail.end_time));
		const label = String(detail.label ?? '');
		const text = typeof detail.audio_text === 'string' ? detail.audio_text : '';
		segments.push({ start, end, text, ...(label ? { labels: [label] } : {}) });
		if (!label) continue;
		const entry = labels.get(label) ?? {
			name: HUAWEI_LABELS[label] ?? label,
			code: label,
			evidence: [],
		};
		const hits = (Array.isArray(detail.segments) ? detail.segments : []) as IDataObject[];
		// A hit of the semantic model has no segments: the detail's own text is the evidence.
		const texts = hits.length ? hits.map((hit) => String(hit.segment ?? '')) : [text];
		for (const evidence of texts) entry.evidence!.push({ text: evidence, start, end });
		labels.set(label, entry);
	}
	if (segments.length) task.segments = segments;
	const verdict = String(result.suggestion);
	if (verdict === 'block' || verdict === 'review' || verdict === 'pass') {
		task.moderation = { verdict, labels: [...labels.values()] };
	}
	return task;
}

/** X-Auth-Signature = HMAC-SHA256(seed, create_time + job_id + request_id + seed). */
export function callbackSignature(job: IDataObject, seed: string): Buffer {
	const message = `${String(job.create_time ?? '')}${String(job.job_id ?? '')}${String(job.request_id ?? '')}${seed}`;
	return createHmac('sha256', seed).update(message).digest();
}

/** Whether a callback's X-Auth-Signature is the seed's, as hex or as base64 (Huawei does not say which). */
export function isSignedWithSeed(job: IDataObject, signature: unknown, seed: string): boolean {
	if (typeof signature !== 'string' || !seed) return false;
	const expected = callbackSignature(job, seed);
	const hex = constantTimeEqual(signature.trim().toLowerCase(), expected.toString('hex'));
	const base64 = constantTimeEqual(signature.trim(), expected.toString('base64'));
	return hex || base64;
}

/** A callback's job once the body is one (JSON, in the query reply's shape), or why it is not. */
export async function readHuaweiCallback(
	request: CallbackRequest,
): Promise<{ job: IDataObject } | { reason: string }> {
	const json = await readJsonBody(request);
	if ('reason' in json) return { reason: `Not a Huawei moderation callback: ${json.reason}` };
	for (const field of ['job_id', 'status', 'create_time', 'request_id']) {
		const value = json.body[field];
		if (typeof value !== 'string' || !value)
			return { reason: `Not a Huawei moderation callback: ${field} is missing` };
	}
	return { job: json.body as IDataObject };
}

/** The X-Auth-Signature header of a callback request. */
export function signatureHeader(request: CallbackRequest): string | undefined {
	const value = request.headers['x-auth-signature'];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * The seed of a job created by "Wait for the Callback Here", drawn from the execution's
 * random resume token: fresh for each execution (so each job), and known again to the resume
 * webhook, which reads the token from the URL n8n has verified, without storing the seed.
 */
export function resumeSeed(resumeToken: string): string {
	return createHmac('sha256', resumeToken)
		.update('n8n Huawei moderation callback seed')
		.digest('hex');
}
