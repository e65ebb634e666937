import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';

import type { SandboxReply, SandboxRequest, VendorModule } from '../types';
import { jsonReply } from '../types';

export interface HuaweiAccount {
	accessKeyId: string;
	secretAccessKey: string;
	projectId: string;
	userName: string;
	password: string;
	domainName: string;
}

/** The account the sandbox knows from the start (the demo workflows use it). */
export const DEMO_HUAWEI_ACCOUNT: HuaweiAccount = {
	accessKeyId: 'HWSANDBOXDEMOACCESSKEY01',
	secretAccessKey: 'sandbox-demo-huawei-secret-access-key-0000',
	projectId: '0123456789abcdef0123456789abcdef',
	userName: 'n8n-demo',
	password: 'Sandbox-demo-password-1',
	domainName: 'n8n-demo-account',
};

/** The AK/SK credential data of the demo account, pointed at the sandbox. */
export function demoHuaweiCredential(vendorUrl: string) {
	return {
		authType: 'accessKey',
		accessKeyId: DEMO_HUAWEI_ACCOUNT.accessKeyId,
		secretAccessKey: DEMO_HUAWEI_ACCOUNT.secretAccessKey,
		projectId: DEMO_HUAWEI_ACCOUNT.projectId,
		region: 'cn-north-4',
		endpoint: vendorUrl,
	};
}

/** The demo account's credential in IAM-token mode (user and password; IAM is the sandbox too). */
export function demoHuaweiPasswordCredential(vendorUrl: string) {
	return {
		authType: 'password',
		userName: DEMO_HUAWEI_ACCOUNT.userName,
		password: DEMO_HUAWEI_ACCOUNT.password,
		domainName: DEMO_HUAWEI_ACCOUNT.domainName,
		projectId: DEMO_HUAWEI_ACCOUNT.projectId,
		endpoint: vendorUrl,
		iamEndpoint: vendorUrl,
	};
}

/** What a job concludes; queued with the `results` control action. */
export interface HuaweiResult {
	suggestion?: 'block' | 'review' | 'pass';
	audio_text?: string;
	details?: Array<{
		start_time: number;
		end_time: number;
		suggestion: string;
		label: string;
		audio_text?: string;
		segments?: Array<{ segment: string }>;
	}>;
	/** The job fails instead. */
	fail?: boolean;
	/** This job ends this long after it is created, instead of the configured finishAfterMs. */
	finishAfterMs?: number;
}

/** When one job was created, ended and called back (epoch ms), from the `jobTimes` control action. */
export interface HuaweiJobTimes {
	jobId: string;
	createdAt: number;
	finishAfterMs: number;
	/** When the sandbox marked the job succeeded or failed. */
	finishedAt?: number;
	/** When the sandbox first called the job's callback URL on its own (sendCallback aside). */
	callbackSentAt?: number;
}

interface Job {
	job_id: string;
	request_id: string;
	status: 'running' | 'succeeded' | 'failed';
	result?: HuaweiResult;
	request_params: Record<string, unknown>;
	create_time: string;
	update_time: string;
	seed?: string;
}

export interface HuaweiCallbackAttempt {
	jobId: string;
	url: string;
	attempt: number;
	signature?: string;
	status: number | string;
	answer: string;
	accepted: boolean;
}

const EVENT_TYPES = new Set([
	'default',
	'audiobook',
	'education',
	'game',
	'live',
	'ecommerce',
	'voiceroom',
	'private',
]);
const CATEGORIES = new Set(['politics', 'porn', 'ad', 'moan', 'abuse']);
const CLOCK_SKEW_MS = 15 * 60 * 1000;

const fail = (status: number, code: string, message: string) =>
	jsonReply(status, {
		error_code: code,
		error_msg: message,
		request_id: randomBytes(16).toString('hex'),
	});

