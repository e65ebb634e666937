import { NeunitAsrApi } from '../../credentials/NeunitAsrApi.credentials';
import { useSandbox } from '../harness/fixtures';
import { httpRequestNodeOptions, sendLikeHttpRequestNode } from '../harness/httpRequestNode';

/**
 * The Neunit credential in n8n's HTTP Request node (Authentication: Predefined Credential
 * Type): n8n hands `authenticate` the node's legacy options, a full URL in `uri` and no `url`.
 */
const { sandbox, client } = useSandbox();
const stored = () => ({
	baseUrl: sandbox().vendorUrl('neunit'),
	keyHeaderName: 'X-Api-Key',
	apiKey: 'neunit-key-1234',
});
const statusUrl = () => `${sandbox().vendorUrl('neunit')}/cloud/asr/v1/get_task_status`;

describe('Neunit credential in the HTTP Request node', () => {
	test('authenticate keeps the URL in `uri` (no `url` added); its key replaces a header of the same name in another case', async () => {
		const signed = await new NeunitAsrApi().authenticate(
			stored(),
			httpRequestNodeOptions({
				method: 'POST',
				url: statusUrl(),
				headers: { 'X-API-KEY': 'typed-by-the-user' },
				json: { task_id: 't' },
			}) as never,
		);
		expect(signed).toMatchObject({ uri: statusUrl() });
		expect(signed).not.toHaveProperty('url');
		const headers = signed.headers as Record<string, string>;
		expect(headers['X-Api-Key']).toBe('neunit-key-1234');
		expect(headers).not.toHaveProperty('x-api-key');
	});

	test('sent through n8n-core: the key header reaches the API and the task is read', async () => {
		await client().neunit.requireHeaders({ 'X-Api-Key': 'neunit-key-1234' });
		await client().neunit.createTask({ taskId: 'from-http-node', status: 2, result: 'done' });
		const reply = await sendLikeHttpRequestNode('neunitAsrApi', stored(), {
			method: 'POST',
			url: statusUrl(),
			json: { task_id: 'from-http-node' },
		});
		expect(reply.statusCode).toBe(200);
		expect(JSON.parse(reply.body)).toMatchObject({ code: 0 });
	});
});
