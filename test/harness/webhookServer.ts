import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import type {
	IDataObject,
	INode,
	IRunExecutionData,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ExecutionLifecycleHooks, HookContext, WebhookContext } from 'n8n-core';
import { timingSafeEqual } from 'crypto';
import { parse as parseQueryString } from 'querystring';

import type { Execution, RunOptions, RunResult, WorkflowJson } from './engine';
import {
	additionalDataFor,
	buildWorkflow,
	resumeExecution,
	startWorkflow,
	waitingNode,
} from './engine';

/**
 * The part of n8n's server that n8n-core does not contain: production webhooks of active
 * workflows (/webhook/<webhookId>/<path>) and resume webhooks of waiting executions
 * (/webhook-waiting/<executionId>[/<suffix>]?signature=<resume token>), answered the way n8n's
 * webhook-helpers answer them (response modes onReceived, responseNode, lastNode). The
 * node code it runs is the package's own, in n8n-core's real WebhookContext and HookContext.
 */

export interface ReceivedWebhook {
	path: string;
	status: number;
	/** The execution it started or resumed, if any. */
	execution?: Execution;
}

interface ActiveTrigger {
	workflowJson: WorkflowJson;
	node: INode;
	description: IWebhookDescription;
	options: RunOptions;
}

/** The request object n8n hands to webhook(): express-like, with the unparsed body kept. */
interface HarnessRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	query: IDataObject;
	params: IDataObject;
	body: unknown;
	rawBody?: Buffer;
	/** n8n's on-demand reader, for bodies it did not read. */
	readRawBody(): Promise<void>;
	contentType?: string;
}

/** The express-like response object webhook() may answer on directly. */
function responseFor(res: ServerResponse) {
	const response = {
		statusCode: 200,
		get headersSent() {
			return res.headersSent;
		},
		status(code: number) {
			response.statusCode = code;
			return response;
		},
		setHeader(name: string, value: string) {
			res.setHeader(name, value);
			return response;
		},
		json(body: unknown) {
			res.writeHead(response.statusCode, { 'content-type': 'application/json; charset=utf-8' });
			res.end(JSON.stringify(body));
			return response;
		},
		send(body: unknown) {
			if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body))
				return response.json(body);
			res.writeHead(response.statusCode);
			res.end(body === undefined ? '' : body);
			return response;
		},
		end(body?: string) {
			res.writeHead(response.statusCode);
			res.end(body ?? '');
			return response;
		},
	};
	return response;
}

/** The Content-Types n8n 2.41 parses for a webhook node of version 2 or later. */
function isParsableContentType(contentType: string | undefined): boolean {
	if (!contentType) return false;
	return (
		contentType.startsWith('application/json') ||
		contentType.startsWith('text/plain') ||
		contentType.startsWith('application/x-www-form-urlencoded') ||
		contentType.endsWith('/xml') ||
		contentType.endsWith('+xml')
	);
}

/**
 * n8n's body parsing (webhook-helpers parseRequestBody and the body-parser middleware): a
 * version-1 node always gets the raw bytes and a body parsed by Content-Type (a form with
 * querystring.parse, so a repeated field becomes a list); from version 2 on a body whose
 * Content-Type n8n cannot parse is not read at all, and `readRawBody` reads it on demand.
 */
function parseRequest(
	req: IncomingMessage,
	raw: Buffer,
	url: URL,
	nodeVersion: number,
): HarnessRequest {
	const contentType = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
	const request: HarnessRequest = {
		method: req.method ?? 'GET',
		url: req.url ?? '/',
		headers: req.headers,
		query: Object.fromEntries(url.searchParams),
		params: {},
		body: {},
		contentType,
		async readRawBody() {
			request.rawBody ??= raw;
		},
	};
	if (nodeVersion > 1 && !isParsableContentType(contentType)) return request;
	request.rawBody = raw;
	const text = raw.toString('utf8');
	if (!raw.length) return request;
	if (contentType === 'application/json') {
		try {
			request.body = JSON.parse(text);
		} catch {
			request.body = {};
		}
	} else if (contentType === 'application/x-www-form-urlencoded') {
		request.body = { ...parseQueryString(text) };
	} else if (contentType === 'text/plain') {
		request.body = text;
	}
	return request;
}

