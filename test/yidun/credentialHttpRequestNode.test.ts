import { YidunApi } from '../../credentials/YidunApi.credentials';
import { sandboxCredentials, useSandbox } from '../harness/fixtures';
import { httpRequestNodeOptions, sendLikeHttpRequestNode } from '../harness/httpRequestNode';
import { DEMO_YIDUN_ACCOUNT } from '../sandbox/vendors/yidun';

/**
 * The Yidun credential in n8n's HTTP Request node (Authentication: Predefined Credential
 * Type): n8n hands `authenticate` the node's legacy options, a full URL in `uri` and no `url`,
 * a "Form Urlencoded" body in `form`, a "JSON" body in `body`.
 */
const { sandbox, client } = useSandbox();
const stored = () => sandboxCredentials(sandbox()).yidunApi;
const submitUrl = () => `${sandbox().vendorUrl('yidun')}/v4/audio/submit`;

describe('Yidun credential in the HTTP Request node', () => {
	test('authenticate keeps the URL in `uri` (no `url` added) and signs the form fields with the rest', async () => {
		const signed = await new YidunApi().authenticate(
			stored(),
			httpRequestNodeOptions({
				method: 'POST',
				url: submitUrl(),
				form: { version: 'v4', url: 'https://audio.example/a.mp3' },
			}) as never,
		);
		expect(signed).toMatchObject({ uri: submitUrl() });
		expect(signed).not.toHaveProperty('url');
		// The form's fields are in the signed body, and no longer beside it.
		expect(signed).not.toHaveProperty('form');
		expect(signed.body).toMatchObject({
			url: 'https://audio.example/a.mp3',
			secretId: DEMO_YIDUN_ACCOUNT.secretId,
			signature: expect.any(String),
		});
		expect(JSON.stringify(signed)).not.toContain(DEMO_YIDUN_ACCOUNT.secretKey);
	});

	test.each([
		['Form Urlencoded', { form: { version: 'v4', url: 'https://audio.example/a.mp3' } }],
		['JSON', { json: { version: 'v4', url: 'https://audio.example/a.mp3' } }],
	])(
		'sent through n8n-core with a %s body: the sandbox accepts the submit',
		async (_name, body) => {
			const reply = await sendLikeHttpRequestNode('yidunApi', stored(), {
				method: 'POST',
				url: submitUrl(),
				...body,
			});
			expect(JSON.parse(reply.body)).toMatchObject({ code: 200, result: { status: 0 } });
			const [received] = await client().requests('yidun');
			expect(received.headers['content-type']).toBe(
				'application/x-www-form-urlencoded;charset=utf-8',
			);
			expect(new URLSearchParams(received.body).get('url')).toBe('https://audio.example/a.mp3');
		},
	);

	test('a wrong Secret Key is refused by the sandbox (the signature is verified)', async () => {
		const reply = await sendLikeHttpRequestNode(
			'yidunApi',
			{ ...stored(), secretKey: 'not-the-key' },
			{
				method: 'POST',
				url: submitUrl(),
				form: { version: 'v4', url: 'https://audio.example/a.mp3' },
			},
		);
		expect(JSON.parse(reply.body)).toMatchObject({ code: 5508 });
	});
});
