import { NiceApi } from '../../credentials/NiceApi.credentials';
import { sandboxCredentials, useSandbox } from '../harness/fixtures';
import { httpRequestNodeOptions, sendLikeHttpRequestNode } from '../harness/httpRequestNode';
import { DEMO_NICE_ACCOUNT } from '../sandbox/vendors/nice';

/**
 * The NICE credential in n8n's HTTP Request node (Authentication: Predefined Credential Type):
 * n8n hands `authenticate` the node's legacy options, a full URL in `uri` and no `url`.
 */
const { sandbox, client } = useSandbox();
const stored = () => sandboxCredentials(sandbox()).niceApi;

describe('NICE credential in the HTTP Request node', () => {
	test('authenticate keeps the full URL in `uri`, adds no `url`, and adds the bearer token', async () => {
		const uri = `${sandbox().vendorUrl('nice')}/task/taskInfo`;
		const signed = await new NiceApi().authenticate(
			stored(),
			httpRequestNodeOptions({ method: 'POST', url: uri, json: { task_no: 'x' } }) as never,
		);
		expect(signed).toMatchObject({ uri, body: { task_no: 'x' } });
		expect(signed).not.toHaveProperty('url');
		expect((signed.headers as Record<string, string>).Authorization).toMatch(
			/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/,
		);
		expect(JSON.stringify(signed)).not.toContain(DEMO_NICE_ACCOUNT.appSecret);
	});

	test('sent through n8n-core: create a task, then read its info; the sandbox accepts both tokens', async () => {
		const created = await sendLikeHttpRequestNode('niceApi', stored(), {
			method: 'POST',
			url: `${sandbox().vendorUrl('nice')}/task/create`,
			json: {
				project_key: DEMO_NICE_ACCOUNT.projectKeys[0],
				task_type: 1,
				ts: String(Date.now()),
				task_file_url: 'https://audio.example/visit.wav',
			},
		});
		expect(created.statusCode).toBe(200);
		const { errcode, data } = JSON.parse(created.body);
		expect(errcode).toBe(0);
		const info = await sendLikeHttpRequestNode('niceApi', stored(), {
			method: 'POST',
			url: `${sandbox().vendorUrl('nice')}/task/taskInfo`,
			json: { task_no: data.task_no },
		});
		expect(JSON.parse(info.body)).toMatchObject({
			errcode: 0,
			data: { task_no: data.task_no, task_file_path: 'visit.wav' },
		});
		const received = await client().requests('nice');
		expect(received.map((request) => request.path)).toEqual(['/task/create', '/task/taskInfo']);
	});

	test('a wrong App Secret is refused by the sandbox (the token is verified)', async () => {
		const reply = await sendLikeHttpRequestNode(
			'niceApi',
			{ ...stored(), appSecret: 'not-the-secret' },
			{
				method: 'POST',
				url: `${sandbox().vendorUrl('nice')}/task/taskInfo`,
				json: { task_no: 'x' },
			},
		);
		expect(reply.statusCode).toBe(401);
		expect(JSON.parse(reply.body)).toMatchObject({ message: 'token invalid: bad signature' });
	});
});
