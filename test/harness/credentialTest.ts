import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeCredentialTestResult,
	INodeType,
	IRunExecutionData,
} from 'n8n-workflow';
import { NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode } from 'n8n-core';

import { additionalDataFor } from './engine';
import { CREDENTIAL_TEST_NODE_TYPE, withDefaults } from './credentialsHelper';
import { credentialTypes, PackageNodeTypes } from './packageTypes';

const TEST_NODE_TYPE = CREDENTIAL_TEST_NODE_TYPE;

/** lodash.get for the dotted keys credential test rules use. */
function valueAt(value: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(current, key) =>
				current && typeof current === 'object'
					? (current as Record<string, unknown>)[key]
					: undefined,
			value,
		);
}

/**
 * The credential's "Test" button, run the way n8n's CredentialsTester runs a credential's
 * `test` request: through n8n-core's RoutingNode (so `authenticate` signs it), then the
 * type's rules on the reply. Returns what the n8n UI would show.
 */
export async function testCredential(
	type: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const credentialType = credentialTypes[type];
	if (!credentialType?.test) throw new Error(`${type} has no test request`);
	const { request, rules } = credentialType.test;

	const nodeType: INodeType = {
		description: {
			displayName: 'Credential test',
			name: TEST_NODE_TYPE,
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: type, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request }, default: '' },
			],
		},
	};
	const nodeTypes = new PackageNodeTypes();
	nodeTypes.register(TEST_NODE_TYPE, nodeType);

	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: TEST_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: 'test', name: 'test' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', {
		nodes: [node],
		connections: {},
	} as never);
	const stored = withDefaults(type, data);
	const additionalData = additionalDataFor({ [type]: stored }, hooks, 'credential-test');
	const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, {
		id: 'test',
		name: 'test',
		type,
		data: stored,
	});

	let response;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const cause = (
			error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }
		).cause;
		if (cause?.response) {
			const statusCode = cause.response.status;
			for (const rule of rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === statusCode)
					return { status: 'Error', message: rule.properties.message };
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: cause.response.statusText || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}

	for (const rule of rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (valueAt(body, rule.properties.key) === rule.properties.value)
				return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