export class WebhookServer {
	readonly received: ReceivedWebhook[] = [];

	readonly executions: Execution[] = [];

	private server?: Server;

	private triggers = new Map<string, ActiveTrigger>();

	private pending = new Set<Promise<unknown>>();

	url = '';

	get webhookBaseUrl() {
		return `${this.url}/webhook`;
	}

	get webhookWaitingBaseUrl() {
		return `${this.url}/webhook-waiting`;
	}

	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			const handling = this.handle(req, res).catch((error: Error) => {
				if (!res.headersSent) {
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ message: `harness: ${error.message}` }));
				}
			});
			this.track(handling);
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async close(): Promise<void> {
		await this.settle();
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}

	/** Waits until every request and every execution started so far has finished. */
	async settle(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	reset(): void {
		this.triggers.clear();
		this.received.length = 0;
		this.executions.length = 0;
	}

	/** Options for runs whose nodes build webhook and resume URLs on this server. */
	runOptions(options: RunOptions = {}): RunOptions {
		return {
			...options,
			webhookBaseUrl: this.webhookBaseUrl,
			webhookWaitingBaseUrl: this.webhookWaitingBaseUrl,
		};
	}

	/** Starts a workflow whose nodes may park it; a resume webhook to this server continues it. */
	startWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}) {
		const running = startWorkflow(workflowJson, this.runOptions(options));
		this.executions.push(running.execution);
		this.track(running.result);
		return running;
	}

	/** The wait of an execution expired: n8n's WaitTracker resumes it with no webhook data. */
	async expireWait(execution: Execution): Promise<RunResult> {
		const running = resumeExecution(execution);
		this.track(running.result);
		return await running.result;
	}

	/**
	 * Activates a workflow as n8n does: for each webhook trigger, webhookMethods checkExists,
	 * then create when it does not exist. Returns each trigger's production URL by node name.
	 */
	async activate(
		workflowJson: WorkflowJson,
		options: RunOptions = {},
	): Promise<Record<string, string>> {
		const workflow = buildWorkflow(workflowJson, options);
		const urls: Record<string, string> = {};
		for (const node of workflowJson.nodes) {
			const type = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
			const description = type.description.webhooks?.find((webhook) => !webhook.restartWebhook);
			if (!description || !type.webhook) continue;
			if (!node.webhookId)
				throw new Error(
					`Trigger "${node.name}" needs a webhookId, as n8n gives every webhook node`,
				);
			const path = `${node.webhookId}/${String(description.path).replace(/^\/+/, '')}`;
			const webhookData = this.webhookData(workflow, node, description, path, options);
			const hooks = type.webhookMethods?.[description.name];
			if (hooks) {
				const context = new HookContext(
					workflow,
					workflow.getNode(node.name)!,
					webhookData.workflowExecuteAdditionalData,
					'webhook',
					'activate',
					webhookData,
				);
				if (!(await hooks.checkExists.call(context))) await hooks.create.call(context);
			}
			this.triggers.set(path, {
				workflowJson,
				node,
				description,
				options: this.runOptions(options),
			});
			urls[node.name] = `${this.webhookBaseUrl}/${path}`;
		}
		return urls;
	}

	private track(promise: Promise<unknown>): void {
		this.pending.add(promise);
		void promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
	}

	private webhookData(
		workflow: ReturnType<typeof buildWorkflow>,
		node: INode,
		description: IWebhookDescription,
		path: string,
		options: RunOptions,
		executionId?: string,
	): IWebhookData {
		const hooks = new ExecutionLifecycleHooks('webhook', executionId ?? 'webhook', {
			nodes: [],
			connections: {},
		} as never);
		const additionalData: IWorkflowExecuteAdditionalData = additionalDataFor(
			options.credentials ?? {},
			hooks,
			executionId ?? 'webhook',
			this.runOptions(options),
		);
		return {
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: node.name,
			path,
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		};
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.url);
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks);
		const request = (nodeVersion: number) => parseRequest(req, raw, url, nodeVersion);
		const record: ReceivedWebhook = { path: url.pathname, status: 0 };
		this.received.push(record);
		res.on('finish', () => (record.status = res.statusCode));

		if (url.pathname.startsWith('/webhook-waiting/'))
			return await this.resume(url, request, res, record);
		if (url.pathname.startsWith('/webhook/'))
			return await this.trigger(url.pathname.slice('/webhook/'.length), request, res, record);
		res.writeHead(404).end();
	}

	/** Runs a node's webhook() in n8n-core's WebhookContext. */
	private async callWebhook(
		workflowJson: WorkflowJson,
		nodeName: string,
		description: IWebhookDescription,
		path: string,
		options: RunOptions,
		request: HarnessRequest,
		res: ServerResponse,
		execution?: Execution,
	): Promise<IWebhookResponseData> {
		const workflow = buildWorkflow(workflowJson, options);
		const node = workflow.getNode(nodeName)!;
		const webhookData = this.webhookData(workflow, node, description, path, options, execution?.id);
		const additionalData = webhookData.workflowExecuteAdditionalData;
		additionalData.httpRequest = request as never;
		additionalData.httpResponse = responseFor(res) as never;
		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			'webhook',
			webhookData,
			[],
			execution?.stored ?? null,
		);
		const type = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
		return await type.webhook!.call(context);
	}

	private async trigger(
		path: string,
		requestFor: (nodeVersion: number) => HarnessRequest,
		res: ServerResponse,
		record: ReceivedWebhook,
	): Promise<void> {
		const trigger = this.triggers.get(path.replace(/\/+$/, ''));
		if (!trigger)
			return void res
				.writeHead(404, { 'content-type': 'application/json' })
				.end(JSON.stringify({ message: 'The requested webhook is not registered' }));
		const request = requestFor(trigger.node.typeVersion);
		if (request.method !== trigger.description.httpMethod) return void res.writeHead(404).end();

		const result = await this.callWebhook(
			trigger.workflowJson,
			trigger.node.name,
			trigger.description,
			path,
			trigger.options,
			request,
			res,
		);
		if (result.noWebhookResponse && result.workflowData === undefined) return;
		if (result.workflowData === undefined) {
			return void respondJson(
				res,
				200,
				result.webhookResponse ?? { message: 'Webhook call received' },
			);
		}

		const workflow = buildWorkflow(trigger.workflowJson, trigger.options);
		const responseMode = workflow.expression.getSimpleParameterValue(
			workflow.getNode(trigger.node.name)!,
			trigger.description.responseMode as string,
			'webhook',
			{},
			undefined,
			'onReceived',
		);
		// The run starts at the trigger with its webhook() output; n8n-core passes a webhook node's input through.
		const running = startWorkflow(trigger.workflowJson, {
			...trigger.options,
			mode: 'webhook',
			startNode: trigger.node.name,
			input: result.workflowData[0],
		});
		this.executions.push(running.execution);
		record.execution = running.execution;
		this.track(running.result);

		if (responseMode === 'onReceived') {
			if (!result.noWebhookResponse)
				respondJson(res, 200, onReceivedBody(trigger.description, result));
			return;
		}
		if (responseMode === 'responseNode') {
			// n8n answers at the first response a node sends, or when the run ends without one.
			type Response = { body?: unknown; statusCode?: number };
			const sent = new Promise<Response>((resolve) => {
				running.execution.onResponse = (response) => resolve(response as Response);
				if (running.execution.responses.length) resolve(running.execution.responses[0] as Response);
			});
			const first = await Promise.race([sent, running.result.then(() => undefined)]);
			if (result.noWebhookResponse) return;
			if (first) return void respondJson(res, first.statusCode ?? 200, first.body);
			const { run } = await running.result;
			if (run.data.resultData.error !== undefined)
				return void respondJson(res, 500, { message: 'Error in workflow' });
			return void res.writeHead(200).end();
		}
		const { run } = await running.result;
		const failed = run.data.resultData.error !== undefined;
		if (failed) return void respondJson(res, 500, { message: 'Error in workflow' });
		const last = run.data.resultData.lastNodeExecuted;
		const lastItems = last ? run.data.resultData.runData[last]?.at(-1)?.data?.main?.[0] : undefined;
		respondJson(
			res,
			200,
			lastItems?.[0]?.json ?? {
				message: 'Workflow executed successfully but the last node did not return any data',
			},
		);
	}

	/**
	 * n8n 2.41's WaitingWebhooks for nodes other than send-and-wait: the `signature` query
	 * parameter must equal the execution's resume token (constant-time), then the waiting
	 * node's restart webhook whose path is the suffix ('' when there is none) runs.
	 */
	private async resume(
		url: URL,
		requestFor: (nodeVersion: number) => HarnessRequest,
		res: ServerResponse,
		record: ReceivedWebhook,
	): Promise<void> {
		const [executionId, suffix = ''] = url.pathname.slice('/webhook-waiting/'.length).split('/');
		const execution = this.executions.find((candidate) => candidate.id === executionId);
		if (!execution)
			return void respondJson(res, 404, {
				message: `The execution "${executionId}" does not exist`,
			});

		const stored =
			execution.stored ?? (execution.runs.at(-1)?.data as IRunExecutionData | undefined);
		const token = url.searchParams.get('signature') ?? '';
		const expected = stored?.resumeToken ?? '';
		if (
			!expected ||
			token.length !== expected.length ||
			!timingSafeEqual(Buffer.from(token), Buffer.from(expected))
		) {
			return void respondJson(res, 401, { error: 'Invalid token' });
		}
		if (!execution.stored)
			return void respondJson(res, 409, {
				message: `The execution "${executionId}" has finished already.`,
			});

		const node = waitingNode(execution);
		if (!node) return void respondJson(res, 404, { message: 'No node waits on this URL' });
		const request = requestFor(node.typeVersion);
		const workflow = buildWorkflow(execution.workflowJson, execution.options);
		const type = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
		const description = type.description.webhooks?.find(
			(webhook) =>
				webhook.restartWebhook &&
				webhook.httpMethod === request.method &&
				String(webhook.path) === decodeURIComponent(suffix),
		);
		if (!description)
			return void respondJson(res, 404, { message: 'The node does not accept this request' });

		const result = await this.callWebhook(
			execution.workflowJson,
			node.name,
			description,
			url.pathname,
			execution.options,
			request,
			res,
			execution,
		);
		if (result.workflowData !== undefined) {
			record.execution = execution;
			this.track(resumeExecution(execution, result.workflowData).result);
		}
		if (!result.noWebhookResponse) respondJson(res, 200, onReceivedBody(description, result));
	}
}

/**
 * n8n's answer in "onReceived" mode: `responseData` of the webhook description ('firstEntryJson'
 * when undefined: n8n then sends that word), else the node's webhookResponse.
 */
function onReceivedBody(description: IWebhookDescription, result: IWebhookResponseData): unknown {
	const responseData =
		description.responseData === undefined ? 'firstEntryJson' : description.responseData;
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	return result.webhookResponse !== undefined
		? result.webhookResponse
		: { message: 'Workflow was started' };
}

function respondJson(res: ServerResponse, status: number, body: unknown): void {
	if (res.headersSent) return;
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(body === undefined ? '' : JSON.stringify(body));
}
