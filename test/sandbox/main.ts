/**
 * `npm run sandbox`: the vendor emulator on its own, for demos and manual tries.
 * SANDBOX_PORT fixes the port (default: a free one); SANDBOX_DEMO=1 seeds demo tasks.
 */
import { startSandbox } from './server';
import { seedDemoData } from './demo';
import { DEMO_ACCOUNT } from './vendors/tencent';

async function main() {
	const port = process.env.SANDBOX_PORT ? Number(process.env.SANDBOX_PORT) : 0;
	const sandbox = await startSandbox({ port });
	const seeded = process.env.SANDBOX_DEMO === '0' ? [] : await seedDemoData(sandbox.url);
	console.log(`Vendor sandbox listening on ${sandbox.url}`);
	console.log(`  Neunit ASR base URL: ${sandbox.vendorUrl('neunit')}`);
	console.log(
		`  Tencent Cloud ASR base URL: ${sandbox.vendorUrl('tencent')} (App ID ${DEMO_ACCOUNT.appId}, Secret ID ${DEMO_ACCOUNT.secretId}, Secret Key ${DEMO_ACCOUNT.secretKey}: the sandbox's demo account)`,
	);
	for (const line of seeded) console.log(`  ${line}`);
	console.log(
		'Control API: POST /__control/reset, POST /__control/faults, GET /__control/requests, POST /__control/<vendor>/<action>',
	);

	const stop = () => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
