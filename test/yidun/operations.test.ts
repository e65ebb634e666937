import type { INodeParameters } from 'n8n-workflow';

import { YIDUN_SIGNATURE_METHODS } from '../../credentials/YidunApi.credentials';
import { runWorkflow, type RunOptions } from '../harness/engine';
import { singleNodeWorkflow, useSandbox } from '../harness/fixtures';
import { capturedLogs } from '../harness/logs';
import { expectNoSecrets } from '../harness/secrets';
import { DEMO_YIDUN_ACCOUNT } from '../sandbox/vendors/yidun';

const { sandbox, client } = useSandbox();

const credentials = (extra = {}) => ({
	yidunApi: {
		...DEMO_YIDUN_ACCOUNT,
		businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
		signatureMethod: 'MD5',
		apiHost: 'custom',
		customBaseUrl: sandbox().vendorUrl('yidun'),
		...extra,
	},
});

function yidun(parameters: INodeParameters, options: RunOptions = {}, nodeExtra = {}) {
	return runWorkflow(
		singleNodeWorkflow('yidunAudioModeration', parameters, 'yidunApi', nodeExtra),
		{ credentials: credentials(), ...options },
	);
}

const submit = (extra: INodeParameters = {}, options: RunOptions = {}) =>
	yidun(
		{ operation: 'submitAudio', apiVersion: 'v4', url: 'https://audio.example/a.mp3', ...extra },
		options,
	);
const drain = (extra: INodeParameters = {}, options: RunOptions = {}) =>
	yidun({ operation: 'drainResults', apiVersion: 'v4', ...extra }, options);
const finished = () => new Promise((resolve) => setTimeout(resolve, 80));

const block = {
	action: 2,
	labels: [
		{ label: 100, level: 2, subLabels: [100002], hint: '敏感词A', startTime: 1500, endTime: 3250 },
	],
};

describe('Yidun Audio Moderation: Submit Audio', () => {
	test.each(YIDUN_SIGNATURE_METHODS)(
		'a submit signed with %s is accepted and output as a queued task',
		async (signatureMethod) => {
			const result = await submit(
				{
					callbackUrl: 'https://n8n.example/webhook/y',
					options: { dataId: 'order-42', title: 'call' },
				},
				{ credentials: credentials({ signatureMethod }) },
			);
			expect(result.nodeError('Node')).toBeUndefined();
			expect(result.output('Node')[0].json).toMatchObject({
				vendor: 'yidun',
				status: 'queued',
				reference: 'order-42',
			});
			const [request] = await client().requests('yidun');
			const fields = Object.fromEntries(new URLSearchParams(request.body));
			expect(request.path).toBe('/v4/audio/submit');
			expect(fields).toMatchObject({
				version: 'v4',
				url: 'https://audio.example/a.mp3',
				callbackUrl: 'https://n8n.example/webhook/y',
				dataId: 'order-42',
				title: 'call',
				signatureMethod,
			});
		},
	);

	test('v3.1 goes to the v3 path and leaves out V4-only fields', async () => {
		await submit({ apiVersion: 'v3.1', options: { dataId: 'ignored', callback: 'cb-1' } });
		const [request] = await client().requests('yidun');
		const fields = Object.fromEntries(new URLSearchParams(request.body));
		expect([request.path, fields.version, fields.dataId, fields.callback]).toEqual([
			'/v3/audio/submit',
			'v3.1',
			undefined,
			'cb-1',
		]);
	});

	test('URLs that Yidun would refuse are refused before sending', async () => {
		expect((await submit({ url: 'ftp://x/a.mp3' })).nodeError('Node')?.message).toContain(
			'Audio URL is not an http(s) URL',
		);
		expect(
			(await submit({ callbackUrl: `https://x/${'a'.repeat(260)}` })).nodeError('Node')?.message,
		).toMatch(/^Callback URL is 2\d\d characters long; Yidun accepts at most 256$/);
		expect(await client().requests('yidun')).toHaveLength(0);
	});

	test("a wrong key gets Yidun's code and meaning", async () => {
		const error = (
			await submit({}, { credentials: credentials({ secretKey: 'wrong-key-000000' }) })
		).nodeError('Node');
		expect(error?.message).toBe('NetEase Yidun error 5508: invalid signature');
		expect(String(error?.description)).toContain('What to do: Check the Secret Key');
	});
});

