import type { ICredentialDataDecryptedObject, INode, IWebhookFunctions } from 'n8n-workflow';
import { resolveWebhookDescriptionField } from 'n8n-workflow';

import { CREDENTIAL_VALUE_MS, credentialValueAccepts } from '../../nodes/common/trigger';
import { buildWorkflow } from '../harness/engine';
import { PACKAGE_NAME } from '../harness/packageTypes';

/**
 * What the triggers do to spare n8n 2.41 work on every callback (bench/callbacks.bench.ts):
 * a response mode n8n resolves without its expression engine, and a credential read shared
 * by a burst of callbacks where the value read authenticates nothing.
 */

describe('the Tencent trigger chooses its response mode without the expression engine', () => {
	test.each([
		[{}, 'onReceived'],
		[{ acknowledge: 'immediately' }, 'onReceived'],
		[{ acknowledge: 'afterWorkflowSucceeds' }, 'responseNode'],
	])(
		'%j: the native resolver (n8n 2.41) and the template (older n8n) both give %s',
		(parameters, expected) => {
			const workflow = buildWorkflow({
				nodes: [
					{
						id: 'trigger',
						name: 'Trigger',
						type: `${PACKAGE_NAME}.tencentCloudAsrTrigger`,
						typeVersion: 2,
						position: [0, 0],
						webhookId: '0b7e4f3a-1111-4222-8333-444455556666',
						parameters: { callbackToken: 'cb-token-3f9a1c7e5d2b8a406e1f', ...parameters },
					},
				],
				connections: {},
			});
			// The workflow's own node: n8n resolves against the parameters with their defaults.
			const node = workflow.getNode('Trigger')!;
			const [description] = workflow.nodeTypes.getByNameAndVersion(node.type, 2).description
				.webhooks!;
			expect(resolveWebhookDescriptionField(node, description, 'responseMode')).toEqual({
				resolved: true,
				value: expected,
			});
			expect(
				workflow.expression.getSimpleParameterValue(
					node,
					description.responseMode as string,
					'webhook',
					{},
				),
			).toBe(expected);
		},
	);
});

describe('credentialValueAccepts', () => {
	let reads = 0;
	let appId = 'app-1';
	let failing = false;
	let nodeId = 0;
	beforeEach(() => {
		reads = 0;
		appId = 'app-1';
		failing = false;
		nodeId++;
	});

	/** A webhook context whose credential read is counted; a node of its own per test. */
	const context = (credentialId: string | undefined = 'credential-1') =>
		({
			getNode: () =>
				({
					id: `node-${nodeId}`,
					credentials: credentialId ? { tencentCloudAsrApi: { id: credentialId, name: 'x' } } : {},
				}) as unknown as INode,
			getWorkflow: () => ({ id: 'workflow-1' }),
			getCredentials: async () => {
				reads++;
				await new Promise((resolve) => setImmediate(resolve));
				if (failing) throw new Error('credential unreadable');
				return { appId } as ICredentialDataDecryptedObject;
			},
		}) as unknown as IWebhookFunctions;

	const accepts = (received: string, at: number, credentialId?: string) =>
		credentialValueAccepts(
			context(credentialId),
			'tencentCloudAsrApi',
			(credentials) => String(credentials.appId),
			(value) => value === received,
			at,
		);

	test('a burst shares one read; the next read comes once the value has aged', async () => {
		expect(await accepts('app-1', 1000)).toBe(true);
		expect(await accepts('app-1', 1001)).toBe(true);
		expect(await accepts('app-1', 1000 + CREDENTIAL_VALUE_MS - 1)).toBe(true);
		expect(reads).toBe(1);
		expect(await accepts('app-1', 1000 + CREDENTIAL_VALUE_MS)).toBe(true);
		expect(reads).toBe(2);
	});

	test('callbacks arriving together share the read in flight', async () => {
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, index) => accepts('app-1', 1000 + index)),
		);
		expect(answers.every(Boolean)).toBe(true);
		expect(reads).toBe(1);
	});

	test('a failed read fails its callbacks and is not remembered', async () => {
		failing = true;
		const answers = await Promise.allSettled([accepts('app-1', 1000), accepts('app-1', 1001)]);
		expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
		failing = false;
		expect(await accepts('app-1', 1002)).toBe(true);
	});

	test('a value the remembered one refuses is read afresh before it is refused', async () => {
		expect(await accepts('app-1', 1000)).toBe(true);
		expect(await accepts('app-2', 1001)).toBe(false);
		expect(reads).toBe(2);
		// The credential now says app-2: accepted at once, not after a minute.
		appId = 'app-2';
		expect(await accepts('app-2', 1002)).toBe(true);
		expect(reads).toBe(3);
	});

	test('a value edited away is accepted for at most a minute after the last read', async () => {
		expect(await accepts('app-1', 1000)).toBe(true);
		appId = 'app-2';
		expect(await accepts('app-1', 1000 + CREDENTIAL_VALUE_MS - 1)).toBe(true);
		expect(await accepts('app-1', 1000 + CREDENTIAL_VALUE_MS)).toBe(false);
	});

	test('another credential on the node is read for itself', async () => {
		expect(await accepts('app-1', 1000, 'credential-1')).toBe(true);
		expect(await accepts('app-1', 1001, 'credential-2')).toBe(true);
		expect(reads).toBe(2);
	});

	test('without a credential reference on the node, nothing is remembered', async () => {
		expect(await accepts('app-1', 1000, '')).toBe(true);
		expect(await accepts('app-1', 1001, '')).toBe(true);
		expect(reads).toBe(2);
	});
});
