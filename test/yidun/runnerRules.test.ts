import { runWorkflow, startWorkflow, type RunOptions } from '../harness/engine';
import { singleNodeWorkflow, useSandbox } from '../harness/fixtures';
import { DEMO_YIDUN_ACCOUNT } from '../sandbox/vendors/yidun';

/**
 * Regressions: Yidun's whole-input operations (Get Task Results batches ids, Drain Results
 * runs once) once bypassed the runner's rules for Continue On Fail and cancellation.
 */
const { sandbox, client } = useSandbox();

const credentials = () => ({
	yidunApi: {
		...DEMO_YIDUN_ACCOUNT,
		businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
		apiHost: 'custom',
		customBaseUrl: sandbox().vendorUrl('yidun'),
	},
});
const workflow = (parameters: Record<string, unknown>, nodeExtra = {}) =>
	singleNodeWorkflow('yidunAudioModeration', parameters as never, 'yidunApi', nodeExtra);
const options = (extra: RunOptions = {}): RunOptions => ({ credentials: credentials(), ...extra });

test('Get Task Results with Continue On Fail: a failing service gives one error item per input item, and the run succeeds', async () => {
	// 503 on every attempt of the read (it is retried 4 times).
	await client().injectFault({ vendor: 'yidun', kind: 'status', status: 503, times: 4 });
	const input = [{ json: { taskId: 'a' } }, { json: { taskId: 'b' } }, { json: { taskId: 'c' } }];
	const result = await runWorkflow(
		workflow(
			{ operation: 'getTaskResults', taskId: '={{ $json.taskId }}' },
			{ onError: 'continueRegularOutput' },
		),
		options({ input }),
	);
	expect(result.run.status).toBe('success');
	expect(result.output('Node').map((item) => [item.json.error, item.pairedItem])).toEqual([
		['NetEase Yidun answered HTTP 503 (server error) (after 4 attempts)', { item: 0 }],
		['NetEase Yidun answered HTTP 503 (server error) (after 4 attempts)', { item: 1 }],
		['NetEase Yidun answered HTTP 503 (server error) (after 4 attempts)', { item: 2 }],
	]);
});

test('Get Task Results without it: the node fails with the first failing item', async () => {
	await client().injectFault({ vendor: 'yidun', kind: 'status', status: 503, times: 4 });
	const result = await runWorkflow(
		workflow({ operation: 'getTaskResults', taskId: 'a' }),
		options(),
	);
	expect(result.run.status).toBe('error');
	expect(result.nodeError('Node')?.message).toBe(
		'NetEase Yidun answered HTTP 503 (server error) (after 4 attempts)',
	);
});

test("Drain Results stopped mid-request ends with n8n's cancellation error, and drains nothing", async () => {
	await client().yidun.enqueue(3);
	await client().injectFault({ vendor: 'yidun', kind: 'slow', delayMs: 5000, times: 1 });
	const running = startWorkflow(
		workflow({ operation: 'drainResults', apiVersion: 'v4' }),
		options(),
	);
	await new Promise((resolve) => setTimeout(resolve, 300));
	running.cancel();
	const result = await running.result;
	expect(result.run.status).toBe('canceled');
	// n8n keeps errors as plain objects in the run data: the name is what tells a cancellation.
	const cancelled = {
		name: 'ManualExecutionCancelledError',
		message: 'The execution was cancelled manually',
	};
	expect(result.nodeError('Node')).toMatchObject(cancelled);
	expect(result.run.data.resultData.error).toMatchObject(cancelled);
	expect((await client().yidun.stats()).queued).toBe(3);
});
