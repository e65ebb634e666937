import type { ICredentialType, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';
import { readFileSync } from 'fs';
import { dirname, join } from 'path';

/**
 * The package's node and credential classes, found the way n8n finds them: through the
 * `n8n` attribute of package.json. Each built path (dist/x/Y.node.js) is loaded from its
 * TypeScript source, so a missing or misspelled entry fails the tests.
 */
export const ROOT = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};
export const PACKAGE_NAME = packageJson.name;

function sourceOf(builtPath: string): string {
	return join(ROOT, builtPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

function loadClass<T>(builtPath: string): T {
	const source = sourceOf(builtPath);
	const moduleExports = require(source) as Record<string, new () => T>;
	const classes = Object.values(moduleExports).filter(
		(value) => typeof value === 'function' && /^class /.test(value.toString()),
	);
	if (classes.length !== 1)
		throw new UnexpectedError(
			`${builtPath} must export exactly one class, found ${classes.length}`,
		);
	return new classes[0]();
}

export const credentialTypes: Record<string, ICredentialType> = Object.fromEntries(
	packageJson.n8n.credentials.map((path) => {
		const type = loadClass<ICredentialType>(path);
		return [type.name, type];
	}),
);

/** Node types under the names n8n gives a community package's nodes: `<package>.<name>`. */
export const nodeTypesByName: Record<string, INodeType | IVersionedNodeType> = Object.fromEntries(
	packageJson.n8n.nodes.map((path) => {
		const type = loadClass<INodeType>(path);
		return [`${PACKAGE_NAME}.${type.description.name}`, type];
	}),
);

/** The source file of each node type, e.g. <root>/nodes/NeunitAsr/NeunitAsr.node.ts. */
export const nodeSources: Record<string, string> = Object.fromEntries(
	packageJson.n8n.nodes.map((path) => [
		`${PACKAGE_NAME}.${loadClass<INodeType>(path).description.name}`,
		sourceOf(path),
	]),
);

/** The source folder of each node type, e.g. <root>/nodes/NeunitAsr. */
export const nodeFolders: Record<string, string> = Object.fromEntries(
	Object.entries(nodeSources).map(([name, source]) => [name, dirname(source)]),
);

export class PackageNodeTypes implements INodeTypes {
	private readonly extra: Record<string, INodeType> = {};

	/** Registers a node type that only exists for one harness run (the credential tester's). */
	register(name: string, type: INodeType): void {
		this.extra[name] = type;
	}

	getByName(name: string): INodeType | IVersionedNodeType {
		const type = this.extra[name] ?? nodeTypesByName[name];
		if (!type) throw new UnexpectedError(`Unknown node type ${name}`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes() {
		return {};
	}
}
