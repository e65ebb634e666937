import { HuaweiCloudApi } from '../../credentials/HuaweiCloudApi.credentials';
import { sandboxCredentials, useSandbox } from '../harness/fixtures';
import { httpRequestNodeOptions, sendLikeHttpRequestNode } from '../harness/httpRequestNode';
import {
	DEMO_HUAWEI_ACCOUNT,
	sandboxSignature,
	demoHuaweiPasswordCredential,
} from '../sandbox/vendors/huawei';

/**
 * The Huawei Cloud credential in n8n's HTTP Request node (Authentication: Predefined
 * Credential Type): n8n hands `authenticate` the node's legacy options, a full URL in `uri` and
 * no `url`, which may name `{project_id}` and carry a query of its own.
 */
const { sandbox, client } = useSandbox();
const accessKey = () => sandboxCredentials(sandbox()).huaweiCloudApi;
const jobsUrl = () => `${sandbox().vendorUrl('huawei')}/v3/{project_id}/moderation/audio/jobs`;

describe('Huawei Cloud credential in the HTTP Request node', () => {
	test('authenticate fills in the project, signs the URL in `uri` with its whole query (no `url` added)', async () => {
		const signed = await new HuaweiCloudApi().authenticate(
			accessKey(),
			httpRequestNodeOptions({
				method: 'GET',
				url: `${jobsUrl()}/job-1?b=2&a=x y`,
				qs: { c: '中' },
			}) as never,
		);
		const uri = (signed as unknown as { uri: string }).uri;
		expect(uri).toBe(
			`${sandbox().vendorUrl('huawei')}/v3/${DEMO_HUAWEI_ACCOUNT.projectId}/moderation/audio/jobs/job-1?a=x%20y&b=2&c=%E4%B8%AD`,
		);
		expect(signed).not.toHaveProperty('url');
		expect(signed.qs).toEqual({});
		const headers = signed.headers as Record<string, string>;
		// The sandbox's own verifier, on what n8n will send.
		const sent = new URL(uri);
		const expected = sandboxSignature(
			{
				method: 'GET',
				path: sent.pathname,
				query: sent.searchParams,
				headers: {
					'content-type': headers['Content-Type'],
					host: sent.host,
					'x-project-id': headers['X-Project-Id'],
					'x-sdk-date': headers['X-Sdk-Date'],
				},
				body: Buffer.alloc(0),
			},
			['content-type', 'host', 'x-project-id', 'x-sdk-date'],
			headers['X-Sdk-Date'],
			DEMO_HUAWEI_ACCOUNT.secretAccessKey,
		);
		expect(headers.Authorization).toContain(`Signature=${expected}`);
		expect(JSON.stringify(signed)).not.toContain(DEMO_HUAWEI_ACCOUNT.secretAccessKey);
	});

	test('sent through n8n-core with AK/SK: create a job (JSON body), then read it with query parameters', async () => {
		const created = await sendLikeHttpRequestNode('huaweiCloudApi', accessKey(), {
			method: 'POST',
			url: jobsUrl(),
			json: { data: { url: 'https://audio.example/a.wav' }, categories: ['porn', 'ad'] },
		});
		expect(created.statusCode).toBe(200);
		const jobId = JSON.parse(created.body).job_id;
		const read = await sendLikeHttpRequestNode('huaweiCloudApi', accessKey(), {
			method: 'GET',
			url: `${jobsUrl()}/${jobId}?note=a b`,
			qs: { lang: '中文' },
		});
		expect(read.statusCode).toBe(200);
		expect(JSON.parse(read.body)).toMatchObject({ job_id: jobId });
		const received = await client().requests('huawei');
		expect(received.map((request) => [request.method, request.answered])).toEqual([
			['POST', 200],
			['GET', 200],
		]);
		expect(received[1].query).toEqual({ note: 'a b', lang: '中文' });
	});

	test('sent through n8n-core with an IAM token: n8n gets the token first, then the call is accepted', async () => {
		const reply = await sendLikeHttpRequestNode(
			'huaweiCloudApi',
			demoHuaweiPasswordCredential(sandbox().vendorUrl('huawei')),
			{
				method: 'POST',
				url: jobsUrl(),
				json: { data: { url: 'https://audio.example/a.wav' }, categories: ['porn'] },
			},
		);
		expect(reply.statusCode).toBe(200);
		expect(JSON.parse(reply.body).job_id).toEqual(expect.any(String));
		const received = await client().requests('huawei');
		expect(received.map((request) => request.path)).toEqual([
			'/v3/auth/tokens',
			`/v3/${DEMO_HUAWEI_ACCOUNT.projectId}/moderation/audio/jobs`,
		]);
	});

	test('a wrong Secret Access Key is refused by the sandbox (the signature is verified)', async () => {
		const reply = await sendLikeHttpRequestNode(
			'huaweiCloudApi',
			{ ...accessKey(), secretAccessKey: 'not-the-key' },
			{ method: 'GET', url: `${jobsUrl()}/job-1` },
		);
		expect(reply.statusCode).toBe(401);
		expect(JSON.parse(reply.body)).toMatchObject({ error_code: 'APIGW.0301' });
	});

	test('a form body is refused with a clear error, before anything is sent', async () => {
		await expect(
			sendLikeHttpRequestNode('huaweiCloudApi', accessKey(), {
				method: 'POST',
				url: jobsUrl(),
				form: { a: '1' },
			}),
		).rejects.toThrow('Huawei Cloud APIs take a JSON body');
		expect(await client().requests('huawei')).toEqual([]);
	});
});
