import { spawn, spawnSync, type ChildProcess } from 'child_process';
import {
	createWriteStream,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	writeFileSync,
} from 'fs';
import { join } from 'path';
import axios, { type AxiosInstance } from 'axios';

import { ROOT } from '../harness/packageTypes';

/**
 * A real n8n (the version pinned in test/e2e/runtime) with this package installed the way
 * n8n's Community Nodes installer installs it: the packed tarball, npm-installed into the
 * user folder's nodes directory. Used by `npm run dev` and by the e2e suite.
 */

/**
 * Which pinned n8n: E2E_N8N unset or `2.41` is test/e2e/runtime (n8n 2.41.1), `1.123` is
 * test/e2e/runtime-1.123 (the 1.x line). install.sh follows the same rule.
 */
export const N8N_LINE = process.env.E2E_N8N || '2.41';
export const RUNTIME_DIR = join(
	ROOT,
	'test',
	'e2e',
	N8N_LINE === '2.41' ? 'runtime' : `runtime-${N8N_LINE}`,
);
/** The n8n version installed in RUNTIME_DIR. */
export const runtimeN8nVersion = (): string =>
	JSON.parse(readFileSync(join(RUNTIME_DIR, 'node_modules', 'n8n', 'package.json'), 'utf8'))
		.version;
const N8N_BIN = join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
/** The Node 24 binary of the `node` devDependency: n8n 2.x needs it. */
export const NODE_24 = join(ROOT, 'node_modules', '.bin', 'node');

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Demo-password-1',
};

const API_KEY_SCOPES = [
	'workflow:create',
	'workflow:read',
	'workflow:list',
	'workflow:update',
	'workflow:activate',
	'workflow:deactivate',
	'execution:list',
	'execution:read',
	'credential:create',
];

export interface N8nOptions {
	/** Folder n8n keeps everything in (N8N_USER_FOLDER). */
	userFolder: string;
	port: number;
	/** Where n8n's output goes. */
	logFile: string;
	/** Port of n8n's task-runner broker (distinct per instance). */
	brokerPort?: number;
	/** Options for the Node binary that runs n8n (e.g. --cpu-prof for a benchmark's profile). */
	nodeArgs?: string[];
	/** What this process is: the main instance (default), a queue-mode worker or webhook processor. */
	command?: 'start' | 'worker' | 'webhook';
	/** Arguments after the command (e.g. --concurrency=5 for a worker). */
	commandArgs?: string[];
	/** Environment on top of the defaults (queue mode: database, Redis, encryption key). */
	env?: Record<string, string>;
	/** The URL webhooks and resume URLs are given under (default: this instance's). */
	webhookUrl?: string;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
	const { createServer } = await import('net');
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

export function runtimeInstalled(): boolean {
	return existsSync(N8N_BIN);
}

/** `npm pack` of the built package; returns the tarball's path. */
export function packPackage(outDir: string): string {
	mkdirSync(outDir, { recursive: true });
	const packed = spawnSync('npm', ['pack', '--pack-destination', outDir, '--silent'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
	const name = packed.stdout.trim().split('\n').pop()!;
	return join(outDir, name);
}

/**
 * Installs the tarball into <userFolder>/.n8n/nodes as n8n's Community Nodes installer does,
 * without peer dependencies: n8n-workflow and zod must resolve from n8n itself.
 */
export function installPackage(userFolder: string, tarball: string): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	if (!existsSync(join(nodesDir, 'package.json')))
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	const installed = spawnSync(
		'npm',
		[
			'install',
			tarball,
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			'--ignore-scripts',
			'--omit=dev',
		],
		{ cwd: nodesDir, encoding: 'utf8' },
	);
	if (installed.status !== 0)
		throw new Error(`installing the package into n8n failed: ${installed.stderr}`);
}

/**
 * Installs the tarball exactly as the README's manual install says (`npm install <package>` in
 * ~/.n8n/nodes, no flags): npm must not install the n8n-workflow peer (optional in
 * peerDependenciesMeta), which would bring native modules that need build tools.
 */
export function installAsReadmeSays(userFolder: string, tarball: string): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const installed = spawnSync('npm', ['install', tarball], { cwd: nodesDir, encoding: 'utf8' });
	if (installed.status !== 0)
		throw new Error(`npm install ${tarball} in ${nodesDir} failed: ${installed.stderr}`);
}

/** What the installed package brought along: a community package must bring nothing. */
export function installedModules(userFolder: string): string[] {
	return readdirSync(join(userFolder, '.n8n', 'nodes', 'node_modules')).filter(
		(name) => !name.startsWith('.'),
	);
}

export class N8nServer {
	readonly url: string;

