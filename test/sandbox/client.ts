import axios, { type AxiosInstance } from 'axios';

import type { Fault, RecordedRequest } from './types';
import type { NeunitTaskSpec, NeunitTaskState } from './vendors/neunit';
import type { TencentAccount, TencentCallbackAttempt, TencentResult } from './vendors/tencent';

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
	};

	readonly tencent = {
		configure: async (settings: { accounts?: TencentAccount[]; callbackDelayMs?: number; retryDelayMs?: number; callbackContentType?: string | null; templates?: string[]; clockOffsetSeconds?: number }) => {
			await this.http.post('/tencent/configure', settings);
		},
		queueResults: async (...results: TencentResult[]): Promise<void> => {
			await this.http.post('/tencent/results', { results });
		},
		failNext: async (code: number, message?: string): Promise<void> => {
			await this.http.post('/tencent/failNext', { code, message });
		},
		callbacks: async (): Promise<TencentCallbackAttempt[]> => (await this.http.post<TencentCallbackAttempt[]>('/tencent/callbacks', {})).data,
		/** Posts one callback now, as Tencent would (or forged: any fields, any raw body, any Content-Type). */
		sendCallback: async (callback: { url: string; fields?: Record<string, string | number>; rawBody?: string; contentType?: string | null }) =>
			(await this.http.post<{ status: number | string; answer: string; accepted: boolean }>('/tencent/sendCallback', callback)).data,
	};
}
