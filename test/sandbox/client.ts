import axios, { type AxiosInstance } from 'axios';

import type { Fault, RecordedRequest } from './types';
import type {
	HuaweiAccount,
	HuaweiCallbackAttempt,
	HuaweiJobTimes,
	HuaweiResult,
} from './vendors/huawei';
import type { NeunitTaskReport, NeunitTaskSpec, NeunitTaskState } from './vendors/neunit';
import type { NiceOutcome, NiceUpload } from './vendors/nice';
import type { Api3CallbackAttempt, Api3Result } from './vendors/tencent3';
import type { TencentAccount, TencentCallbackAttempt, TencentResult } from './vendors/tencent';
import type { YidunAccount, YidunPush, YidunVerdict } from './vendors/yidun';

/** Drives a running sandbox through its HTTP control API (the same API e2e tests use). */
export class SandboxClient {
	private readonly http: AxiosInstance;

	constructor(readonly url: string) {
		this.http = axios.create({ baseURL: `${url}/__control`, proxy: false });
	}

	async reset(): Promise<void> {
		await this.http.post('/reset');
	}

	async injectFault(fault: Omit<Fault, 'times'> & { times?: number }): Promise<void> {
		await this.http.post('/faults', fault);
	}

	async requests(vendor?: string): Promise<RecordedRequest[]> {
		const { data } = await this.http.get<RecordedRequest[]>('/requests');
		return vendor ? data.filter((request) => request.vendor === vendor) : data;
	}

	readonly neunit = {
		createTask: async (spec: NeunitTaskSpec = {}): Promise<string> =>
			(await this.http.post<{ taskId: string }>('/neunit/tasks', spec)).data.taskId,
		advance: async (taskId: string, state: Partial<NeunitTaskState>): Promise<void> => {
			await this.http.post('/neunit/advance', { taskId, ...state });
		},
		requireHeaders: async (requiredHeaders: Record<string, string>): Promise<void> => {
			await this.http.post('/neunit/configure', { requiredHeaders });
		},
		/** When the task was created, its clock started and it ended; how many status calls named it. */
		task: async (taskId: string): Promise<NeunitTaskReport> =>
			(await this.http.post<NeunitTaskReport>('/neunit/task', { taskId })).data,
	};

	readonly tencent = {
		configure: async (settings: {
			accounts?: TencentAccount[];
			callbackDelayMs?: number;
			retryDelayMs?: number;
			callbackContentType?: string | null;
			templates?: string[];
			clockOffsetSeconds?: number;
		}) => {
			await this.http.post('/tencent/configure', settings);
		},
		queueResults: async (...results: TencentResult[]): Promise<void> => {
			await this.http.post('/tencent/results', { results });
		},
		failNext: async (code: number, message?: string): Promise<void> => {
			await this.http.post('/tencent/failNext', { code, message });
		},
		callbacks: async (): Promise<TencentCallbackAttempt[]> =>
			(await this.http.post<TencentCallbackAttempt[]>('/tencent/callbacks', {})).data,
		/** Posts one callback now, as Tencent would (or forged: any fields, any raw body, any Content-Type). */
		sendCallback: async (callback: {
			url: string;
			fields?: Record<string, string | number>;
			rawBody?: string;
			contentType?: string | null;
		}) =>
			(
				await this.http.post<{ status: number | string; answer: string; accepted: boolean }>(
					'/tencent/sendCallback',
					callback,
				)
			).data,
	};

	readonly huawei = {
		configure: async (settings: {
			accounts?: HuaweiAccount[];
			finishAfterMs?: number;
			tokenLifetimeMs?: number;
			callbackTimeoutMs?: number;
			callbackRetryDelayMs?: number;
			maxCallbackAttempts?: number;
			signatureEncoding?: 'hex' | 'base64';
			subscribed?: boolean;
			clockOffsetMs?: number;
		}) => {
			await this.http.post('/huawei/configure', settings);
		},
		queueResults: async (...results: HuaweiResult[]): Promise<void> => {
			await this.http.post('/huawei/results', { results });
		},
		callbacks: async (): Promise<HuaweiCallbackAttempt[]> =>
			(await this.http.post<HuaweiCallbackAttempt[]>('/huawei/callbacks', {})).data,
		stats: async () =>
			(await this.http.post<{ tokensIssued: number; jobs: number }>('/huawei/stats', {})).data,
		expireTokens: async (): Promise<void> => {
			await this.http.post('/huawei/expireTokens', {});
		},
		/** The ids of the jobs created so far, oldest first. */
		jobs: async (): Promise<string[]> => (await this.http.post<string[]>('/huawei/jobs', {})).data,
		/** When each job was created, ended and first called back, oldest first. */
		jobTimes: async (): Promise<HuaweiJobTimes[]> =>
			(await this.http.post<HuaweiJobTimes[]>('/huawei/jobTimes', {})).data,
		/** Posts the callback of an existing job now, once: genuine, or forged. */
		sendCallback: async (callback: {
			url: string;
			jobId: string;
			forge?: 'wrongSeed' | 'missingSignature' | 'tampered';
		}) => (await this.http.post<HuaweiCallbackAttempt>('/huawei/sendCallback', callback)).data,
	};

