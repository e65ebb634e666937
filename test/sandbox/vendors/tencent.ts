import { createHmac, timingSafeEqual } from 'crypto';

import type { SandboxReply, SandboxRequest, VendorModule } from '../types';
import { jsonReply } from '../types';

export interface TencentAccount {
	appId: string;
	secretId: string;
	secretKey: string;
}

/** What a task's callback reports; queued with the `results` control action. */
export interface TencentResult {
	code?: number;
	message?: string;
	text?: string;
	audioTime?: number;
}

export interface TencentCallbackAttempt {
	requestId: number;
	url: string;
	attempt: number;
	body: string;
	contentType: string | null;
	/** HTTP status of the answer, or the network error. */
	status: number | string;
	answer: string;
	accepted: boolean;
}

/** The account the sandbox knows from the start (the demo workflows use it). */
export const DEMO_ACCOUNT: TencentAccount = {
	appId: '1259228442',
	secretId: 'AKIDsandboxDemoSecretId0000000000000',
	secretKey: 'sandbox-demo-secret-key-000000000000',
};

const NINETY_DAYS = 90 * 24 * 3600;
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const ENGINES = new Set(['0', '1', '2', '3', '8k_0', '8k_6', '16k_0', '16k_en', '8k_en', '16k_ca']);

const fail = (code: number, message: string) => jsonReply(200, { code, message });

/**
 * Tencent Cloud ASR, legacy REST: POST /asr/v1/<appid>, checked as the vendor document
 * describes (signature over the raw sorted query, expiry, replay, parameters, 5 MB body),
 * then a result callback to callback_url in Tencent's form format, sent again (twice at
 * most) while the answer is not {"code":0}.
 */
export class TencentSandbox implements VendorModule {
	readonly name = 'tencent';

	private accounts = new Map<string, TencentAccount>([[DEMO_ACCOUNT.appId, DEMO_ACCOUNT]]);

	private templates = new Set(['test']);

	private seenNonces = new Set<string>();

	private nextRequestId = 500;

	private queuedResults: TencentResult[] = [];

	private callbackDelayMs = 30;

	private retryDelayMs = 50;

	private callbackContentType: string | null = 'application/x-www-form-urlencoded';

	private attempts: TencentCallbackAttempt[] = [];

	private timers = new Set<NodeJS.Timeout>();

	/** Codes to answer the next create calls with, after authentication (for error-message tests). */
	private forcedReplies: Array<{ code: number; message: string }> = [];

	/** Seconds added to the sandbox's clock, to make signatures expire. */
	private clockOffsetSeconds = 0;

