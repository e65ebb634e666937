import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { WEBHOOK_RESOLVERS, webhookDescriptionIsNativelyResolvable } from 'n8n-workflow';

import type { Operation } from '../nodes/common/execute';

import {
	credentialTypes,
	nodeFolders,
	nodeSources,
	nodeTypesByName,
	PACKAGE_NAME,
	ROOT,
} from './harness/packageTypes';

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
	return readdirSync(join(ROOT, dir)).flatMap((name) => {
		const path = join(dir, name);
		return statSync(join(ROOT, path)).isDirectory()
			? sourceFiles(path)
			: path.endsWith('.ts')
				? [path]
				: [];
	});
}
const shippedSources = [...sourceFiles('nodes'), ...sourceFiles('credentials')];

describe('package.json: what n8n and the community-node verifier require', () => {
	test('name, keyword and files', () => {
		expect(packageJson.name).toMatch(/^n8n-nodes-/);
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.files).toEqual(['dist']);
	});

	test('no runtime dependencies; n8n-workflow is a peer', () => {
		expect(packageJson.dependencies ?? {}).toEqual({});
		expect(Object.keys(packageJson.peerDependencies)).toEqual(['n8n-workflow']);
	});

	test('pins the n8n release the end-to-end suite runs', () => {
		expect(packageJson.devDependencies).toMatchObject({
			'n8n-core': '2.41.1',
			'n8n-workflow': '2.41.0',
			zod: '3.25.76',
		});
	});

	test('the n8n attribute lists every node and credential source file, and nothing else', () => {
		expect(packageJson.n8n.n8nNodesApiVersion).toBe(1);
		const built = (path: string) => `dist/${path.replace(/\.ts$/, '.js')}`;
		expect([...packageJson.n8n.nodes].sort()).toEqual(
			shippedSources
				.filter((path) => path.endsWith('.node.ts'))
				.map(built)
				.sort(),
		);
		expect([...packageJson.n8n.credentials].sort()).toEqual(
			shippedSources
				.filter((path) => path.endsWith('.credentials.ts'))
				.map(built)
				.sort(),
		);
	});

	test('the build compiles only nodes/ and credentials/', () => {
		const buildConfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8'));
		expect(buildConfig.include).toEqual(['credentials/**/*.ts', 'nodes/**/*.ts']);
	});
});