	private child?: ChildProcess;

	/** Internal REST API, logged in as the owner. */
	rest!: AxiosInstance;

	/** Public API with an API key. */
	api!: AxiosInstance;

	/** Paths outside /rest that need the login cookie (/types, /icons). */
	root!: AxiosInstance;

	constructor(readonly options: N8nOptions) {
		this.url = `http://127.0.0.1:${options.port}`;
	}

	/** Process id of the running n8n (the Node binary itself, no wrapper), for memory readings. */
	get pid(): number | undefined {
		return this.child?.pid;
	}

	async start(): Promise<void> {
		const { userFolder, port } = this.options;
		const log = createWriteStream(this.options.logFile, { flags: 'a' });
		const command = this.options.command ?? 'start';
		const args = [
			...(this.options.nodeArgs ?? []),
			N8N_BIN,
			command,
			...(this.options.commandArgs ?? []),
		];
		this.child = spawn(NODE_24, args, {
			cwd: userFolder,
			env: {
				...process.env,
				N8N_USER_FOLDER: userFolder,
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_PROTOCOL: 'http',
				N8N_WEBHOOK_URL: this.options.webhookUrl ?? `${this.url}/`,
				N8N_EDITOR_BASE_URL: `${this.url}/`,
				N8N_RUNNERS_BROKER_PORT: String(this.options.brokerPort ?? port + 1000),
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				N8N_TEMPLATES_ENABLED: 'false',
				N8N_SECURE_COOKIE: 'false',
				// A 2.x module that needs the network at start; 1.x refuses to start on an unknown name.
				...(N8N_LINE === '2.41' ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
				N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
				N8N_LOG_OUTPUT: 'console',
				DB_SQLITE_POOL_SIZE: '2',
				// Jest sets NODE_ENV=test, and with it n8n exits at once with code 1 and no output.
				NODE_ENV: 'production',
				NODE_OPTIONS: '',
				// A worker answers health checks on its own port (it serves nothing else).
				...(command === 'worker'
					? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port) }
					: {}),
				...this.options.env,
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.child.stdout!.pipe(log);
		this.child.stderr!.pipe(log);
		await this.waitUntilReady(command === 'start' ? '/rest/settings' : '/healthz/readiness');
	}

	/**
	 * n8n answers "n8n is starting up" (with status 200) to every route but /healthz until its
	 * database is migrated; the main instance is ready once /rest/settings is JSON, a worker or
	 * webhook processor once /healthz/readiness answers 200 (/healthz does from the first
	 * moment, so a webhook processor restarted in a test once answered a callback with that text).
	 */
	private async waitUntilReady(path: string, timeoutMs = 180_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.child?.exitCode !== null && this.child?.exitCode !== undefined)
				throw new Error(`n8n exited with code ${this.child.exitCode}; see ${this.options.logFile}`);
			try {
				const reply = await axios.get(`${this.url}${path}`, {
					proxy: false,
					timeout: 2000,
					validateStatus: () => true,
				});
				if (path !== '/rest/settings' && reply.status === 200) return;
				if (reply.status === 200 && typeof reply.data === 'object' && reply.data?.data) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(
			`n8n did not become ready within ${timeoutMs / 1000} s; see ${this.options.logFile}`,
		);
	}

	/** Creates the owner (first start) or logs in as it, then makes an API key. */
	async login(): Promise<void> {
		const client = axios.create({
			baseURL: `${this.url}/rest`,
			proxy: false,
			validateStatus: () => true,
		});
		let reply = await client.post('/owner/setup', OWNER);
		if (reply.status >= 400)
			reply = await client.post('/login', {
				emailOrLdapLoginId: OWNER.email,
				password: OWNER.password,
			});
		if (reply.status >= 400)
			throw new Error(`n8n login failed: ${reply.status} ${JSON.stringify(reply.data)}`);
		const cookie = (reply.headers['set-cookie'] ?? [])
			.map((value: string) => value.split(';')[0])
			.join('; ');
		this.rest = axios.create({
			baseURL: `${this.url}/rest`,
			proxy: false,
			headers: { cookie },
			validateStatus: () => true,
		});
		this.root = axios.create({
			baseURL: this.url,
			proxy: false,
			headers: { cookie },
			validateStatus: () => true,
		});

		const key = await this.rest.post('/api-keys', {
			label: `e2e-${Date.now()}`,
			expiresAt: null,
			scopes: API_KEY_SCOPES,
		});
		if (key.status >= 400)
			throw new Error(`API key creation failed: ${key.status} ${JSON.stringify(key.data)}`);
		this.api = axios.create({
			baseURL: `${this.url}/api/v1`,
			proxy: false,
			headers: { 'X-N8N-API-KEY': key.data.data.rawApiKey },
			validateStatus: () => true,
		});
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(forced);
	}

	/** Ends the process at once, as a crash or an out-of-memory kill would: no shutdown. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGKILL');
		await exited;
	}

	/** Node types n8n has loaded: the list the editor's node panel shows. */
	async nodeTypes(): Promise<Array<{ name: string; iconUrl?: { light: string; dark: string } }>> {
		const reply = await this.root.get('/types/nodes.json');
		if (reply.status !== 200 || !Array.isArray(reply.data))
			throw new Error(`/types/nodes.json: ${reply.status}`);
		return reply.data;
	}

	async credentialTypes(): Promise<
		Array<{ name: string; iconUrl?: { light: string; dark: string } }>
	> {
		const reply = await this.root.get('/types/credentials.json');
		if (reply.status !== 200 || !Array.isArray(reply.data))
			throw new Error(`/types/credentials.json: ${reply.status}`);
		return reply.data;
	}

	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<string> {
		// The editor's endpoint: n8n 1.123's public API checks credential data against a schema
		// that wrongly requires `allowedDomains` for some types.
		const reply = await this.rest.post('/credentials', { name, type, data });
		if (reply.status >= 400)
			throw new Error(
				`creating credential ${name} failed: ${reply.status} ${JSON.stringify(reply.data)}`,
			);
		return reply.data.data.id as string;
	}

	async createWorkflow(workflow: Record<string, unknown>): Promise<string> {
		const { name, nodes, connections, settings } = workflow;
		const reply = await this.api.post('/workflows', {
			name,
			nodes,
			connections,
			settings: settings ?? { executionOrder: 'v1' },
		});
		if (reply.status >= 400)
			throw new Error(
				`creating workflow ${String(name)} failed: ${reply.status} ${JSON.stringify(reply.data)}`,
			);
		return reply.data.id as string;
	}

	async activate(workflowId: string): Promise<void> {
		const reply = await this.api.post(`/workflows/${workflowId}/activate`, {});
		if (reply.status >= 400)
			throw new Error(
				`activating workflow ${workflowId} failed: ${reply.status} ${JSON.stringify(reply.data)}`,
			);
	}

	/**
	 * Waits until this process serves a production webhook: n8n registers them a moment after
	 * activation, and a webhook processor learns of them later still. Probed with GET, which a
	 * POST webhook refuses without starting anything ("not registered for GET requests" once
	 * the path exists); any other refusal (an unknown path, a process still starting) is a no.
	 */
	async waitForWebhook(path: string, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const reply = await axios.get(`${this.url}/webhook/${path}`, {
				proxy: false,
				validateStatus: () => true,
			});
			const message = String(reply.data?.message ?? '');
			const startingUp = /n8n is starting up/.test(String(reply.data));
			if ((reply.status < 400 && !startingUp) || /not registered for GET requests/.test(message))
				return;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error(`webhook ${path} was not registered within ${timeoutMs / 1000} s`);
	}

	/**
	 * The workflow's executions as the editor lists them (no data), newest first: unlike the
	 * public API's list, running ones and, on n8n 1.x, waiting ones are in it.
	 */
	async editorExecutions(workflowId: string): Promise<Array<Record<string, any>>> {
		const reply = await this.rest.get('/executions', {
			params: { filter: JSON.stringify({ workflowId }) },
		});
		if (reply.status >= 400)
			throw new Error(`listing executions failed: ${reply.status} ${JSON.stringify(reply.data)}`);
		return reply.data.data.results as Array<Record<string, any>>;
	}

	async executions(workflowId: string): Promise<Array<Record<string, any>>> {
		const reply = await this.api.get('/executions', {
			params: { workflowId, includeData: true, limit: 100 },
		});
		if (reply.status >= 400)
			throw new Error(`listing executions failed: ${reply.status} ${JSON.stringify(reply.data)}`);
		return reply.data.data as Array<Record<string, any>>;
	}
}
