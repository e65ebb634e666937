import { runWorkflow } from '../harness/engine';
import { credentialReads } from '../harness/credentialsHelper';
import { sandboxCredentials, singleNodeWorkflow, useSandbox } from '../harness/fixtures';

/**
 * What a call costs in credential reads (each one a decryption in n8n): the signed request
 * itself reads the credential once, as n8n's HTTP Request node does; the node adds none on a
 * successful call, and one per node run when it must scrub secrets from errors.
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
	'%s: one credential read per signed request, none more',
	async (_name, node, credentialType, parameters) => {
		if (node === 'neunitAsr')
			await client().neunit.createTask({ taskId: 'demo-neunit-finished', status: 2, result: 'ok' });
		const result = await runWorkflow(singleNodeWorkflow(node, parameters, credentialType), {
			credentials: credentials(),
			input,
		});
		expect(result.nodeError('Node')).toBeUndefined();
		expect(result.output('Node')).toHaveLength(ITEMS);
		expect(credentialReads.get(credentialType)).toBe(ITEMS);
	},
);

test('failing items read the credential once more per node run, to scrub secrets from their errors', async () => {
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
	expect(credentialReads.get('neunitAsrApi')).toBe(ITEMS + 1);
});
