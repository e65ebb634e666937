import type { INode, INodeParameters } from 'n8n-workflow';

import { SandboxClient } from '../sandbox/client';
import { demoHuaweiCredential } from '../sandbox/vendors/huawei';
import { demoNiceCredential } from '../sandbox/vendors/nice';
import { DEMO_ACCOUNT } from '../sandbox/vendors/tencent';
import { DEMO_YIDUN_ACCOUNT } from '../sandbox/vendors/yidun';
import { startSandbox, type Sandbox } from '../sandbox/server';
import type { WorkflowJson } from './engine';
import { WebhookServer } from './webhookServer';
import { PACKAGE_NAME } from './packageTypes';

/** Starts one sandbox for a test file and resets it before each test. */
export function useSandbox(): { sandbox: () => Sandbox; client: () => SandboxClient } {
	let sandbox: Sandbox | undefined;
	let client: SandboxClient | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox();
		client = new SandboxClient(sandbox.url);
	});
	beforeEach(async () => await client!.reset());
	afterAll(async () => await sandbox?.close());
	return { sandbox: () => sandbox!, client: () => client! };
}

/** Starts the harness's stand-in for n8n's webhook server for a test file; cleared before each test. */
export function useWebhookServer(): () => WebhookServer {
	const server = new WebhookServer();
	beforeAll(async () => await server.start());
	beforeEach(async () => {
		await server.settle();
		server.reset();
	});
	afterAll(async () => await server.close());
	return () => server;
}

/** A workflow of one package node, with its credential attached. */
export function singleNodeWorkflow(
	nodeName: string,
	parameters: INodeParameters,
	credentialType: string,
	extra: Partial<INode> = {},
): WorkflowJson {
	return {
		nodes: [
			{
				id: 'node-under-test',
				name: 'Node',
				type: `${PACKAGE_NAME}.${nodeName}`,
				typeVersion: 1,
				position: [0, 0],
				parameters,
				credentials: { [credentialType]: { id: '1', name: 'Test account' } },
				...extra,
			},
		],
		connections: {},
	};
}

export function items(count: number) {
	return Array.from({ length: count }, (_, index) => ({ json: { index } }));
}

/** Credentials of every vendor's demo account in the sandbox, by credential type. */
export function sandboxCredentials(sandbox: Sandbox) {
	return {
		neunitAsrApi: { baseUrl: sandbox.vendorUrl('neunit') },
		huaweiCloudApi: demoHuaweiCredential(sandbox.vendorUrl('huawei')),
		niceApi: demoNiceCredential(sandbox.vendorUrl('nice')),
		tencentCloudAsrApi: {
			...DEMO_ACCOUNT,
			baseUrl: sandbox.vendorUrl('tencent'),
			apiEndpoint: sandbox.vendorUrl('tencent3'),
		},
		yidunApi: {
			...DEMO_YIDUN_ACCOUNT,
			businessId: DEMO_YIDUN_ACCOUNT.businessIds[0],
			apiHost: 'custom',
			customBaseUrl: sandbox.vendorUrl('yidun'),
		},
	};
}