	reset(): void {
		this.accounts = new Map([[DEMO_ACCOUNT.appId, DEMO_ACCOUNT]]);
		this.templates = new Set(['test']);
		this.seenNonces.clear();
		this.nextRequestId = 500;
		this.queuedResults = [];
		this.callbackDelayMs = 30;
		this.retryDelayMs = 50;
		this.callbackContentType = 'application/x-www-form-urlencoded';
		this.attempts = [];
		this.forcedReplies = [];
		this.clockOffsetSeconds = 0;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	async control(action: string, body: Record<string, unknown>): Promise<unknown> {
		switch (action) {
			case 'configure': {
				for (const account of (body.accounts ?? []) as TencentAccount[])
					this.accounts.set(account.appId, account);
				if (typeof body.callbackDelayMs === 'number') this.callbackDelayMs = body.callbackDelayMs;
				if (typeof body.retryDelayMs === 'number') this.retryDelayMs = body.retryDelayMs;
				if (body.callbackContentType !== undefined)
					this.callbackContentType = body.callbackContentType as string | null;
				for (const template of (body.templates ?? []) as string[]) this.templates.add(template);
				if (typeof body.clockOffsetSeconds === 'number')
					this.clockOffsetSeconds = body.clockOffsetSeconds;
				return { ok: true };
			}
			case 'results':
				this.queuedResults.push(...((body.results ?? []) as TencentResult[]));
				return { queued: this.queuedResults.length };
			case 'callbacks':
				return this.attempts;
			case 'failNext':
				this.forcedReplies.push({
					code: Number(body.code),
					message: String(body.message ?? 'forced by the sandbox'),
				});
				return { queued: this.forcedReplies.length };
			case 'sendCallback': {
				// A callback sent on demand, once: forged, replayed or malformed ones for trigger tests.
				const contentType =
					body.contentType === undefined
						? 'application/x-www-form-urlencoded'
						: (body.contentType as string | null);
				const payload =
					typeof body.rawBody === 'string'
						? body.rawBody
						: formBody((body.fields ?? {}) as Record<string, string | number>);
				return await postCallback(String(body.url), payload, contentType);
			}
			default:
				throw new Error(`unknown tencent control action "${action}"`);
		}
	}

	handle(request: SandboxRequest): SandboxReply {
		const match = /^\/asr\/v1\/([^/]+)$/.exec(request.path);
		if (!match) return jsonReply(404, { code: 404, message: 'not found' });
		if (request.method !== 'POST')
			return jsonReply(405, { code: 405, message: 'method not allowed' });
		const appId = decodeURIComponent(match[1]);
		const query = Object.fromEntries(request.query);

		const authFailure = this.checkSignature(appId, query, request);
		if (authFailure) return authFailure;
		const forced = this.forcedReplies.shift();
		if (forced) return fail(forced.code, forced.message);
		const paramFailure = checkParameters(query, this.templates);
		if (paramFailure) return paramFailure;

		if (query.source_type === '1') {
			if (request.body.length === 0) return fail(1000, 'ERROR_BAD_REQ: empty audio body');
			if (request.body.length > MAX_BODY_BYTES) return fail(1031, 'ERROR_AUDIO_TOO_LARGE');
		}

		const requestId = this.nextRequestId++;
		const result = this.queuedResults.shift() ?? {};
		this.schedule(
			() => void this.deliver(requestId, appId, query, result, 1),
			this.callbackDelayMs,
		);
		return jsonReply(200, { code: 0, message: 'success', requestId });
	}

	/** Tencent's authentication, in the order a gateway would check it. */
	private checkSignature(
		appId: string,
		query: Record<string, string>,
		request: SandboxRequest,
	): SandboxReply | undefined {
		const { secretid, timestamp, expired, nonce } = query;
		if (!secretid) return fail(1010, 'ERROR_HAS_NO_VALID_SECRET_ID');
		if (!/^\d{1,10}$/.test(timestamp ?? '')) return fail(1011, 'ERROR_HAS_NO_VALID_TIMESTAMP');
		if (!/^\d{1,10}$/.test(expired ?? '') || Number(expired) <= Number(timestamp))
			return fail(1012, 'ERROR_HAS_NO_VALID_EXPIRED');
		if (!/^[1-9]\d{0,9}$/.test(nonce ?? '')) return fail(1013, 'ERROR_HAS_NO_VALID_NONCE');

		const account = this.accounts.get(appId);
		if (!account) return fail(1018, 'ERROR_APPID_NOT_REGI');
		if (account.secretId !== secretid) return fail(1026, 'ERROR_PROXY_AUTH_SECRETID_NOEXIST');
		if (Number(expired) - Number(timestamp) >= NINETY_DAYS)
			return fail(1023, 'ERROR_PROXY_AUTH_TOO_LONG_EXPIRED');
		if (Math.floor(Date.now() / 1000) + this.clockOffsetSeconds > Number(expired))
			return fail(1024, 'ERROR_PROXY_AUTH_EXPIRED');

		const authorization = request.headers.authorization;
		if (typeof authorization !== 'string' || !/^[A-Za-z0-9+/]{27}=$/.test(authorization))
			return fail(1021, 'ERROR_PROXY_BAD_AUTH');
		const expected = signQuery(account.secretKey, appId, query);
		if (!timingSafeEqual(Buffer.from(authorization), Buffer.from(expected)))
			return fail(1029, 'ERROR_PROXY_AUTH_FAILED');

		const nonceKey = `${secretid}:${nonce}:${timestamp}`;
		if (this.seenNonces.has(nonceKey)) return fail(1028, 'ERROR_PROXY_AUTH_REPLAY_ATTACK');
		this.seenNonces.add(nonceKey);
		return undefined;
	}

	private async deliver(
		requestId: number,
		appId: string,
		query: Record<string, string>,
		result: TencentResult,
		attempt: number,
	): Promise<void> {
		const fields: Record<string, string | number> = {
			code: result.code ?? 0,
			message: result.message ?? (result.code ? 'failed' : 'success'),
			requestId,
			appid: appId,
			projectid: query.projectid ?? '0',
			text: result.text ?? (result.code ? '' : '您好，这是腾讯云语音识别的结果。'),
			audioTime: result.audioTime ?? 2.5,
		};
		if (query.url) fields.audioUrl = query.url;
		const body = formBody(fields);
		const outcome = await postCallback(query.callback_url, body, this.callbackContentType);
		this.attempts.push({
			requestId,
			url: query.callback_url,
			attempt,
			body,
			contentType: this.callbackContentType,
			...outcome,
		});
		// The newer document: Tencent notifies again, at most twice, while the answer is not code 0.
		if (!outcome.accepted && attempt < 3) {
			this.schedule(
				() => void this.deliver(requestId, appId, query, result, attempt + 1),
				this.retryDelayMs,
			);
		}
	}

	private schedule(run: () => void, delayMs: number): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			run();
		}, delayMs);
		timer.unref();
		this.timers.add(timer);
	}
}

