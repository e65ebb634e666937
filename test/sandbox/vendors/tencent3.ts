import { createHash, createHmac, timingSafeEqual } from 'crypto';

import type { SandboxReply, SandboxRequest, VendorModule } from '../types';
import { jsonReply } from '../types';
import { DEMO_ACCOUNT } from './tencent';

/** A sentence of ResultDetail, as the sandbox reports it. */
export interface Api3Sentence {
	text: string;
	startMs: number;
	endMs: number;
	speakerId?: number;
}

/** What a task concludes; queued with the `results` control action. */
export interface Api3Result {
	sentences?: Api3Sentence[];
	audioDuration?: number;
	/** The task fails with this message instead. */
	errorMsg?: string;
	/** The code its callback reports on failure (10000-10007). */
	callbackCode?: number;
}

export interface Api3CallbackAttempt {
	taskId: number;
	url: string;
	attempt: number;
	body: string;
	status: number | string;
	answer: string;
	accepted: boolean;
}

interface Task {
	id: number;
	status: 0 | 1 | 2 | 3;
	request: Record<string, unknown>;
	result: Api3Result;
	createdAt: number;
}

const VERSION = '2019-06-14';
const CLOCK_WINDOW_SECONDS = 300;
const LIMITS: Record<string, number> = { CreateRecTask: 20, DescribeTaskStatus: 50 };
const MAX_DATA_BYTES = 5 * 1024 * 1024;

const reply = (requestId: string, data: Record<string, unknown>) =>
	jsonReply(200, { Response: { ...data, RequestId: requestId } });
const failure = (requestId: string, code: string, message: string) =>
	jsonReply(200, { Response: { Error: { Code: code, Message: message }, RequestId: requestId } });

/** "[0:1.640,0:4.600]  text" lines, as Result gives them. */
function resultText(sentences: Api3Sentence[]): string {
	const time = (ms: number) => `${Math.floor(ms / 60000)}:${((ms % 60000) / 1000).toFixed(3)}`;
	return sentences
		.map((sentence) => `[${time(sentence.startMs)},${time(sentence.endMs)}]  ${sentence.text}\n`)
		.join('');
}

