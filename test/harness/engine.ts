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
import { createRunExecutionData, Workflow } from 'n8n-workflow';
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
	/** Bases of webhook URLs (n8n's webhookBaseUrl / webhookWaitingBaseUrl). */
	webhookBaseUrl?: string;
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

/**
 * One execution as n8n keeps it: its workflow, its options, and, while it waits, its run
 * data as n8n would have stored it (a JSON copy, as in n8n's database).
 */
export interface Execution {
	id: string;
	workflowJson: WorkflowJson;
	options: RunOptions;
	runs: IRun[];
	/** Run data of the last phase; set while the execution is waiting. */
	stored?: IRunExecutionData;
	/** What nodes sent with sendResponse (Respond to Webhook), in order. */
	responses: unknown[];
	/** Called at each sendResponse, as n8n's response promise is resolved. */
	onResponse?: (response: unknown) => void;
}

export interface RunningWorkflow {
	execution: Execution;
	result: Promise<RunResult>;
	/** Stops the execution as the n8n UI's stop button does: the cancel signal fires. */
	cancel(): void;
}

let executionCounter = 0;

export function additionalDataFor(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	urls: { webhookBaseUrl?: string; webhookWaitingBaseUrl?: string } = {},
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new HarnessCredentialsHelper(credentials),
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: urls.webhookBaseUrl ?? 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: urls.webhookWaitingBaseUrl ?? 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** A Workflow instance built fresh from JSON, as n8n builds one for every run and resume. */
export function buildWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}): Workflow {
	const nodeTypes = new PackageNodeTypes();
	for (const [name, type] of Object.entries(options.extraNodeTypes ?? {}))
		nodeTypes.register(name, type);
	const copy = JSON.parse(JSON.stringify(workflowJson)) as WorkflowJson;
	return new Workflow({
		id: 'harness',
		name: copy.name ?? 'harness',
		nodes: copy.nodes,
		connections: copy.connections,
		nodeTypes,
		active: false,
		staticData: {},
		settings: {},
	});
}

/** Runs (or continues) an execution from the given run data. */
function runPhase(execution: Execution, runExecutionData: IRunExecutionData): RunningWorkflow {
	const { workflowJson, options } = execution;
	const workflow = buildWorkflow(workflowJson, options);
	const workflowData = {
		id: 'harness',
		name: workflowJson.name ?? 'harness',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
	} as unknown as IWorkflowBase;
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, execution.id, workflowData);
	hooks.addHandler('sendResponse', (response) => {
		execution.responses.push(response);
		execution.onResponse?.(response);
	});
	const additionalData = additionalDataFor(options.credentials ?? {}, hooks, execution.id, options);

	const running = new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	const result = running.then((run) => {
		execution.runs.push(run);
		// What n8n writes to its database between phases: a serialised copy.
		execution.stored =
			run.status === 'waiting'
				? (JSON.parse(JSON.stringify(run.data)) as IRunExecutionData)
				: undefined;
		return toResult(run);
	});
	return { execution, result, cancel: () => running.cancel() };
}

/**
 * Runs a workflow through n8n-core's WorkflowExecute with the package's real node and
 * credential classes and n8n-core's real HTTP helpers.
 */
export function startWorkflow(
	workflowJson: WorkflowJson,
	options: RunOptions = {},
): RunningWorkflow {
	const execution: Execution = {
		id: String(++executionCounter),
		workflowJson,
		options,
		runs: [],
		responses: [],
	};
	// As n8n does: the start node comes from a Workflow instance, which fills in parameter defaults.
	const startNode = buildWorkflow(workflowJson, options).getNode(
		options.startNode ?? workflowJson.nodes[0].name,
	);
	if (!startNode) throw new Error(`No start node ${options.startNode ?? ''}`);
	// n8n's own factory: it also draws the execution's resume token.
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.input ?? [{ json: {} }]] }, source: null },
			],
		},
	}) as IRunExecutionData;
	return runPhase(execution, runExecutionData);
}

export async function runWorkflow(
	workflowJson: WorkflowJson,
	options: RunOptions = {},
): Promise<RunResult> {
	return await startWorkflow(workflowJson, options).result;
}

/**
 * Continues a waiting execution the way n8n does. With `webhookItems` (a resume webhook was
 * called): the parked node's stack entry gets the webhook's output, as n8n's
 * prepareExecutionData does. Without (the wait expired): the stored data as it is. Either
 * way n8n-core's handleWaitingState then passes the entry's data through the parked node.
 */
export function resumeExecution(
	execution: Execution,
	webhookItems?: INodeExecutionData[][],
): RunningWorkflow {
	if (!execution.stored) throw new Error(`Execution ${execution.id} is not waiting`);
	const runExecutionData = JSON.parse(JSON.stringify(execution.stored)) as IRunExecutionData;
	if (webhookItems) {
		const entry = runExecutionData.executionData!.nodeExecutionStack[0];
		entry.data.main = webhookItems;
		entry.metadata = { ...entry.metadata, forwardAllOutputs: true };
	}
	execution.stored = undefined;
	return runPhase(execution, runExecutionData);
}

/** The node a waiting execution is parked on (the first entry of its stack). */
export function waitingNode(execution: Execution): INode | undefined {
	return execution.stored?.executionData?.nodeExecutionStack[0]?.node;
}

function toResult(run: IRun): RunResult {
	const lastRun = (nodeName: string) => {
		const runs = run.data.resultData.runData[nodeName];
		return runs?.[runs.length - 1];
	};
	return {
		run,
		output: (nodeName, output = 0) => lastRun(nodeName)?.data?.main?.[output] ?? [],
		nodeError: (nodeName) =>
			lastRun(nodeName)?.error as (Error & Record<string, unknown>) | undefined,
	};
}
