import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import type { Fault, RecordedRequest, SandboxReply, SandboxRequest, VendorModule } from './types';
import { jsonReply } from './types';
import { HuaweiSandbox } from './vendors/huawei';
import { NeunitSandbox } from './vendors/neunit';
import { NiceSandbox } from './vendors/nice';
import { TencentSandbox } from './vendors/tencent';
import { TencentApi3Sandbox } from './vendors/tencent3';
import { YidunSandbox } from './vendors/yidun';

/** Longest body the sandbox reads; larger ones are answered 413 like a real gateway would. */
const MAX_BODY_BYTES = 600 * 1024 * 1024;

export interface Sandbox {
	url: string;
	/** The base URL a credential uses for one vendor, e.g. http://127.0.0.1:PORT/neunit */
	vendorUrl(vendor: string): string;
	vendors: Record<string, VendorModule>;
	close(): Promise<void>;
}

/**
 * The local emulator of every vendor. Tests and `npm run sandbox` drive it through the
 * control API under /__control (see client.ts).
 */
export async function startSandbox(
	options: { port?: number; host?: string } = {},
): Promise<Sandbox> {
	const vendorList: VendorModule[] = [
		new NeunitSandbox(),
		new TencentSandbox(),
		new YidunSandbox(),
		new HuaweiSandbox(),
		new NiceSandbox(),
		new TencentApi3Sandbox(),
	];
	const vendors = Object.fromEntries(vendorList.map((vendor) => [vendor.name, vendor]));
	let faults: Fault[] = [];
	let requests: RecordedRequest[] = [];

	const takeFault = (vendor: string, path: string): Fault | undefined => {
		const fault = faults.find(
			(f) => f.vendor === vendor && (!f.path || f.path === path) && f.times > 0,
		);
		if (fault?.skip) {
			fault.skip--;
			return undefined;
		}
		if (fault) {
			fault.times--;
			faults = faults.filter((f) => f.times > 0);
		}
		return fault;
	};

	const control = async (
		path: string,
		body: Record<string, unknown>,
		method: string,
	): Promise<SandboxReply> => {
		const [action = '', vendorAction = ''] = path.split('/').filter(Boolean);
		if (action === 'reset' && method === 'POST') {
			faults = [];
			requests = [];
			vendorList.forEach((vendor) => vendor.reset());
			return jsonReply(200, { ok: true });
		}
		if (action === 'faults' && method === 'POST') {
			const fault = body as unknown as Fault;
			if (!vendors[fault.vendor])
				return jsonReply(400, { error: `unknown vendor ${fault.vendor}` });
			faults.push({ ...fault, times: fault.times ?? 1 });
			return jsonReply(200, { ok: true, pending: faults.length });
		}
		if (action === 'requests' && method === 'GET') return jsonReply(200, requests);
		if (action === 'requests' && method === 'DELETE') {
			requests = [];
			return jsonReply(200, { ok: true });
		}
		const vendor = vendors[action];
		if (vendor && method === 'POST') {
			try {
				return jsonReply(200, (await vendor.control(vendorAction, body)) ?? { ok: true });
			} catch (error) {
				return jsonReply(400, { error: (error as Error).message });
			}
		}
		return jsonReply(404, { error: `no control action ${method} ${path}` });
	};

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://sandbox');
		// A vendor may take a large body as a stream (uploads), which the sandbox never holds whole.
		const [streamVendor, ...streamPath] = url.pathname.split('/').filter(Boolean);
		const streamed = !!vendors[streamVendor ?? '']?.streamsBody?.(
			req.method ?? 'GET',
			`/${streamPath.join('/')}`,
		);
		const chunks: Buffer[] = [];
		let size = 0;
		if (!streamed) {
			for await (const chunk of req) {
				size += (chunk as Buffer).length;
				if (size > MAX_BODY_BYTES) return send(res, jsonReply(413, { error: 'body too large' }));
				chunks.push(chunk as Buffer);
			}
		}
		const body = Buffer.concat(chunks);

		// Any method, any body: 200 with JSON that is no vendor's reply (credential-test rules).
		if (url.pathname.startsWith('/__control/not-an-api'))
			return send(res, jsonReply(200, { hello: 'this is not a vendor API' }));

		if (url.pathname.startsWith('/__control')) {
			let parsed: unknown = {};
			if (body.length) {
				try {
					parsed = JSON.parse(body.toString('utf8'));
				} catch {
					parsed = undefined;
				}
			}
			if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
				return send(res, jsonReply(400, { error: 'control bodies are JSON objects' }));
			}
			return send(
				res,
				await control(
					url.pathname.slice('/__control'.length),
					parsed as Record<string, unknown>,
					req.method ?? 'GET',
				),
			);
		}

		const [vendorName, ...rest] = url.pathname.split('/').filter(Boolean);
		const vendor = vendors[vendorName ?? ''];
		if (!vendor) return send(res, jsonReply(404, { error: `no vendor at /${vendorName ?? ''}` }));

		const request: SandboxRequest = {
			vendor: vendor.name,
			method: req.method ?? 'GET',
			path: `/${rest.join('/')}`,
			query: url.searchParams,
			headers: req.headers,
			body,
			stream: streamed ? req : undefined,
			receivedAt: Date.now(),
		};
		const record: RecordedRequest = {
			vendor: vendor.name,
			method: request.method,
			path: request.path,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body: body.toString('utf8'),
			receivedAt: request.receivedAt,
		};
		requests.push(record);

		const fault = takeFault(vendor.name, request.path);
		if (fault?.kind === 'reset') {
			record.answered = 'reset';
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'status') {
			const status = fault.status ?? 500;
			record.answered = status;
			const headers: Record<string, string> = { 'content-type': 'text/html' };
			if (fault.retryAfterSeconds !== undefined)
				headers['retry-after'] = String(fault.retryAfterSeconds);
			return send(res, {
				status,
				headers,
				body: `<html><body>${status} injected by the sandbox</body></html>`,
			});
		}
		if (fault?.kind === 'malformed') {
			record.answered = 200;
			return send(res, {
				status: 200,
				headers: { 'content-type': 'application/json' },
				body: '{"code": 0, "data": {"status": 2,',
			});
		}
		if (fault?.kind === 'slow')
			await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 5000));
		if (res.destroyed) return;

		const reply = await vendor.handle(request);
		record.answered = reply.status;
		record.answeredAt = Date.now();
		send(res, reply);
	};

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			// A bug in an emulator must show up as a clear 500, never crash the sandbox.
			if (!res.headersSent) send(res, jsonReply(500, { error: `sandbox bug: ${error.message}` }));
		});
	});

	await new Promise<void>((resolve) =>
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
	);
	const { port } = server.address() as AddressInfo;
	const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

	return {
		url,
		vendorUrl: (vendor: string) => `${url}/${vendor}`,
		vendors,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

function send(res: ServerResponse, reply: SandboxReply): void {
	if (res.destroyed) return;
	res.writeHead(reply.status, reply.headers ?? {});
	res.end(reply.body);
}