describe('Yidun Audio Moderation: Drain Results', () => {
	test('submit, then drain: the result comes out once with its verdict, never again', async () => {
		await client().yidun.queueVerdicts(block);
		const taskId = (await submit({ options: { dataId: 'order-7' } })).output('Node')[0].json.taskId;
		await finished();
		const first = await drain();
		expect(first.output('Node')).toEqual([
			{
				json: {
					vendor: 'yidun',
					taskId,
					status: 'succeeded',
					reference: 'order-7',
					moderation: {
						verdict: 'block',
						labels: [
							{
								name: 'Pornography: distribution (色情传播)',
								code: 100002,
								level: 2,
								evidence: [{ text: '敏感词A', start: 1.5, end: 3.25 }],
							},
						],
					},
				},
				pairedItem: { item: 0 },
			},
		]);
		expect((await drain()).output('Node')).toEqual([]);
	});

	test('v3.1 and v4 shapes of the same verdicts map to the same output', async () => {
		await client().yidun.configure({ pageSize: 1 });
		await client().yidun.queueVerdicts(block, block);
		await submit({ apiVersion: 'v3.1' });
		await submit({ apiVersion: 'v4' });
		await finished();
		const [v3] = (await drain({ apiVersion: 'v3.1', maxResults: 1 })).output('Node');
		const [v4] = (await drain({ apiVersion: 'v4' })).output('Node');
		const { taskId: _v3Id, ...v3Rest } = v3.json;
		const { taskId: _v4Id, ...v4Rest } = v4.json;
		expect(v3Rest).toEqual(v4Rest);
	});

	test('250 queued results are drained, each once, with zero 411 replies', async () => {
		await client().yidun.configure({ pageSize: 10 });
		const enqueued = await client().yidun.enqueue(250);
		const result = await drain({ maxResults: 1000 });
		const ids = result.output('Node').map((item) => item.json.taskId);
		expect(ids).toHaveLength(250);
		expect(new Set(ids)).toEqual(new Set(enqueued));
		const stats = await client().yidun.stats();
		expect(stats).toMatchObject({ queued: 0, rateLimited: 0 });
		expect(stats.drainCalls).toBeGreaterThanOrEqual(26);
	}, 60_000);

	test('a failure after the first page loses nothing: the drained results come out, then an error item', async () => {
		await client().yidun.configure({ pageSize: 10 });
		const enqueued = await client().yidun.enqueue(30);
		await client().injectFault({
			vendor: 'yidun',
			kind: 'status',
			status: 500,
			path: '/v4/audio/callback/results',
			skip: 1,
			times: 1,
		});
		const first = await drain();
		const output = first.output('Node');
		expect(first.run.status).toBe('success');
		expect(output).toHaveLength(11);
		expect(output.slice(0, 10).map((item) => item.json.taskId)).toEqual(enqueued.slice(0, 10));
		expect(output[10].json.error).toBe('NetEase Yidun answered HTTP 500 (server error)');
		expect(String(output[10].json.description)).toContain(
			'10 results were drained before this and are output above',
		);
		const rest = (await drain()).output('Node').map((item) => item.json.taskId);
		expect(rest).toEqual(enqueued.slice(10));
	});

	test('a failure before anything was drained is an ordinary node error', async () => {
		await client().yidun.enqueue(3);
		await client().injectFault({ vendor: 'yidun', kind: 'status', status: 500, times: 1 });
		const result = await drain();
		expect(result.nodeError('Node')?.message).toBe(
			'NetEase Yidun answered HTTP 500 (server error)',
		);
		expect((await client().yidun.stats()).queued).toBe(3);
	});

	test('411 is waited out and the call sent again', async () => {
		await client().yidun.enqueue(2);
		await client().yidun.rateLimitNext(1);
		const result = await drain();
		expect(result.output('Node')).toHaveLength(2);
		expect((await client().yidun.stats()).rateLimited).toBe(1);
	});

	test('Max Results stops the drain; the rest stays queued', async () => {
		await client().yidun.configure({ pageSize: 5 });
		await client().yidun.enqueue(12);
		expect((await drain({ maxResults: 5 })).output('Node')).toHaveLength(5);
		expect((await client().yidun.stats()).queued).toBe(7);
	});

	test('runs once per execution whatever the number of input items', async () => {
		await client().yidun.enqueue(3);
		const result = await drain({}, { input: [{ json: {} }, { json: {} }, { json: {} }] });
		expect(result.output('Node')).toHaveLength(3);
	});
});

