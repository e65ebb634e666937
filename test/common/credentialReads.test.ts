import { runWorkflow } from '../harness/engine';
import { credentialReads } from '../harness/credentialsHelper';
import { sandboxCredentials, singleNodeWorkflow, useSandbox } from '../harness/fixtures';

/**
 * What calls cost in credential reads (each one a database read and a decryption in n8n): one
 * per node run, whatever the number of items, where n8n's HTTP Request node reads once per
 * request. The node signs each request with the credential's own authenticate; errors are
 * scrubbed with the same read. Huawei's credential renews a session through n8n's
 * preAuthentication, so its calls go through n8n's signing path (one read per request).
 */
const { sandbox, client } = useSandbox();
const ITEMS = 20;

beforeEach(() => credentialReads.clear());

const credentials = () => {
	const all = sandboxCredentials(sandbox());
	return {
		...all,
		neunitAsrApi: { ...all.neunitAsrApi, keyHeaderName: 'X-Api-Key', apiKey: 'neunit-key-1234' },
	};
};
const input = Array.from({ length: ITEMS }, (_, index) => ({ json: { index } }));

test.each([
	[
		'Neunit Get Task Status',
		'neunitAsr',
		'neunitAsrApi',
		{ operation: 'getTaskStatus', taskId: 'demo-neunit-finished' },
	],
	[
		'Yidun Submit Audio',
		'yidunAudioModeration',
		'yidunApi',
		{ operation: 'submitAudio', apiVersion: 'v4', url: 'https://audio.example/a.mp3' },
	],
	[
		'Tencent Create Recognition Task',
		'tencentCloudAsr',
		'tencentCloudAsrApi',
		{
			operation: 'createRecognitionTask',
			audioSource: 'url',
			audioUrl: 'https://audio.example/a.wav',
			resultDelivery: 'callbackUrl',
			callbackUrl: 'https://n8n.example/cb',
		},
	],
])(
	'%s: one credential read per node run, for any number of signed requests',
	async (_name, node, credentialType, parameters) => {
		if (node === 'neunitAsr')
			await client().neunit.createTask({ taskId: 'demo-neunit-finished', status: 2, result: 'ok' });
		const result = await runWorkflow(singleNodeWorkflow(node, parameters, credentialType), {
			credentials: credentials(),
			input,
		});
		expect(result.nodeError('Node')).toBeUndefined();
		expect(result.output('Node')).toHaveLength(ITEMS);
		expect(credentialReads.get(credentialType)).toBe(1);
	},
);

test('failing items scrub secrets from their errors with that same read', async () => {
	const result = await runWorkflow(
		singleNodeWorkflow(
			'neunitAsr',
			{ operation: 'getTaskStatus', taskId: 'no-such-task' },
			'neunitAsrApi',
			{ onError: 'continueRegularOutput' },
		),
		{ credentials: credentials(), input },
	);
	expect(result.output('Node').every((item) => typeof item.json.error === 'string')).toBe(true);
	expect(credentialReads.get('neunitAsrApi')).toBe(1);
});

test('Huawei (a session renewed by n8n): one read per signed request, none more', async () => {
	const result = await runWorkflow(
		singleNodeWorkflow(
			'huaweiCloudModeration',
			{ operation: 'getJob', jobId: 'no-such-job' },
			'huaweiCloudApi',
			{
				onError: 'continueRegularOutput',
			},
		),
		{ credentials: credentials(), input: input.slice(0, 5) },
	);
	expect(result.output('Node')).toHaveLength(5);
	// Five signed requests, and one read by the node run to scrub its errors.
	expect(credentialReads.get('huaweiCloudApi')).toBe(6);
});
