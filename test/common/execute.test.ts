import type { IExecuteFunctions, INodeParameters, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';

import { concurrencyOption } from '../../nodes/common/concurrency';
import type { ItemOutcome } from '../../nodes/common/execute';
import { runOperation } from '../../nodes/common/execute';
import { runWorkflow, startWorkflow } from '../harness/engine';

/** The "concurrent" operation's limits. */
const CONCURRENT = { default: 3, max: 4 };

/**
 * A node whose one operation emits `json.count` items per input item (0, 1 or many), as
 * Drain Results does, and fails on a negative count. With 1:1 output n8n pairs items by
 * index on its own; these counts make the router's own pairing the only pairing.
 */
const repeatNode: INodeType = {
	description: {
		displayName: 'Repeat',
		name: 'repeat',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: {},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				default: 'repeat',
				options: [{ name: 'Repeat', value: 'repeat' }],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [concurrencyOption('Repeat', CONCURRENT)],
			},
		],
	},
	async execute(this: IExecuteFunctions) {
		return [
			await runOperation.call(this, {
				repeat: { description: [], execute: repeatItem },
				batch: { description: [], executeAll: repeatAll },
				concurrent: { description: [], execute: trackedItem, concurrency: CONCURRENT },
			}),
		];
	},
};

/** Per item: `count` copies; a negative count fails; `sleep` waits (cancellable) first. */
async function repeatItem(this: IExecuteFunctions, itemIndex: number) {
	const { count, sleepMs, taskId } = this.getInputData()[itemIndex].json as {
		count: number;
		sleepMs?: number;
		taskId?: string;
	};
	if (sleepMs) await sleep(sleepMs, this.getExecutionCancelSignal());
	if (count < 0)
		throw new NodeOperationError(this.getNode(), `negative count ${count}`, {
			description: 'Counts are 0 or more.',
		});
	return Array.from({ length: count }, (_, copy) => ({
		json: { from: itemIndex, copy, ...(taskId ? { taskId } : {}) },
	}));
}

/** Items of the "concurrent" operation started, and the most that ran at once. */
const tracked = { started: [] as number[], running: 0, mostRunning: 0 };

/** repeatItem, counting how many run at once. */
async function trackedItem(this: IExecuteFunctions, itemIndex: number) {
	tracked.started.push(itemIndex);
	tracked.mostRunning = Math.max(tracked.mostRunning, ++tracked.running);
	try {
		return await repeatItem.call(this, itemIndex);
	} finally {
		tracked.running--;
	}
}

/** The same as one whole-input operation: outcomes in reverse order, and `throwAll` fails them all. */
async function repeatAll(this: IExecuteFunctions): Promise<ItemOutcome[]> {
	const items = this.getInputData();
	if (items.some((item) => item.json.throwAll))
		throw new NodeOperationError(this.getNode(), 'the whole batch failed');
	const outcomes: ItemOutcome[] = [];
	for (let itemIndex = items.length - 1; itemIndex >= 0; itemIndex--) {
		try {
			outcomes.push({ itemIndex, output: await repeatItem.call(this, itemIndex) });
		} catch (error) {
			outcomes.push({ itemIndex, error });
		}
	}
	return outcomes;
}

const workflow = (extra = {}) => ({
	nodes: [
		{
			id: '1',
			name: 'Repeat',
			type: 'harness.repeat',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: { operation: 'repeat' },
			...extra,
		},
	],
	connections: {},
});
const run = (counts: number[], extra = {}, parameters = {}) =>
	runWorkflow(
		{
			...workflow(extra),
			nodes: [{ ...workflow(extra).nodes[0], parameters: { operation: 'repeat', ...parameters } }],
		},
		{
			input: counts.map((count) => ({ json: { count } })),
			extraNodeTypes: { 'harness.repeat': repeatNode },
		},
	);
const batch = { operation: 'batch' };
const cancelled = {
	name: 'ManualExecutionCancelledError',
	message: 'The execution was cancelled manually',
};