/** The sandbox's own signer, written from the vendor document, not shared with the credential. */
export function signQuery(secretKey: string, appId: string, query: Record<string, string>): string {
	const pairs = Object.keys(query)
		.sort()
		.map((key) => `${key}=${query[key]}`)
		.join('&');
	return createHmac('sha1', secretKey)
		.update(`POSTaai.qcloud.com/asr/v1/${appId}?${pairs}`)
		.digest('base64');
}

function checkParameters(
	query: Record<string, string>,
	templates: Set<string>,
): SandboxReply | undefined {
	const isUrl = (value: string | undefined) => !!value && /^https?:\/\/[^\s]+$/.test(value);
	if (query.projectid !== undefined && !/^\d+$/.test(query.projectid))
		return fail(1002, 'ERROR_PARSE_DATA_FAILED');
	if (query.template_name !== undefined) {
		if (!templates.has(query.template_name)) return fail(1014, 'ERROR_HAS_NO_VALID_TEMPLATENAME');
	} else {
		if (query.sub_service_type !== '0') return fail(1004, 'ERROR_HAS_NO_VALID_SUB_SERVICE_TYPE');
		if (!ENGINES.has(query.engine_model_type ?? ''))
			return fail(1005, 'ERROR_HAS_NO_VALID_ENGINE_MODEL_TYPE');
		if (!/^[0-3]$/.test(query.res_text_format ?? ''))
			return fail(1003, 'ERROR_HAS_NO_VALID_RES_TEXT_FORMAT');
		if (query.res_type !== '1') return fail(1007, 'ERROR_HAS_NO_VALID_RES_TYPE');
		if (!query.callback_url) return fail(1006, 'ERROR_HAS_NO_VALID_CALLBACK_URL');
	}
	if (query.channel_num !== undefined) {
		if (!/^[12]$/.test(query.channel_num)) return fail(1000, 'ERROR_BAD_REQ: channel_num');
		if (query.channel_num === '2' && !/^(8k|0$|3$)/.test(query.engine_model_type ?? ''))
			return fail(1000, 'ERROR_BAD_REQ: 2 channels need an 8k engine');
	}
	if (query.callback_url !== undefined) {
		if (query.callback_url.length >= 2048) return fail(1016, 'ERROR_URL_TOO_LONG');
		if (!isUrl(query.callback_url)) return fail(1006, 'ERROR_HAS_NO_VALID_CALLBACK_URL');
	}
	if (query.source_type !== '0' && query.source_type !== '1')
		return fail(1008, 'ERROR_HAS_NO_VALID_SOURCE_TYPE');
	if (query.source_type === '0') {
		if (query.url !== undefined && query.url.length >= 2048)
			return fail(1016, 'ERROR_URL_TOO_LONG');
		if (!isUrl(query.url)) return fail(1009, 'ERROR_HAS_NO_VALID_URL');
	}
	return undefined;
}

/** Tencent's callback body: every value URL-encoded. */
export function formBody(fields: Record<string, string | number>): string {
	return Object.entries(fields)
		.map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
		.join('&');
}

async function postCallback(
	url: string,
	body: string,
	contentType: string | null,
): Promise<{ status: number | string; answer: string; accepted: boolean }> {
	try {
		const headers: Record<string, string> = {};
		if (contentType) headers['content-type'] = contentType;
		// Bytes, not a string: fetch would add text/plain to a string body, and a missing Content-Type must stay missing.
		const reply = await fetch(url, {
			method: 'POST',
			headers,
			body: Buffer.from(body, 'utf8'),
			signal: AbortSignal.timeout(10_000),
		});
		const answer = await reply.text();
		let accepted = false;
		try {
			const parsed = JSON.parse(answer) as { code?: unknown };
			accepted = reply.ok && parsed.code === 0;
		} catch {
			accepted = false;
		}
		return { status: reply.status, answer, accepted };
	} catch (error) {
		return { status: (error as Error).message, answer: '', accepted: false };
	}
}
