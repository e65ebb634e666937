import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject, IExecuteFunctions, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOperation } from '../../nodes/common/execute';
import type { HttpReply } from '../../nodes/common/http';
import { parseJsonObject } from '../../nodes/common/http';
import type { Decoded, ReplyDecoder } from '../../nodes/common/replyDecoder';
import { jsonEnvelopeDecoder } from '../../nodes/common/replyDecoder';
import type { VendorApi } from '../../nodes/common/vendorRequest';
import { vendorDownload, vendorRequest } from '../../nodes/common/vendorRequest';
import { runWorkflow } from '../harness/engine';

/**
 * A vendor unlike the first three, written only with what nodes/common exports: it answers
 * HTTP 400 with a string code (`{"error_code":"AIS.0030"}`, as Huawei does) and hands out
 * files to download as bytes. Run through n8n's engine with a real credential's
 * authenticate (Neunit's: headers and base URL) against a local server.
 */

const FILE = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0x7f, 0x00, 0xc3]);

let server: Server;
let baseUrl = '';
const seen: string[] = [];
beforeAll(async () => {
	server = createServer((req, res) => {
		seen.push(`${req.method} ${req.url} ${req.headers['x-api-key'] ?? ''}`);
		const json = (status: number, body: unknown) =>
			res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
		if (req.url === '/v3/jobs/known')
			return json(200, { request_id: 'r-1', result: { job_id: 'known', status: 'succeeded' } });
		if (req.url === '/v3/jobs/unknown')
			return json(400, {
				error_code: 'AIS.0030',
				error_msg: 'The job does not exist',
				request_id: 'r-2',
			});
		if (req.url === '/v3/jobs/gateway')
			return json(401, {
				error_code: 'APIGW.0301',
				error_msg: 'Incorrect IAM authentication information',
			});
		if (req.url === '/v3/jobs/html')
			return res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
		if (req.url === '/files/result.bin')
			return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(FILE);
		if (req.url === '/files/gone') return json(404, { errcode: 40401, errmsg: 'file expired' });
		return res.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise((resolve) => server.close(resolve)));
beforeEach(() => (seen.length = 0));

const API: VendorApi = {
	vendor: 'Example Cloud',
	credentialType: 'neunitAsrApi',
	codes: {
		'AIS.0030': { meaning: 'the job does not exist', action: 'Check the job ID.' },
		'APIGW.0301': {
			meaning: 'the IAM credentials are wrong',
			action: 'Check the keys in the credential.',
		},
		'40401': { meaning: 'the file has expired', action: 'Ask for a new download URL.' },
	},
	secretFields: ['apiKey'],
};

/** A string-code API: HTTP 2xx carries `result`, any other status `error_code`. */
const decodeJob: ReplyDecoder<IDataObject> = (reply) => {
	const body = parseJsonObject(reply.body);
	if (!body) return undefined;
	if (reply.statusCode < 300 && body.result) return { body: body.result as IDataObject };
	if (typeof body.error_code !== 'string') return undefined;
	return {
		error: {
			code: body.error_code,
			message: String(body.error_msg ?? ''),
			requestId: body.request_id as string | undefined,
		},
	};
};

/** A download: 2xx is the file as bytes; otherwise the service's JSON error. */
const decodeError = jsonEnvelopeDecoder<Buffer>({
	codeKey: 'errcode',
	messageKey: 'errmsg',
	successCode: 0,
	statuses: 'any',
});
const decodeFile = (reply: HttpReply<Buffer>): Decoded<Buffer> | undefined => {
	if (reply.statusCode < 300) return { body: reply.body };
	const decoded = decodeError(reply);
	return decoded && 'error' in decoded ? decoded : undefined;
};

const exampleNode: INodeType = {
	description: {
		displayName: 'Example',
		name: 'example',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: {},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'neunitAsrApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				default: 'getJob',
				options: [],
			},
		],
	},
	async execute(this: IExecuteFunctions) {
		return [
			await runOperation.call(this, {
				getJob: {
					description: [],
					async execute(this: IExecuteFunctions, itemIndex: number) {
						const { id } = this.getInputData()[itemIndex].json as { id: string };
						const job = await vendorRequest(
							this,
							API,
							{ method: 'GET', url: `/v3/jobs/${id}` },
							{ itemIndex, idempotent: true, decode: decodeJob },
						);
						return [{ json: job }];
					},
				},
				download: {
					description: [],
					async execute(this: IExecuteFunctions, itemIndex: number) {
						const { id } = this.getInputData()[itemIndex].json as { id: string };
						const file = await vendorDownload(
							this,
							API,
							{ method: 'GET', url: `/files/${id}` },
							{ itemIndex, idempotent: true, decode: decodeFile },
						);
						return [
							{
								json: { size: file.length },
								binary: { data: await this.helpers.prepareBinaryData(file, `${id}`) },
							},
						];
					},
				},
			}),
		];
	},
};

async function run(operation: string, id: string) {
	const workflow = {
		nodes: [
			{
				id: '1',
				name: 'Example',
				type: 'harness.example',
				typeVersion: 1,
				position: [0, 0] as [number, number],
				parameters: { operation },
				credentials: { neunitAsrApi: { id: '1', name: 'example' } },
				onError: 'continueRegularOutput' as const,
			},
		],
		connections: {},
	};
	const credentials = {
		neunitAsrApi: { baseUrl, keyHeaderName: 'X-Api-Key', apiKey: 'example-secret-key-42' },
	};
	const result = await runWorkflow(workflow, {
		credentials,
		input: [{ json: { id } }],
		extraNodeTypes: { 'harness.example': exampleNode },
	});
	return result.output('Example')[0];
}

describe('a vendor with HTTP 400 string codes, decoded without touching nodes/common', () => {
	test('a 2xx reply is the decoded body; the credential signed the request and gave the base URL', async () => {
		expect((await run('getJob', 'known')).json).toEqual({ job_id: 'known', status: 'succeeded' });
		expect(seen).toEqual(['GET /v3/jobs/known example-secret-key-42']);
	});

	test('HTTP 400 with a string code is explained from the code table, with the request id', async () => {
		const { json } = await run('getJob', 'unknown');
		expect(json.error).toBe('Example Cloud error AIS.0030: the job does not exist');
		expect(json.description).toContain('What to do: Check the job ID.');
		expect(json.description).toContain('Request id: r-2.');
		expect(json.httpCode).toBe('400');
		// Not retried: a 400 is an answer, not a transient failure.
		expect(seen).toHaveLength(1);
	});

	test("a gateway code on HTTP 401 is the vendor's too", async () => {
		expect((await run('getJob', 'gateway')).json.error).toBe(
			'Example Cloud error APIGW.0301: the IAM credentials are wrong',
		);
	});

	test('a reply that is no API reply is reported by its HTTP status, after the retries a read gets', async () => {
		expect((await run('getJob', 'html')).json.error).toBe(
			'Example Cloud answered HTTP 502 (server error) (after 4 attempts)',
		);
		expect(seen).toHaveLength(4);
	}, 15_000);
});

describe('a byte download, decoded without touching nodes/common', () => {
	test('the file arrives byte for byte (not decoded as text)', async () => {
		const item = await run('download', 'result.bin');
		expect(item.json).toEqual({ size: FILE.length });
		expect(Buffer.from(item.binary!.data.data, 'base64')).toEqual(FILE);
	});

	test("a failed download is explained from the service's JSON error", async () => {
		expect((await run('download', 'gone')).json.error).toBe(
			'Example Cloud error 40401: the file has expired',
		);
	});
});
