/**
 * The read the benchmarks time: Neunit Get Task Status on every item, against what users build
 * today, an HTTP Request node making the same POST with a Header Auth credential. Both read the
 * same task of the sandbox, which checks the header on every request.
 */
import { SandboxClient } from '../../test/sandbox/client';
import type { BenchN8n, DeployedWorkflow, WorkflowNode } from './harness';
import { itemGenerator } from './harness';

const HEADER = { name: 'x-bench-key', value: 'bench-secret-key' };

export interface NeunitReadFlows {
	/** Our node at each Concurrent Items asked for (undefined: the node's default). */
	ours(concurrency?: number): Promise<DeployedWorkflow>;
	baseline: DeployedWorkflow;
	/** One run of `flow` on `items` items: the measured node's time as n8n records it (ms). */
	timed(flow: DeployedWorkflow, items: number): () => Promise<number>;
}

export async function deployNeunitReads(bench: BenchN8n): Promise<NeunitReadFlows> {
	const { n8n, sandbox } = bench;
	const client = new SandboxClient(sandbox.url);
	await client.neunit.requireHeaders({ [HEADER.name]: HEADER.value });
	const taskId = await client.neunit.createTask({ status: 2, percent: 100, result: 'done' });
	const neunit = await n8n.createCredential('Neunit (bench)', 'neunitAsrApi', {
		baseUrl: sandbox.vendorUrl('neunit'),
		keyHeaderName: HEADER.name,
		apiKey: HEADER.value,
	});
	const headerAuth = await n8n.createCredential('Header Auth (bench)', 'httpHeaderAuth', HEADER);
	const generator = itemGenerator({ taskId });

	const ours = (concurrency?: number): WorkflowNode => ({
		name: 'Measured',
		type: 'n8n-nodes-audio-tasks.neunitAsr',
		typeVersion: 1,
		parameters: {
			operation: 'getTaskStatus',
			taskId: '={{ $json.taskId }}',
			options: concurrency === undefined ? {} : { concurrency },
		},
		credentials: { neunitAsrApi: { id: neunit, name: 'Neunit (bench)' } },
	});
	const baseline: WorkflowNode = {
		name: 'Measured',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${sandbox.vendorUrl('neunit')}/cloud/asr/v1/get_task_status`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			bodyParameters: { parameters: [{ name: 'task_id', value: '={{ $json.taskId }}' }] },
			options: {},
		},
		credentials: { httpHeaderAuth: { id: headerAuth, name: 'Header Auth (bench)' } },
	};

	return {
		ours: (concurrency) =>
			bench.deploy(`bench: Neunit Get Task Status (${concurrency ?? 'default'} at once)`, [
				generator,
				ours(concurrency),
			]),
		baseline: await bench.deploy('bench: HTTP Request + Header Auth', [generator, baseline]),
		timed: (flow, items) => async () => {
			const execution = await bench.run(flow, { items });
			const count = execution.itemCount('Measured');
			if (count !== items) throw new Error(`expected ${items} items out, got ${count}`);
			const first = execution.firstJson('Measured');
			if (first.status !== 'succeeded' && first.code !== 0)
				throw new Error(`the read failed: ${JSON.stringify(first)}`);
			return execution.nodeMs('Measured');
		},
	};
}