/** "2022-06-20 11:05:29", in UTC+8 as Huawei's regions report times. */
export function huaweiTime(at: Date): string {
	return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The sandbox's own SDK-HMAC-SHA256, written from the signing guide apart from the credential's. */
function rfc3986(text: string): string {
	return Array.from(Buffer.from(text, 'utf8'))
		.map((byte) => {
			const character = String.fromCharCode(byte);
			return /[A-Za-z0-9\-._~]/.test(character)
				? character
				: `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
		})
		.join('');
}

export function sandboxSignature(
	request: {
		method: string;
		path: string;
		query: URLSearchParams;
		headers: Record<string, string | string[] | undefined>;
		body: Buffer;
	},
	signedHeaders: string[],
	date: string,
	secretAccessKey: string,
): string {
	let uri = request.path
		.split('/')
		.map((segment) => rfc3986(segment))
		.join('/');
	if (!uri.endsWith('/')) uri += '/';
	const query = [...request.query.entries()]
		.map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
		.sort()
		.join('&');
	const headers = signedHeaders
		.map((name) => `${name}:${String(request.headers[name] ?? '').trim()}\n`)
		.join('');
	const canonical = [
		request.method,
		uri,
		query,
		headers,
		signedHeaders.join(';'),
		createHash('sha256').update(request.body).digest('hex'),
	].join('\n');
	const stringToSign = `SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(canonical).digest('hex')}`;
	return createHmac('sha256', secretAccessKey).update(stringToSign).digest('hex');
}

/** X-Auth-Signature of a callback: HMAC-SHA256(seed, create_time + job_id + request_id + seed). */
export function callbackSignature(
	job: { create_time: string; job_id: string; request_id: string },
	seed: string,
	encoding: 'hex' | 'base64',
): string {
	return createHmac('sha256', seed)
		.update(`${job.create_time}${job.job_id}${job.request_id}${seed}`)
		.digest(encoding);
}

/**
 * Huawei Cloud Content Moderation, audio jobs, and the IAM token endpoint it needs: AK/SK
 * signatures verified from what was received (15-minute clock skew), IAM tokens issued and
 * expiring, jobs running then succeeding or failing, callbacks signed with the job's seed and
 * sent again while the answer is not HTTP 200 in time.
 */
export class HuaweiSandbox implements VendorModule {
	readonly name = 'huawei';

	private accounts = [DEMO_HUAWEI_ACCOUNT];

	private tokens = new Map<string, { projectId: string; expiresAt: number }>();

	private jobs = new Map<string, Job>();

	/** Kept beside the jobs, never in what the API answers. */
	private jobTimes = new Map<string, HuaweiJobTimes>();

	private results: HuaweiResult[] = [];

	private attempts: HuaweiCallbackAttempt[] = [];

	private tokensIssued = 0;

	private timers = new Set<NodeJS.Timeout>();

	/** A delayed step of the emulation, forgotten at reset and never holding the process open. */
	private later(ms: number, step: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			step();
		}, ms);
		timer.unref();
		this.timers.add(timer);
	}

	private settings = this.defaults();

	private defaults() {
		return {
			finishAfterMs: 300,
			tokenLifetimeMs: 24 * 3600_000,
			callbackTimeoutMs: 3000,
			callbackRetryDelayMs: 200,
			maxCallbackAttempts: 3,
			signatureEncoding: 'hex' as 'hex' | 'base64',
			subscribed: true,
			clockOffsetMs: 0,
		};
	}

	reset(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.accounts = [DEMO_HUAWEI_ACCOUNT];
		this.tokens.clear();
		this.jobs.clear();
		this.jobTimes.clear();
		this.results = [];
		this.attempts = [];
		this.tokensIssued = 0;
		this.settings = this.defaults();
	}

	control(action: string, body: Record<string, unknown>): unknown {
		switch (action) {
			case 'configure':
				if (Array.isArray(body.accounts))
					this.accounts = [DEMO_HUAWEI_ACCOUNT, ...(body.accounts as HuaweiAccount[])];
				for (const key of Object.keys(this.settings) as Array<keyof typeof this.settings>) {
					if (body[key] !== undefined) (this.settings as Record<string, unknown>)[key] = body[key];
				}
				return { ok: true };
			case 'results':
				this.results.push(...((body.results ?? []) as HuaweiResult[]));
				return { queued: this.results.length };
			case 'callbacks':
				return this.attempts;
			case 'stats':
				return { tokensIssued: this.tokensIssued, jobs: this.jobs.size };
			case 'expireTokens':
				for (const token of this.tokens.values()) token.expiresAt = 0;
				return { ok: true };
			case 'jobs':
				return [...this.jobs.keys()];
			case 'jobTimes':
				return [...this.jobTimes.values()];
			case 'sendCallback':
				return this.sendCallback(body);
			default:
				return undefined;
		}
	}

	private now(): number {
		return Date.now() + this.settings.clockOffsetMs;
	}

	async handle(request: SandboxRequest): Promise<SandboxReply> {
		if (request.method === 'POST' && request.path === '/v3/auth/tokens')
			return this.issueToken(request);
		const match = /^\/v3\/([^/]+)\/moderation\/audio\/jobs(?:\/([^/]+))?$/.exec(request.path);
		if (!match)
			return fail(
				404,
				'APIGW.0101',
				'The API does not exist or has not been published in the environment',
			);
		const refused = this.authenticate(request, decodeURIComponent(match[1]));
		if (refused) return refused;
		if (!this.settings.subscribed)
			return fail(400, 'ModelArts.4204', 'The API is not subscribed in this region.');
		if (request.method === 'POST' && !match[2]) return this.create(request);
		if (request.method === 'GET' && match[2]) {
			const job = this.jobs.get(decodeURIComponent(match[2]));
			return job ? jsonReply(200, this.view(job)) : fail(400, 'AIS.0030', 'Job not found');
		}
		return fail(400, 'AIS.0013', 'The method is not allowed');
	}

	private issueToken(request: SandboxRequest): SandboxReply {
		let auth: Record<string, any> = {};
		try {
			auth = JSON.parse(request.body.toString('utf8')).auth ?? {};
		} catch {
			return jsonReply(400, {
				error: { code: 400, message: 'The request body is not JSON.', title: 'Bad Request' },
			});
		}
		const user = auth.identity?.password?.user ?? {};
		const account = this.accounts.find(
			(candidate) =>
				candidate.userName === user.name &&
				candidate.password === user.password &&
				candidate.domainName === user.domain?.name,
		);
		if (!account)
			return jsonReply(401, {
				error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' },
			});
		const projectId = auth.scope?.project?.id;
		if (projectId !== account.projectId) {
			return jsonReply(400, {
				error: {
					code: 400,
					message: 'The project does not exist or does not belong to the account.',
					title: 'Bad Request',
				},
			});
		}
		const token = `MIIsandbox${randomBytes(24).toString('hex')}`;
		const expiresAt = this.now() + this.settings.tokenLifetimeMs;
		this.tokens.set(token, { projectId, expiresAt });
		this.tokensIssued++;
		return {
			status: 201,
			headers: { 'content-type': 'application/json', 'x-subject-token': token },
			body: JSON.stringify({
				token: { expires_at: new Date(expiresAt).toISOString(), methods: ['password'] },
			}),
		};
	}

	/** The gateway's check: a valid token for the project, or a valid AK/SK signature. */
	private authenticate(request: SandboxRequest, projectId: string): SandboxReply | undefined {
		const incorrect = (why: string) =>
			fail(401, 'APIGW.0301', `Incorrect IAM authentication information: ${why}`);
		const token = request.headers['x-auth-token'];
		if (typeof token === 'string') {
			const known = this.tokens.get(token);
			if (!known || known.expiresAt <= this.now())
				return incorrect('the token is expired or not valid');
			return known.projectId === projectId
				? undefined
				: fail(403, 'AIS.0004', 'The token is not valid for this project');
		}
		const authorization = String(request.headers.authorization ?? '');
		const parsed =
			/^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(
				authorization,
			);
		if (!parsed) return incorrect('no token and no signature');
		const account = this.accounts.find((candidate) => candidate.accessKeyId === parsed[1]);
		if (!account) return incorrect(`AK ${parsed[1]} does not exist`);
		const signedHeaders = parsed[2].split(';');
		if (!signedHeaders.includes('host') || !signedHeaders.includes('x-sdk-date'))
			return incorrect('host and x-sdk-date must be signed');
		const date = String(request.headers['x-sdk-date'] ?? '');
		const at = Date.parse(
			date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
		);
		if (!Number.isFinite(at) || Math.abs(at - this.now()) > CLOCK_SKEW_MS)
			return incorrect('the request has expired (X-Sdk-Date)');
		const expected = sandboxSignature(
			{
				method: request.method,
				path: `/${this.name}${request.path}`,
				query: request.query,
				headers: request.headers,
				body: request.body,
			},
			signedHeaders,
			date,
			account.secretAccessKey,
		);
		if (
			expected.length !== parsed[3].length ||
			!timingSafeEqual(Buffer.from(expected), Buffer.from(parsed[3]))
		) {
			return incorrect('verify aksk signature fail');
		}
		return account.projectId === projectId
			? undefined
			: fail(403, 'AIS.0004', 'The project does not belong to this account');
	}

	private create(request: SandboxRequest): SandboxReply {
		let body: Record<string, any>;
		try {
			body = JSON.parse(request.body.toString('utf8'));
		} catch {
			return fail(400, 'AIS.0014', 'The JSON body is not valid');
		}
		const url = body.data?.url;
		if (typeof url !== 'string' || !/^https?:\/\//.test(url))
			return fail(400, 'AIS.0011', 'data.url is missing');
		if (body.event_type !== undefined && !EVENT_TYPES.has(body.event_type))
			return fail(400, 'AIS.0401', 'event_type is not valid');
		const categories = body.categories;
		if (
			!body.biz_type &&
			(!Array.isArray(categories) ||
				categories.length === 0 ||
				!categories.every((c) => CATEGORIES.has(c)))
		) {
			return fail(400, 'AIS.0012', 'categories is not supported');
		}
		if (body.seed !== undefined && !/^[A-Za-z0-9_]{1,64}$/.test(body.seed))
			return fail(400, 'AIS.0012', 'seed is not valid');
		const created = new Date(this.now());
		const job: Job = {
			job_id: `0${Math.floor(created.getTime() / 1000)}_${randomBytes(16).toString('hex')}`,
			request_id: randomBytes(16).toString('hex'),
			status: 'running',
			request_params: {
				event_type: body.event_type ?? 'default',
				data: body.data,
				callback: body.callback,
				categories,
			},
			create_time: huaweiTime(created),
			update_time: huaweiTime(created),
			seed: body.seed,
		};
		this.jobs.set(job.job_id, job);
		const { finishAfterMs = this.settings.finishAfterMs, ...outcome } = this.results.shift() ?? {
			suggestion: 'pass',
			audio_text: '你好',
			details: [],
		};
		const times: HuaweiJobTimes = { jobId: job.job_id, createdAt: Date.now(), finishAfterMs };
		this.jobTimes.set(job.job_id, times);
		this.later(finishAfterMs, () => {
			job.status = outcome.fail ? 'failed' : 'succeeded';
			job.update_time = huaweiTime(new Date(this.now()));
			times.finishedAt = Date.now();
			if (!outcome.fail) job.result = outcome;
			if (typeof body.callback === 'string' && body.callback)
				void this.deliver(job, body.callback, 1);
		});
		return jsonReply(200, { job_id: job.job_id, request_id: job.request_id });
	}

	private view(job: Job) {
		const { seed: _seed, ...visible } = job;
		return visible;
	}

	/** Posts the job to its callback URL, again after a wrong or late answer. */
	private async deliver(
		job: Job,
		url: string,
		attempt: number,
		forge?: string,
	): Promise<HuaweiCallbackAttempt> {
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		let signature: string | undefined;
		if (job.seed)
			signature = callbackSignature(
				job,
				forge === 'wrongSeed' ? 'not_the_seed' : job.seed,
				this.settings.signatureEncoding,
			);
		if (forge === 'missingSignature') signature = undefined;
		if (signature) headers['x-auth-signature'] = signature;
		const body = JSON.stringify(
			forge === 'tampered' ? { ...this.view(job), job_id: `${job.job_id}x` } : this.view(job),
		);
		const record: HuaweiCallbackAttempt = {
			jobId: job.job_id,
			url,
			attempt,
			signature,
			status: 0,
			answer: '',
			accepted: false,
		};
		this.attempts.push(record);
		const times = this.jobTimes.get(job.job_id);
		if (times && !forge && times.callbackSentAt === undefined) times.callbackSentAt = Date.now();
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers,
				body,
				signal: AbortSignal.timeout(this.settings.callbackTimeoutMs),
			});
			record.status = response.status;
			record.answer = await response.text();
			record.accepted = response.status === 200;
		} catch (error) {
			record.status = (error as Error).name;
		}
		if (!record.accepted && !forge && attempt < this.settings.maxCallbackAttempts) {
			this.later(
				this.settings.callbackRetryDelayMs,
				() => void this.deliver(job, url, attempt + 1),
			);
		}
		return record;
	}

	/** Posts one callback now: of a job that exists, genuine or forged. */
	private async sendCallback(
		body: Record<string, unknown>,
	): Promise<HuaweiCallbackAttempt | { error: string }> {
		const job = this.jobs.get(String(body.jobId));
		if (!job) return { error: 'no such job' };
		return await this.deliver(
			job,
			String(body.url),
			1,
			(body.forge as string | undefined) ?? 'once',
		);
	}
}
