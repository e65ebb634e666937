import type {
	ICredentialDataDecryptedObject,
	IConnections,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

import { HarnessCredentialsHelper } from './credentialsHelper';
import { PackageNodeTypes } from './packageTypes';

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
}

export interface RunOptions {
	/** Stored credential data by credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Items handed to the first node, as if a trigger had produced them. */
	input?: INodeExecutionData[];
	/** Node that starts the run (default: the first node of the workflow). */
	startNode?: string;
	mode?: WorkflowExecuteMode;
	/** Base of resume URLs (n8n's webhookWaitingBaseUrl). */
	webhookWaitingBaseUrl?: string;
	/** Node types that exist only for this run (tests of nodes/common). */
	extraNodeTypes?: Record<string, INodeType>;
}

export interface RunResult {
	run: IRun;
	/** Items on output 0 (or `output`) of the last run of a node. */
	output(nodeName: string, output?: number): INodeExecutionData[];
	/** The error a node ended with, if any. */
	nodeError(nodeName: string): (Error & Record<string, unknown>) | undefined;
}

export interface RunningWorkflow {
	result: Promise<RunResult>;
	/** Stops the execution as the n8n UI's stop button does: the cancel signal fires. */
	cancel(): void;
}

let executionCounter = 0;

export function additionalDataFor(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	webhookWaitingBaseUrl = 'http://127.0.0.1:5678/webhook-waiting',
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new HarnessCredentialsHelper(credentials),
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl,
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * Runs a workflow through n8n-core's WorkflowExecute with the package's real node and
 * credential classes and n8n-core's real HTTP helpers.
 */
export function startWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}): RunningWorkflow {
	const executionId = String(++executionCounter);
	const nodeTypes = new PackageNodeTypes();
	for (const [name, type] of Object.entries(options.extraNodeTypes ?? {})) nodeTypes.register(name, type);
	const workflow = new Workflow({
		id: 'harness',
		name: workflowJson.name ?? 'harness',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		nodeTypes,
		active: false,
		staticData: {},
		settings: {},
	});
	const workflowData: IWorkflowBase = {
		id: 'harness',
		name: workflowJson.name ?? 'harness',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const additionalData = additionalDataFor(options.credentials ?? {}, hooks, executionId, options.webhookWaitingBaseUrl);

	const startNode = options.startNode ? workflow.getNode(options.startNode) : workflowJson.nodes[0];
	if (!startNode) throw new Error(`No start node ${options.startNode ?? ''}`);
	const runExecutionData = {
		version: 1,
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: startNode, data: { main: [options.input ?? [{ json: {} }]] }, source: null }],
		},
	} as unknown as IRunExecutionData;

	const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	const result = execution.then((run) => toResult(run));
	return {
		result,
		cancel: () => execution.cancel(),
	};
}

export async function runWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}): Promise<RunResult> {
	return await startWorkflow(workflowJson, options).result;
}

function toResult(run: IRun): RunResult {
	const lastRun = (nodeName: string) => {
		const runs = run.data.resultData.runData[nodeName];
		return runs?.[runs.length - 1];
	};
	return {
		run,
		output: (nodeName, output = 0) => lastRun(nodeName)?.data?.main?.[output] ?? [],
		nodeError: (nodeName) => lastRun(nodeName)?.error as (Error & Record<string, unknown>) | undefined,
	};
}