describe('runOperation (the router every vendor node uses)', () => {
	test('pairs every output item with the input item it came from, whatever the count', async () => {
		const result = await run([2, 0, 3]);
		expect(result.output('Repeat').map((item) => [item.json.from, item.pairedItem])).toEqual([
			[0, { item: 0 }],
			[0, { item: 0 }],
			[2, { item: 2 }],
			[2, { item: 2 }],
			[2, { item: 2 }],
		]);
	});

	test('Continue On Fail: a failing item becomes one error item paired with it', async () => {
		const result = await run([1, -1, 2], { onError: 'continueRegularOutput' });
		const output = result.output('Repeat');
		expect(output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 2 },
		]);
		expect(output[1].json).toEqual({
			error: 'negative count -1',
			description: 'Counts are 0 or more.',
		});
	});

	test('Continue (using error output): a failing item goes to the error output, paired with its item', async () => {
		// n8n 1.x and 2.x both route an item whose JSON is error and message alone.
		const result = await run([1, -1, 2], { onError: 'continueErrorOutput' });
		expect(result.output('Repeat', 0).map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 2 },
			{ item: 2 },
		]);
		// (A real n8n also copies the input item's fields into it; the e2e suite shows that.)
		const errors = result.output('Repeat', 1);
		expect(errors.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ error: 'negative count -1', message: 'Counts are 0 or more.' }, { item: 1 }],
		]);
	});

	test("without it the node fails with the failing item's index", async () => {
		const result = await run([1, 1, -1]);
		const error = result.nodeError('Repeat');
		expect(error?.message).toBe('negative count -1');
		expect((error?.context as { itemIndex?: number }).itemIndex).toBe(2);
	});

	test('an unknown operation is a clear error', async () => {
		const result = await runWorkflow(
			{ ...workflow(), nodes: [{ ...workflow().nodes[0], parameters: { operation: 'nope' } }] },
			{ input: [{ json: { count: 1 } }], extraNodeTypes: { 'harness.repeat': repeatNode } },
		);
		expect(result.nodeError('Repeat')?.message).toBe('The operation "nope" is not supported');
	});
});

describe('runOperation: a whole-input operation follows the same rules', () => {
	test('pairs every output item with the input item its outcome names', async () => {
		const result = await run([2, 0, 1], {}, batch);
		expect(result.output('Repeat').map((item) => [item.json.from, item.pairedItem])).toEqual([
			[2, { item: 2 }],
			[0, { item: 0 }],
			[0, { item: 0 }],
		]);
	});

	test('Continue On Fail: a failed outcome becomes an error item paired with its item', async () => {
		const result = await run([1, -1], { onError: 'continueRegularOutput' }, batch);
		expect(result.run.status).toBe('success');
		expect(
			result.output('Repeat').map((item) => [item.json.error ?? item.json.from, item.pairedItem]),
		).toEqual([
			['negative count -1', { item: 1 }],
			[0, { item: 0 }],
		]);
	});

	test('Continue On Fail: an operation that throws fails every input item alike', async () => {
		const result = await runWorkflow(
			{
				...workflow({ onError: 'continueRegularOutput' }),
				nodes: [{ ...workflow({ onError: 'continueRegularOutput' }).nodes[0], parameters: batch }],
			},
			{
				input: [{ json: { count: 1, throwAll: true } }, { json: { count: 1 } }],
				extraNodeTypes: { 'harness.repeat': repeatNode },
			},
		);
		expect(result.output('Repeat').map((item) => [item.json.error, item.pairedItem])).toEqual([
			['the whole batch failed', { item: 0 }],
			['the whole batch failed', { item: 1 }],
		]);
	});

	test("without it the node fails with the failing item's index", async () => {
		const error = (await run([1, -1], {}, batch)).nodeError('Repeat');
		expect(error?.message).toBe('negative count -1');
		expect((error?.context as { itemIndex?: number }).itemIndex).toBe(1);
	});
});

