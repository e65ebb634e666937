import type { INodeExecutionData, INodeType } from 'n8n-workflow';
import { ExecutionLifecycleHooks, PollContext } from 'n8n-core';

import type { RunOptions, RunResult, WorkflowJson } from './engine';
import { additionalDataFor, buildWorkflow, runWorkflow } from './engine';

/**
 * One tick of a polling trigger, as n8n runs it: poll() in n8n-core's PollContext, then, if
 * it returned items, an execution that starts at the trigger with them.
 */
export async function pollOnce(
	workflowJson: WorkflowJson,
	nodeName: string,
	options: RunOptions = {},
): Promise<{ items: INodeExecutionData[][] | null; result?: RunResult }> {
	const workflow = buildWorkflow(workflowJson, options);
	const node = workflow.getNode(nodeName)!;
	const type = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
	const hooks = new ExecutionLifecycleHooks('trigger', 'poll', {
		nodes: [],
		connections: {},
	} as never);
	const additionalData = additionalDataFor(options.credentials ?? {}, hooks, 'poll', options);
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		'trigger',
		'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		undefined,
		() => 60_000,
	);
	const items = await type.poll!.call(context);
	if (!items) return { items: null };
	const result = await runWorkflow(workflowJson, {
		...options,
		mode: 'trigger',
		startNode: nodeName,
		input: items[0],
	});
	return { items, result };
}
