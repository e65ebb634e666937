/**
 * n8n in queue mode: one main instance (editor, API, activation), two workers running the
 * executions from Redis, one webhook processor receiving webhooks and resume calls, all on
 * Postgres, each with its own user folder and the package installed in it, as a user installs
 * it on every process.
 */
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { freePort, installPackage, N8nServer, packPackage } from '../e2e/n8n';
import { startServices, type QueueServices } from './services';

export interface QueueCluster {
	main: N8nServer;
	workers: N8nServer[];
	webhook: N8nServer;
	services: QueueServices;
	/** The log of each process, for a failing test to show. */
	logs: Record<string, string>;
	stop(): Promise<void>;
}

export async function startQueueCluster(workerCount = 2): Promise<QueueCluster> {
	const services = await startServices();
	const root = mkdtempSync(join(tmpdir(), 'n8n-queue-'));
	const tarball = packPackage(join(root, 'pack'));
	const env = {
		...services.env,
		EXECUTIONS_MODE: 'queue',
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		// Production webhooks go to the webhook processor only, as behind a load balancer.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		// The main instance's check for executions no worker holds any more (default 180 min),
		// so that a killed worker's running executions are marked crashed within the test.
		N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1',
	};
	const webhookPort = await freePort();
	const webhookUrl = `http://127.0.0.1:${webhookPort}/`;
	const logs: Record<string, string> = {};
	const server = async (name: string, command: 'start' | 'worker' | 'webhook', port: number) => {
		const userFolder = join(root, name);
		installPackage(userFolder, tarball);
		logs[name] = join(root, `${name}.log`);
		return new N8nServer({
			userFolder,
			port,
			brokerPort: await freePort(),
			logFile: logs[name],
			command,
			commandArgs: command === 'worker' ? ['--concurrency=5'] : [],
			env,
			webhookUrl,
		});
	};

	const main = await server('main', 'start', await freePort());
	const started: N8nServer[] = [];
	const stop = async () => {
		for (const process of started.reverse()) await process.stop().catch(() => undefined);
		services.stop();
		rmSync(root, { recursive: true, force: true });
	};
	try {
		// The main instance migrates the database: the others start after it.
		await main.start();
		started.push(main);
		await main.login();
		const workers: N8nServer[] = [];
		for (let index = 0; index < workerCount; index++) {
			const worker = await server(`worker-${index + 1}`, 'worker', await freePort());
			await worker.start();
			started.push(worker);
			workers.push(worker);
		}
		const webhook = await server('webhook', 'webhook', webhookPort);
		await webhook.start();
		started.push(webhook);
		return { main, workers, webhook, services, logs, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