describe('runOperation: several items at once (Concurrent Items)', () => {
	const runConcurrent = (
		input: Array<{ count: number; sleepMs: number; taskId?: string }>,
		options: INodeParameters = {},
		extra = {},
	) =>
		runWorkflow(
			{
				...workflow(extra),
				nodes: [{ ...workflow(extra).nodes[0], parameters: { operation: 'concurrent', options } }],
			},
			{
				input: input.map((json) => ({ json })),
				extraNodeTypes: { 'harness.repeat': repeatNode },
			},
		);
	beforeEach(() => Object.assign(tracked, { started: [], running: 0, mostRunning: 0 }));

	// Later items finish first, so any ordering by completion would show.
	const uneven = [60, 10, 40, 0, 30, 20, 5].map((sleepMs) => ({ count: 1, sleepMs }));

	test("the operation's default runs that many at once; output keeps input order and pairing", async () => {
		const result = await runConcurrent(uneven);
		expect(tracked.mostRunning).toBe(3);
		expect(result.output('Repeat').map((item) => [item.json.from, item.pairedItem])).toEqual(
			uneven.map((_, index) => [index, { item: index }]),
		);
	});

	test.each([
		[1, 1],
		[2, 2],
		[50, 4],
	])('Concurrent Items %s runs %s at once (never above the maximum)', async (chosen, most) => {
		await runConcurrent(uneven, { concurrency: chosen });
		expect(tracked.mostRunning).toBe(most);
	});

	test('without Continue On Fail, no item starts after a failure; the error names items already sent', async () => {
		const result = await runConcurrent([
			{ count: 1, sleepMs: 50 },
			{ count: -1, sleepMs: 10 },
			{ count: 1, sleepMs: 30, taskId: 'task-2' },
			{ count: 1, sleepMs: 30, taskId: 'task-3' },
			{ count: 1, sleepMs: 30, taskId: 'task-4' },
		]);
		expect([...tracked.started].sort()).toEqual([0, 1, 2]);
		const error = result.nodeError('Repeat');
		expect(error?.message).toBe('negative count -1');
		expect((error?.context as { itemIndex?: number }).itemIndex).toBe(1);
		expect(error?.description).toBe(
			'Counts are 0 or more. Items sent at the same time had already succeeded and are not in the output: item 2 (task IDs task-2). Set Concurrent Items to 1 to stop at the first failure.',
		);
	});

	test('with Continue On Fail, every item runs and the error item keeps its place', async () => {
		const result = await runConcurrent(
			[
				{ count: 1, sleepMs: 40 },
				{ count: -1, sleepMs: 0 },
				{ count: 2, sleepMs: 10 },
				{ count: 1, sleepMs: 0 },
			],
			{},
			{ onError: 'continueRegularOutput' },
		);
		expect(
			result.output('Repeat').map((item) => [item.json.error ?? item.json.from, item.pairedItem]),
		).toEqual([
			[0, { item: 0 }],
			['negative count -1', { item: 1 }],
			[2, { item: 2 }],
			[2, { item: 2 }],
			[3, { item: 3 }],
		]);
	});
});

describe("runOperation: a stopped execution ends with n8n's cancellation error", () => {
	test.each([
		['per item', 'repeat'],
		['per item, several at once', 'concurrent'],
		['whole input', 'batch'],
	])('%s, even with Continue On Fail', async (_kind, operation) => {
		const running = startWorkflow(
			{
				...workflow({ onError: 'continueRegularOutput' }),
				nodes: [
					{ ...workflow({ onError: 'continueRegularOutput' }).nodes[0], parameters: { operation } },
				],
			},
			{
				input: [{ json: { count: 1, sleepMs: 10_000 } }],
				extraNodeTypes: { 'harness.repeat': repeatNode },
			},
		);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const stoppedAt = Date.now();
		running.cancel();
		const result = await running.result;
		expect(Date.now() - stoppedAt).toBeLessThan(2000);
		expect(result.run.status).toBe('canceled');
		expect(result.nodeError('Repeat')).toMatchObject(cancelled);
	});
});
