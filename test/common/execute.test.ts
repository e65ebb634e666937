import type { IExecuteFunctions, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { runOperation } from '../../nodes/common/execute';
import { runWorkflow } from '../harness/engine';

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
		properties: [{ displayName: 'Operation', name: 'operation', type: 'options', default: 'repeat', options: [{ name: 'Repeat', value: 'repeat' }] }],
	},
	async execute(this: IExecuteFunctions) {
		return [
			await runOperation.call(this, {
				repeat: {
					description: [],
					async execute(this: IExecuteFunctions, itemIndex: number) {
						const count = this.getInputData()[itemIndex].json.count as number;
						if (count < 0) throw new NodeOperationError(this.getNode(), `negative count ${count}`);
						return Array.from({ length: count }, (_, copy) => ({ json: { from: itemIndex, copy } }));
					},
				},
			}),
		];
	},
};

const workflow = (extra = {}) => ({
	nodes: [{ id: '1', name: 'Repeat', type: 'harness.repeat', typeVersion: 1, position: [0, 0] as [number, number], parameters: { operation: 'repeat' }, ...extra }],
	connections: {},
});
const run = (counts: number[], extra = {}) =>
	runWorkflow(workflow(extra), { input: counts.map((count) => ({ json: { count } })), extraNodeTypes: { 'harness.repeat': repeatNode } });

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
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 2 }]);
		expect(output[1].json).toEqual({ error: 'negative count -1' });
	});

	test('without it the node fails with the failing item\'s index', async () => {
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
