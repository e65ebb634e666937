/**
 * `npm run dev`: a real n8n on http://127.0.0.1:5678 with this package installed from its
 * tarball, the vendor sandbox on :5679, an owner account, credentials that point at the
 * sandbox, and the example workflows imported. Stop it with Ctrl-C.
 *
 * N8N_PORT and SANDBOX_PORT change the ports; DEV_FOLDER the n8n user folder (.n8n-dev).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

import { ROOT } from '../harness/packageTypes';
import { SandboxClient } from '../sandbox/client';
import { seedDemoData } from '../sandbox/demo';
import { startSandbox } from '../sandbox/server';
import { DEMO_ACCOUNT } from '../sandbox/vendors/tencent';
import { demoHuaweiCredential } from '../sandbox/vendors/huawei';
import { demoNiceCredential, NICE_DEMO_PUSH } from '../sandbox/vendors/nice';
import { demoYidunCredential } from '../sandbox/vendors/yidun';
import { installPackage, N8nServer, OWNER, packPackage, runtimeInstalled } from './n8n';
import { EXAMPLE_N8N_URL, loadExample } from './workflows';

async function main() {
	if (!runtimeInstalled())
		throw new Error('n8n is not installed: run `bash test/e2e/install.sh` (npm run dev does)');
	const n8nPort = Number(process.env.N8N_PORT ?? 5678);
	const sandboxPort = Number(process.env.SANDBOX_PORT ?? 5679);
	const folder = process.env.DEV_FOLDER ?? join(ROOT, '.n8n-dev');
	const stateFile = join(folder, 'dev-state.json');

	// A fresh install of the current build every start, as a user upgrading the package would get.
	rmSync(join(folder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-audio-tasks'), {
		recursive: true,
		force: true,
	});
	installPackage(folder, packPackage(join(folder, 'pack')));

	const sandbox = await startSandbox({ port: sandboxPort });
	const seeded = await seedDemoData(sandbox.url);
	const n8n = new N8nServer({
		userFolder: folder,
		port: n8nPort,
		logFile: join(folder, 'n8n.log'),
	});

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandbox...');
		await n8n.stop();
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	console.log(`Vendor sandbox listening on ${sandbox.url}`);
	console.log(`Starting n8n (log: ${join(folder, 'n8n.log')})...`);
	await n8n.start();
	await n8n.login();

	// Credentials and workflows are created on the first start; n8n keeps them in its database.
	if (!existsSync(stateFile)) {
		const credentialIds = {
			neunitAsrApi: await n8n.createCredential('Neunit ASR (sandbox)', 'neunitAsrApi', {
				baseUrl: sandbox.vendorUrl('neunit'),
			}),
			tencentCloudAsrApi: await n8n.createCredential(
				'Tencent Cloud ASR (sandbox)',
				'tencentCloudAsrApi',
				{
					...DEMO_ACCOUNT,
					baseUrl: sandbox.vendorUrl('tencent'),
					apiEndpoint: sandbox.vendorUrl('tencent3'),
					signatureValiditySeconds: 3600,
				},
			),
			yidunApi: await n8n.createCredential(
				'NetEase Yidun (sandbox)',
				'yidunApi',
				demoYidunCredential(sandbox.vendorUrl('yidun')),
			),
			huaweiCloudApi: await n8n.createCredential(
				'Huawei Cloud (sandbox)',
				'huaweiCloudApi',
				demoHuaweiCredential(sandbox.vendorUrl('huawei')),
			),
			niceApi: await n8n.createCredential(
				'NICE (sandbox)',
				'niceApi',
				demoNiceCredential(sandbox.vendorUrl('nice')),
			),
		};
		const workflows: Record<string, string> = {};
		for (const file of readdirSync(join(ROOT, 'examples'))
			.filter((name) => name.endsWith('.json'))
			.sort()) {
			const workflow = loadExample(file, n8n.url, credentialIds);
			const id = await n8n.createWorkflow(workflow as never);
			workflows[file] = id;
			// Workflows with a trigger besides the manual one are activated, so their webhooks listen.
			if (
				workflow.nodes.some(
					(node) => node.type.endsWith('Trigger') && node.type !== 'n8n-nodes-base.manualTrigger',
				)
			)
				await n8n.activate(id);
		}
		writeFileSync(stateFile, JSON.stringify({ credentialIds, workflows }, null, 2));
	}
	// NICE pushes finished tasks to a URL its support team registers: the sandbox pushes to the
	// NICE Trigger of the example workflow.
	const niceTrigger = loadExample('nice-push-trigger.json', n8n.url, {}).nodes.find((node) =>
		node.type.endsWith('.niceSpeechAnalyticsTrigger'),
	);
	if (niceTrigger) {
		await new SandboxClient(sandbox.url).nice.configure({
			pushUrl: NICE_DEMO_PUSH.url(`${n8n.url}/webhook/${niceTrigger.webhookId}/push`),
		});
	}
	const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
		workflows: Record<string, string>;
	};

	console.log('');
	console.log(`n8n is ready: open ${n8n.url}`);
	console.log(`  Log in as ${OWNER.email} / ${OWNER.password}`);
	console.log('  Example workflows (open one and click "Execute workflow"):');
	for (const [file, id] of Object.entries(state.workflows))
		console.log(`    ${n8n.url}/workflow/${id}  (${file})`);
	console.log(
		`  Credentials "Neunit ASR (sandbox)", "Tencent Cloud ASR (sandbox)", "NetEase Yidun (sandbox)", "Huawei Cloud (sandbox)" and "NICE (sandbox)" point at ${sandbox.url}`,
	);
	for (const line of seeded) console.log(`  ${line}`);
	if (n8n.url !== EXAMPLE_N8N_URL)
		console.log(
			`  Note: the examples expect n8n at ${EXAMPLE_N8N_URL}; callback URLs were rewritten to ${n8n.url}`,
		);
	console.log('Press Ctrl-C to stop.');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