/** The sandbox's own TC3 verifier, written from the signature v3 document apart from the credential's. */
export function sandboxTc3Signature(
	method: string,
	path: string,
	query: string,
	contentType: string,
	host: string,
	body: Buffer,
	timestamp: number,
	secretKey: string,
): string {
	const canonical = `${method}\n${path}\n${query}\ncontent-type:${contentType}\nhost:${host}\n\ncontent-type;host\n${createHash('sha256').update(body).digest('hex')}`;
	const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
	const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/asr/tc3_request\n${createHash('sha256').update(canonical).digest('hex')}`;
	let key: Buffer = createHmac('sha256', `TC3${secretKey}`).update(date).digest();
	key = createHmac('sha256', key).update('asr').digest();
	key = createHmac('sha256', key).update('tc3_request').digest();
	return createHmac('sha256', key).update(toSign).digest('hex');
}

/**
 * Tencent Cloud ASR API 3.0 (asr.tencentcloudapi.com): TC3 verified from what was received
 * (the Content-Type byte for byte, a 5-minute clock window, Action and Version headers),
 * CreateRecTask and DescribeTaskStatus with sentences and speakers, the per-second limits,
 * and callbacks in the 3.0 form, sent again (twice at most) while the answer is not code 0.
 */
export class TencentApi3Sandbox implements VendorModule {
	readonly name = 'tencent3';

	private tasks = new Map<number, Task>();

	private results: Api3Result[] = [];

	private attempts: Api3CallbackAttempt[] = [];

	private calls: Record<string, number[]> = {};

	private nextTaskId = 7000001;

	private requestCounter = 0;

	private settings = { finishAfterMs: 200, retryDelayMs: 100, tokens: [] as string[] };

	reset(): void {
		this.tasks.clear();
		this.results = [];
		this.attempts = [];
		this.calls = {};
		this.nextTaskId = 7000001;
		this.settings = { finishAfterMs: 200, retryDelayMs: 100, tokens: [] };
	}

	control(action: string, body: Record<string, unknown>): unknown {
		switch (action) {
			case 'configure':
				if (body.finishAfterMs !== undefined)
					this.settings.finishAfterMs = Number(body.finishAfterMs);
				if (body.retryDelayMs !== undefined) this.settings.retryDelayMs = Number(body.retryDelayMs);
				if (Array.isArray(body.tokens)) this.settings.tokens = body.tokens as string[];
				return { ok: true };
			case 'results':
				this.results.push(...((body.results ?? []) as Api3Result[]));
				return { queued: this.results.length };
			case 'callbacks':
				return this.attempts;
			case 'limitNext':
				this.forcedLimits = Number(body.times ?? 1);
				return { ok: true };
			case 'stats':
				return { limitRefusals: this.limitRefusals, tasks: this.tasks.size };
			default:
				return undefined;
		}
	}

	private limitRefusals = 0;

	/** The next calls answered RequestLimitExceeded, whatever the rate (`limitNext`). */
	private forcedLimits = 0;

	handle(request: SandboxRequest): SandboxReply {
		const requestId = `sandbox-${++this.requestCounter}`;
		const action = String(request.headers['x-tc-action'] ?? '');
		if (request.method !== 'POST' || request.path !== '/')
			return failure(requestId, 'UnsupportedOperation', 'POST / only');
		const refused = this.authenticate(request, requestId, action);
		if (refused) return refused;
		if (!LIMITS[action]) return failure(requestId, 'InvalidAction', `unknown action ${action}`);
		const now = Date.now();
		const recent = (this.calls[action] ?? []).filter((at) => at > now - 1000);
		if (this.forcedLimits > 0 || recent.length >= LIMITS[action]) {
			if (this.forcedLimits > 0) this.forcedLimits--;
			else this.limitRefusals++;
			return failure(
				requestId,
				'RequestLimitExceeded',
				`more than ${LIMITS[action]} ${action} per second`,
			);
		}
		this.calls[action] = [...recent, now];
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(request.body.toString('utf8'));
		} catch {
			return failure(requestId, 'InvalidParameter', 'the body is not JSON');
		}
		return action === 'CreateRecTask'
			? this.create(body, requestId)
			: this.describe(body, requestId);
	}

	private authenticate(
		request: SandboxRequest,
		requestId: string,
		action: string,
	): SandboxReply | undefined {
		if (request.headers['x-tc-version'] !== VERSION)
			return failure(requestId, 'InvalidParameter', 'X-TC-Version must be 2019-06-14');
		if (!action) return failure(requestId, 'MissingParameter', 'X-TC-Action is missing');
		const match =
			/^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/asr\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
				String(request.headers.authorization ?? ''),
			);
		if (!match)
			return failure(
				requestId,
				'AuthFailure.SignatureFailure',
				'the Authorization header is malformed',
			);
		const [, secretId, , signedHeaders, signature] = match;
		if (secretId !== DEMO_ACCOUNT.secretId)
			return failure(requestId, 'AuthFailure.SecretIdNotFound', 'the SecretId is not found');
		const timestamp = Number(request.headers['x-tc-timestamp']);
		if (
			!Number.isFinite(timestamp) ||
			Math.abs(timestamp - Date.now() / 1000) > CLOCK_WINDOW_SECONDS
		) {
			return failure(requestId, 'AuthFailure.SignatureExpire', 'the signature has expired');
		}
		if (signedHeaders !== 'content-type;host')
			return failure(requestId, 'AuthFailure.SignatureFailure', 'signed headers differ');
		// The path as the client sent it, the sandbox's own prefix included.
		const expected = sandboxTc3Signature(
			'POST',
			`/${this.name}${request.path}`,
			'',
			String(request.headers['content-type'] ?? '').toLowerCase(),
			String(request.headers.host ?? '').toLowerCase(),
			request.body,
			timestamp,
			DEMO_ACCOUNT.secretKey,
		);
		if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
			return failure(requestId, 'AuthFailure.SignatureFailure', 'the signature does not match');
		}
		const token = request.headers['x-tc-token'];
		if (token !== undefined && !this.settings.tokens.includes(String(token))) {
			return failure(requestId, 'AuthFailure.TokenFailure', 'the token is wrong or expired');
		}
		return undefined;
	}

	private create(body: Record<string, unknown>, requestId: string): SandboxReply {
		for (const field of ['EngineModelType', 'ChannelNum', 'ResTextFormat', 'SourceType']) {
			if (body[field] === undefined)
				return failure(requestId, 'MissingParameter', `${field} is missing`);
		}
		if (body.SourceType === 0 && !/^https?:\/\//.test(String(body.Url ?? ''))) {
			return failure(requestId, 'InvalidParameterValue.ErrorInvalidUrl', 'the Url is not valid');
		}
		if (body.SourceType === 1) {
			const data = Buffer.from(String(body.Data ?? ''), 'base64');
			if (data.length === 0 || data.length !== Number(body.DataLen)) {
				return failure(
					requestId,
					'InvalidParameter.ErrorContentlength',
					'DataLen does not match Data',
				);
			}
			if (data.length > MAX_DATA_BYTES)
				return failure(
					requestId,
					'InvalidParameterValue.ErrorVoicedataTooLong',
					'the audio data is over 5 MB',
				);
		}
		if (body.SpeakerDiarization === 1 && body.ChannelNum !== 1) {
			return failure(requestId, 'InvalidParameterValue', 'speaker diarization needs mono audio');
		}
		const task: Task = {
			id: this.nextTaskId++,
			status: 0,
			request: body,
			result: this.results.shift() ?? {
				sentences: [{ text: '您好。', startMs: 0, endMs: 1200, speakerId: 0 }],
				audioDuration: 1.2,
			},
			createdAt: Date.now(),
		};
		this.tasks.set(task.id, task);
		const step = (status: 1 | 2 | 3, after: number, then?: () => void) =>
			setTimeout(() => {
				task.status = status;
				then?.();
			}, after).unref();
		step(1, this.settings.finishAfterMs / 2);
		step(task.result.errorMsg ? 3 : 2, this.settings.finishAfterMs, () => {
			if (typeof body.CallbackUrl === 'string' && body.CallbackUrl)
				void this.callback(task, body.CallbackUrl, 1);
		});
		return reply(requestId, { Data: { TaskId: task.id } });
	}

	private describe(body: Record<string, unknown>, requestId: string): SandboxReply {
		const task = this.tasks.get(Number(body.TaskId));
		if (!task) return failure(requestId, 'FailedOperation.NoSuchTask', 'the task does not exist');
		const done = task.status === 2;
		const sentences = task.result.sentences ?? [];
		return reply(requestId, {
			Data: {
				TaskId: task.id,
				Status: task.status,
				StatusStr: ['waiting', 'doing', 'success', 'failed'][task.status],
				Result: done ? resultText(sentences) : '',
				ErrorMsg: task.status === 3 ? task.result.errorMsg : '',
				AudioDuration: done ? task.result.audioDuration : 0,
				ResultDetail:
					done && Number(task.request.ResTextFormat) > 0
						? sentences.map((sentence) => ({
								FinalSentence: sentence.text,
								StartMs: sentence.startMs,
								EndMs: sentence.endMs,
								SpeakerId: sentence.speakerId ?? 0,
								Words: [],
								SpeechSpeed: 4.2,
							}))
						: null,
			},
		});
	}

	/** The 3.0 callback: a form with code, requestId (the TaskId), text and resultDetail. */
	private async callback(task: Task, url: string, attempt: number): Promise<void> {
		const sentences = task.result.sentences ?? [];
		const failed = task.status === 3;
		const fields: Record<string, string> = {
			code: String(failed ? (task.result.callbackCode ?? 10001) : 0),
			message: failed ? String(task.result.errorMsg) : 'success',
			requestId: String(task.id),
			appid: DEMO_ACCOUNT.appId,
			projectid: '0',
			text: failed ? '' : resultText(sentences),
			audioTime: String(task.result.audioDuration ?? 0),
		};
		if (typeof task.request.Url === 'string') fields.audioUrl = task.request.Url;
		if (!failed && Number(task.request.ResTextFormat) > 0) {
			fields.resultDetail = JSON.stringify(
				sentences.map((sentence) => ({
					FinalSentence: sentence.text,
					StartMs: sentence.startMs,
					EndMs: sentence.endMs,
					SpeakerId: sentence.speakerId ?? 0,
				})),
			);
		}
		const body = new URLSearchParams(fields).toString();
		const record: Api3CallbackAttempt = {
			taskId: task.id,
			url,
			attempt,
			body,
			status: 0,
			answer: '',
			accepted: false,
		};
		this.attempts.push(record);
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body,
				signal: AbortSignal.timeout(5000),
			});
			record.status = response.status;
			record.answer = await response.text();
			try {
				record.accepted = response.status === 200 && JSON.parse(record.answer).code === 0;
			} catch {
				record.accepted = false;
			}
		} catch (error) {
			record.status = (error as Error).name;
		}
		if (!record.accepted && attempt < 3) {
			setTimeout(
				() => void this.callback(task, url, attempt + 1),
				this.settings.retryDelayMs,
			).unref();
		}
	}
}
