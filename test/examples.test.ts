import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { INode } from 'n8n-workflow';

import { seedDemoData } from './sandbox/demo';
import { runWorkflow, type WorkflowJson } from './harness/engine';
import { useSandbox } from './harness/fixtures';
import { PACKAGE_NAME, ROOT } from './harness/packageTypes';

const { sandbox } = useSandbox();
const examplesDir = join(ROOT, 'examples');
const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.json'));

/** Credential data that points each of the package's credential types at the sandbox. */
const sandboxCredentials = () => ({ neunitAsrApi: { baseUrl: sandbox().vendorUrl('neunit') } });

describe('example workflows run against the sandbox and its demo data', () => {
	test.each(examples)('%s', async (file) => {
		const workflow = JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as WorkflowJson;
		await seedDemoData(sandbox().url, 20);
		// The harness has only this package's nodes: run their part of the workflow, fed as the
		// trigger would feed it (the triggers themselves run in the real-n8n suite).
		const packageNodes = workflow.nodes.filter((node: INode) => node.type.startsWith(`${PACKAGE_NAME}.`));
		const names = new Set(packageNodes.map((node) => node.name));
		const connections = Object.fromEntries(Object.entries(workflow.connections).filter(([from]) => names.has(from)));
		const result = await runWorkflow({ ...workflow, nodes: packageNodes, connections }, { credentials: sandboxCredentials(), startNode: packageNodes[0].name });
		for (const node of packageNodes) {
			expect(result.nodeError(node.name)).toBeUndefined();
			expect(result.output(node.name).length).toBeGreaterThan(0);
		}
		expect(result.output('Neunit ASR')[0].json).toMatchObject({ taskId: 'demo-neunit-running', status: 'succeeded', transcript: '您好，欢迎使用语音识别服务。' });
	});
});
