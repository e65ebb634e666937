/**
 * Redis and Postgres for the queue-mode suite: Debian's packages, installed here when missing,
 * started on free loopback ports in a temporary folder (no systemd, no service manager), and
 * stopped at the end. Postgres refuses to run as root, so it runs as the `postgres` user.
 */
import { execFileSync, spawnSync } from 'child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { freePort } from '../e2e/n8n';

export interface QueueServices {
	redisPort: number;
	postgresPort: number;
	/** Environment every n8n process of the cluster needs for these services. */
	env: Record<string, string>;
	/** Runs one SQL statement on n8n's database; the rows, one per line, fields split by |. */
	sql(statement: string): string;
	stop(): void;
}

const run = (command: string, args: string[], options: { user?: string } = {}) => {
	const [file, argv] = options.user
		? ['runuser', ['-u', options.user, '--', command, ...args]]
		: [command, args];
	return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
};

/** The folder of the Postgres server's binaries (initdb, pg_ctl), e.g. /usr/lib/postgresql/15/bin. */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	// The client package leaves a bin folder without initdb: only a server's folder counts.
	return readdirSync(root)
		.sort((a, b) => Number(b) - Number(a))
		.map((version) => join(root, version, 'bin'))
		.find((bin) => existsSync(join(bin, 'initdb')));
}

/** Installs redis-server and postgresql from Debian when they are missing (needs root). */
export function installServices(): void {
	const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
	if (hasRedis && postgresBin()) return;
	if (process.getuid?.() !== 0)
		throw new Error('redis-server and postgresql are missing: install them (apt-get, as root)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [
		['update'],
		['install', '-y', '--no-install-recommends', 'redis-server', 'postgresql'],
	]) {
		const result = spawnSync('apt-get', ['-q', ...args], { env, stdio: 'inherit' });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
	}
}

export async function startServices(): Promise<QueueServices> {
	installServices();
	const folder = mkdtempSync(join(tmpdir(), 'n8n-queue-services-'));
	const redisPort = await freePort();
	const postgresPort = await freePort();
	run('redis-server', [
		'--port',
		String(redisPort),
		'--bind',
		'127.0.0.1',
		'--daemonize',
		'yes',
		'--save',
		'',
		'--appendonly',
		'no',
		'--dir',
		folder,
		'--pidfile',
		join(folder, 'redis.pid'),
	]);

	const bin = postgresBin()!;
	const data = join(folder, 'pg');
	if (spawnSync('id', ['postgres']).status !== 0) run('useradd', ['--system', 'postgres']);
	const postgresUid = Number(run('id', ['-u', 'postgres']).trim());
	chownSync(folder, postgresUid, postgresUid);
	run(join(bin, 'initdb'), ['-D', data, '-U', 'n8n', '--auth=trust'], { user: 'postgres' });
	run(
		join(bin, 'pg_ctl'),
		[
			'-D',
			data,
			'-w',
			'-l',
			join(folder, 'postgres.log'),
			'-o',
			`-p ${postgresPort} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`,
			'start',
		],
		{ user: 'postgres' },
	);
	run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(postgresPort), '-U', 'n8n', 'n8n'], {
		user: 'postgres',
	});

	return {
		redisPort,
		postgresPort,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgresPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
		},
		sql: (statement) =>
			run(join(bin, 'psql'), [
				'-h',
				'127.0.0.1',
				'-p',
				String(postgresPort),
				'-U',
				'n8n',
				'-d',
				'n8n',
				'-At',
				'-c',
				statement,
			]).trim(),
		stop: () => {
			spawnSync('redis-cli', ['-p', String(redisPort), 'shutdown', 'nosave']);
			spawnSync('runuser', [
				'-u',
				'postgres',
				'--',
				join(bin, 'pg_ctl'),
				'-D',
				data,
				'-m',
				'fast',
				'stop',
			]);
			rmSync(folder, { recursive: true, force: true });
		},
	};
}