	/** Tencent Cloud ASR API 3.0. */
	readonly tencent3 = {
		configure: async (settings: {
			finishAfterMs?: number;
			retryDelayMs?: number;
			tokens?: string[];
		}) => {
			await this.http.post('/tencent3/configure', settings);
		},
		queueResults: async (...results: Api3Result[]): Promise<void> => {
			await this.http.post('/tencent3/results', { results });
		},
		callbacks: async (): Promise<Api3CallbackAttempt[]> =>
			(await this.http.post<Api3CallbackAttempt[]>('/tencent3/callbacks', {})).data,
		stats: async () =>
			(await this.http.post<{ limitRefusals: number; tasks: number }>('/tencent3/stats', {})).data,
		/** The next `times` calls answer RequestLimitExceeded. */
		limitNext: async (times: number): Promise<void> => {
			await this.http.post('/tencent3/limitNext', { times });
		},
	};

	readonly nice = {
		configure: async (settings: {
			finishAfterMs?: number;
			fileUrlTtlSeconds?: number;
			pushUrl?: string;
			pushFormat?: 'json' | 'form';
		}) => {
			await this.http.post('/nice/configure', settings);
		},
		queueOutcomes: async (...outcomes: NiceOutcome[]): Promise<void> => {
			await this.http.post('/nice/outcomes', { outcomes });
		},
		uploads: async (): Promise<NiceUpload[]> =>
			(await this.http.post<NiceUpload[]>('/nice/uploads', {})).data,
		/** Pushes a task's end to `url` as NICE does (JSON or form); `projectKey` forges another project. */
		push: async (push: {
			url: string;
			taskNo: string;
			format?: 'json' | 'form';
			projectKey?: string;
		}) =>
			(
				await this.http.post<{ status: number; answer: string }>('/nice/push', {
					...push,
					sandboxUrl: this.url,
				})
			).data,
	};

	readonly yidun = {
		configure: async (settings: {
			accounts?: YidunAccount[];
			pageSize?: number;
			finishAfterMs?: number;
		}) => {
			await this.http.post('/yidun/configure', settings);
		},
		queueVerdicts: async (...verdicts: YidunVerdict[]): Promise<void> => {
			await this.http.post('/yidun/verdicts', { verdicts });
		},
		/** Finished results straight into the drain queue. */
		enqueue: async (count: number): Promise<string[]> =>
			(await this.http.post<{ taskIds: string[] }>('/yidun/enqueue', { count })).data.taskIds,
		/** Like enqueue, but the queued verdicts apply to the new results. */
		enqueueFromVerdicts: async (count: number): Promise<string[]> =>
			(await this.http.post<{ taskIds: string[] }>('/yidun/enqueue', { count, useVerdicts: true }))
				.data.taskIds,
		rateLimitNext: async (times: number): Promise<void> => {
			await this.http.post('/yidun/rateLimitNext', { times });
		},
		stats: async () =>
			(
				await this.http.post<{
					queued: number;
					rateLimited: number;
					drainCalls: number;
					tasks: number;
				}>('/yidun/stats', {})
			).data,
		pushes: async (): Promise<YidunPush[]> =>
			(await this.http.post<YidunPush[]>('/yidun/pushes', {})).data,
		/** Pushes a result to a URL now, signed like Yidun (or forged). */
		push: async (push: {
			url: string;
			taskId?: string;
			version?: 'v3' | 'v4';
			signatureMethod?: string;
			forge?: 'wrongKey' | 'wrongSecretId' | 'missingSignature' | 'tampered';
		}) => (await this.http.post<YidunPush>('/yidun/push', push)).data,
	};
}
