import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeType,
	IRequestOptions,
	IRunExecutionData,
} from 'n8n-workflow';
import { NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { ExecuteContext, ExecutionLifecycleHooks } from 'n8n-core';
import type { Readable } from 'stream';

import { withDefaults } from './credentialsHelper';
import { additionalDataFor } from './engine';
import { PackageNodeTypes } from './packageTypes';

/** n8n's HTTP Request node; n8n-core gives it any credential type (FULL_ACCESS_NODE_TYPES). */
const HTTP_REQUEST_NODE_TYPE = 'n8n-nodes-base.httpRequest';

export interface HttpRequestNodeCall {
	method: 'GET' | 'POST';
	/** The node's URL field: always a full URL. */
	url: string;
	/** Send Headers; the node lowercases their names (Options → Lowercase Headers, on by default). */
	headers?: Record<string, string>;
	/** Send Query Parameters. */
	qs?: IDataObject;
	/** Send Body, Body Content Type "JSON". */
	json?: IDataObject;
	/** Send Body, Body Content Type "Form Urlencoded". */
	form?: Record<string, string>;
	/** Send Body, Body Content Type "Raw": the text as typed, with its Content Type. */
	raw?: { contentType: string; body: string };
}

export interface HttpRequestNodeReply {
	statusCode: number;
	body: string;
}

/**
 * The legacy request options n8n's HTTP Request node v4.2 builds (n8n-nodes-base 2.41.1,
 * dist/nodes/HttpRequest/V3/HttpRequestV3.node.js, lines 201-212 and 258-447) for
 * Authentication "Predefined Credential Type" and the default Response Format (autodetect):
 * `uri` is the full URL the user typed, headers are lowercased, a JSON body is an object.
 */
export function httpRequestNodeOptions(call: HttpRequestNodeCall): IRequestOptions {
	const headers: IDataObject = {};
	for (const [name, value] of Object.entries(call.headers ?? {}))
		headers[name.toLowerCase()] = value;
	const options: IRequestOptions = {
		headers,
		method: call.method,
		uri: call.url,
		gzip: true,
		rejectUnauthorized: true,
		followRedirect: true,
		followAllRedirects: true,
		maxRedirects: undefined,
		resolveWithFullResponse: true,
		timeout: 300_000,
		encoding: null,
		json: false,
		useStream: true,
	};
	(options as IDataObject).sendCredentialsOnCrossOriginRedirect = true;
	if (call.qs) options.qs = call.qs;
	if (call.json) options.body = call.json;
	if (call.form) options.form = call.form;
	if (call.raw) {
		options.body = call.raw.body;
		headers['content-type'] = call.raw.contentType;
	}
	headers.accept =
		'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7';
	return options;
}

/**
 * One request of n8n's HTTP Request node with a credential of this package, sent the way the
 * node sends it: n8n-core's `helpers.requestWithAuthentication`, which calls the credential's
 * `authenticate` with the legacy options and sends what it returns with n8n's legacy request
 * adapter (the same code as in a running n8n; only the credential store is the harness's).
 */
export async function sendLikeHttpRequestNode(
	credentialType: string,
	credentialData: ICredentialDataDecryptedObject,
	call: HttpRequestNodeCall,
): Promise<HttpRequestNodeReply> {
	const nodeType: INodeType = {
		description: {
			displayName: 'HTTP Request',
			name: 'httpRequest',
			group: ['output'],
			version: [4.2],
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
	};
	const nodeTypes = new PackageNodeTypes();
	nodeTypes.register(HTTP_REQUEST_NODE_TYPE, nodeType);
	const node: INode = {
		id: 'http-request',
		name: 'HTTP Request',
		type: HTTP_REQUEST_NODE_TYPE,
		typeVersion: 4.2,
		position: [0, 0],
		parameters: { authentication: 'predefinedCredentialType', nodeCredentialType: credentialType },
		credentials: { [credentialType]: { id: '1', name: 'Test account' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('internal', 'http-request-node', {
		nodes: [node],
		connections: {},
	} as never);
	const additionalData = additionalDataFor(
		{ [credentialType]: withDefaults(credentialType, credentialData) },
		hooks,
		'http-request-node',
	);
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		{ resultData: { runData: {} } } as unknown as IRunExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const options = httpRequestNodeOptions(call);
	// "Never Error" is off: an HTTP error status is an error; its reply is read from it.
	try {
		const reply = (await context.helpers.requestWithAuthentication.call(
			context,
			credentialType,
			options,
			undefined,
			0,
		)) as { statusCode: number; body: Readable };
		const chunks: Buffer[] = [];
		for await (const chunk of reply.body) chunks.push(Buffer.from(chunk as Buffer));
		return { statusCode: reply.statusCode, body: Buffer.concat(chunks).toString('utf8') };
	} catch (error) {
		const cause = (error as { cause?: { statusCode?: number; error?: unknown } }).cause;
		if (cause?.statusCode === undefined) throw error;
		const body = cause.error;
		return {
			statusCode: cause.statusCode,
			body: typeof body === 'string' ? body : JSON.stringify(body),
		};
	}
}