describe('Yidun Audio Moderation: Get Task Results', () => {
	test('reads tasks by id without removing them, one output per input item', async () => {
		await client().yidun.queueVerdicts(block, { action: 0 });
		const ids = [
			(await submit()).output('Node')[0].json.taskId,
			(await submit()).output('Node')[0].json.taskId,
		];
		await finished();
		const input = ids.map((taskId) => ({ json: { taskId } }));
		const result = await yidun(
			{ operation: 'getTaskResults', taskId: '={{ $json.taskId }}' },
			{ input },
		);
		expect(
			result
				.output('Node')
				.map((item) => [
					item.json.taskId,
					item.json.status,
					(item.json.moderation as { verdict: string }).verdict,
					item.pairedItem,
				]),
		).toEqual([
			[ids[0], 'succeeded', 'block', { item: 0 }],
			[ids[1], 'succeeded', 'pass', { item: 1 }],
		]);
		expect((await drain()).output('Node')).toHaveLength(2);
	});

	test('150 items are sent as two calls of at most 100 ids', async () => {
		const ids = await client().yidun.enqueue(150);
		const result = await yidun(
			{ operation: 'getTaskResults', taskId: '={{ $json.taskId }}' },
			{ input: ids.map((taskId) => ({ json: { taskId } })) },
		);
		expect(result.output('Node')).toHaveLength(150);
		const queries = (await client().requests('yidun')).filter(
			(request) => request.path === '/v4/audio/query/task',
		);
		expect(
			queries.map(
				(request) => JSON.parse(new URLSearchParams(request.body).get('taskIds')!).length,
			),
		).toEqual([100, 50]);
	});

	test('an unknown id is an error for its item; with Continue On Fail the others still come out', async () => {
		const [known] = await client().yidun.enqueue(1);
		const input = [{ json: { taskId: 'nope' } }, { json: { taskId: known } }];
		expect(
			(
				await yidun({ operation: 'getTaskResults', taskId: '={{ $json.taskId }}' }, { input })
			).nodeError('Node')?.message,
		).toBe('Yidun knows no task nope');
		const continued = await yidun(
			{ operation: 'getTaskResults', taskId: '={{ $json.taskId }}' },
			{ input },
			{ onError: 'continueRegularOutput' },
		);
		expect(continued.output('Node').map((item) => item.json.error ?? item.json.taskId)).toEqual([
			'Yidun knows no task nope',
			known,
		]);
	});
});

test("Yidun: no secret appears in outputs, errors or n8n's log", async () => {
	await client().yidun.enqueue(2);
	const runs = [
		await drain({ options: { includeRawResponse: true } }),
		await submit(
			{},
			{ credentials: credentials({ secretKey: `${DEMO_YIDUN_ACCOUNT.secretKey}-wrong` }) },
		),
	];
	await client().injectFault({ vendor: 'yidun', kind: 'reset' });
	runs.push(await submit());
	for (const { run } of runs) expectNoSecrets(run, [DEMO_YIDUN_ACCOUNT.secretKey]);
	expectNoSecrets(capturedLogs(), [DEMO_YIDUN_ACCOUNT.secretKey]);
});