describe('community rules on shipped code', () => {
	test.each(shippedSources)(
		'%s imports only n8n-workflow, zod, crypto and its own package files',
		(path) => {
			const text = readFileSync(join(ROOT, path), 'utf8');
			const imports = [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
			for (const module of imports) {
				if (module.startsWith('.')) {
					const target = relative(ROOT, join(ROOT, path, '..', module));
					expect(target).toMatch(/^(nodes|credentials)\//);
				} else {
					expect(['n8n-workflow', 'zod', 'crypto', 'node:crypto']).toContain(module);
				}
			}
			expect(text).not.toMatch(/\brequire\(/);
		},
	);

	test.each(shippedSources)('%s uses no timers or process globals', (path) => {
		const code = readFileSync(join(ROOT, path), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
		expect(code).not.toMatch(
			/\b(setTimeout|setInterval|setImmediate|globalThis|__dirname|__filename)\b|\bprocess\./,
		);
	});
});

describe('every node', () => {
	test.each(Object.entries(nodeTypesByName))(
		'%s: icons, codex, tool use, credential test',
		(typeName, nodeType) => {
			const { description } = nodeType as INodeType;
			const folder = nodeFolders[typeName];
			const icon = description.icon as { light: string; dark: string };
			for (const file of [icon.light, icon.dark])
				expect(existsSync(join(folder, file.replace(/^file:/, '')))).toBe(true);
			expect(icon.light).not.toBe(icon.dark);

			// n8n reads a node's codex from <Node>.node.json beside <Node>.node.js.
			const codexPath = nodeSources[typeName].replace(/\.ts$/, '.json');
			const codex = JSON.parse(readFileSync(codexPath, 'utf8'));
			expect(codex.node).toBe(typeName);
			// n8n's node panel only lists "AI" nodes under its own AI subcategories: a node filed under
			// "AI" with any other subcategory cannot be found by search (seen in n8n 2.41.1's editor).
			expect(codex.categories).not.toContain('AI');
			for (const category of codex.categories)
				expect([
					'Analytics',
					'Communication',
					'Data & Storage',
					'Development',
					'Marketing',
					'Miscellaneous',
					'Productivity',
					'Sales',
					'Utility',
				]).toContain(category);

			expect(typeName.startsWith(`${PACKAGE_NAME}.`)).toBe(true);
			// Triggers start workflows; every other node can be handed to an AI agent as a tool.
			expect(description.usableAsTool).toBe(
				description.group.includes('trigger') ? undefined : true,
			);
			for (const { name } of description.credentials ?? []) {
				expect(credentialTypes[name]?.test).toBeDefined();
				const credentialIcon = credentialTypes[name].icon as { light: string; dark: string };
				expect(
					existsSync(join(ROOT, 'credentials', credentialIcon.light.replace(/^file:/, ''))),
				).toBe(true);
			}
		},
	);

	test.each(Object.entries(nodeTypesByName))(
		'%s: every operation has a file in actions/ and an action label',
		(typeName, nodeType) => {
			const { description } = nodeType as INodeType;
			const operation = description.properties.find((property) => property.name === 'operation');
			const folder = join(nodeFolders[typeName], 'actions');
			for (const option of (operation?.options ?? []) as Array<{
				value: string;
				action?: string;
			}>) {
				expect(existsSync(join(folder, `${option.value}.ts`))).toBe(true);
				expect(option.action).toBeTruthy();
			}
		},
	);
});

describe('every webhook costs n8n no more per request than its own Webhook node', () => {
	const withWebhooks = Object.entries(nodeTypesByName).filter(
		([, type]) => (type as INodeType).description.webhooks?.length,
	);

	test.each(withWebhooks)(
		'%s: every field of its webhook descriptions is static or resolved without the expression engine',
		(_typeName, nodeType) => {
			// n8n evaluates each expression of a webhook description on every request it receives,
			// unless the field carries a native resolver for its template (webhookDescriptionFields):
			// n8n's own test of that, the one it skips the Webhook node's isolate on.
			const dynamic = (value: unknown): boolean =>
				typeof value === 'string'
					? value.startsWith('=')
					: !!value && typeof value === 'object' && Object.values(value).some(dynamic);
			for (const webhook of (nodeType as INodeType).description.webhooks ?? []) {
				expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
				const resolved = Object.keys(
					(webhook as unknown as Record<symbol, object>)[WEBHOOK_RESOLVERS] ?? {},
				);
				expect(
					Object.entries(webhook).filter(
						([field, value]) => dynamic(value) && !resolved.includes(field),
					),
				).toEqual([]);
			}
		},
	);

	test.each(
		withWebhooks.filter(([, type]) => (type as INodeType).description.group.includes('trigger')),
	)(
		'%s: new nodes get a version after 1 (n8n evaluates an expression to parse each body of a version-1 trigger)',
		(_typeName, nodeType) => {
			const { version, defaultVersion } = (nodeType as INodeType).description;
			expect(defaultVersion ?? Math.max(...[version].flat())).toBeGreaterThan(1);
			// Workflows saved with version 1 keep working.
			expect([version].flat()).toContain(1);
		},
	);
});

describe('every operation that calls the vendor once per item offers Concurrent Items', () => {
	/** Operations that make no vendor call, so have nothing to run at once. */
	const LOCAL = ['acknowledgeCallback', 'createSubtitles', 'createTranscript'];
	const routers = readdirSync(join(ROOT, 'nodes'))
		.filter((folder) => existsSync(join(ROOT, 'nodes', folder, 'actions', 'router.ts')))
		.map((folder) => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const router = require(join(ROOT, 'nodes', folder, 'actions', 'router.ts'));
			return [folder, router.operations as Record<string, Operation>] as const;
		});
	test.each(routers)('%s', (_folder, operations) => {
		for (const [name, operation] of Object.entries(operations)) {
			if (!operation.execute || LOCAL.includes(name)) continue;
			expect([name, operation.concurrency]).toEqual([name, expect.anything()]);
			const options = operation.description.find((property) => property.name === 'options');
			const option = (options?.options as INodeProperties[] | undefined)?.find(
				(property) => property.name === 'concurrency',
			);
			expect([name, option?.default, option?.typeOptions?.maxValue]).toEqual([
				name,
				operation.concurrency!.default,
				operation.concurrency!.max,
			]);
		}
	});
});
