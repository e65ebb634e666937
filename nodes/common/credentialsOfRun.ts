import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

/** What reads a credential: a node's execute or a polling trigger's poll. */
interface CredentialSource {
	getCredentials: IExecuteFunctions['getCredentials'];
}

/** Credentials by node run (n8n makes one context per node run) and credential type. */
const credentialsByRun = new WeakMap<
	object,
	Map<string, Promise<ICredentialDataDecryptedObject>>
>();

/**
 * The node's credential of `type`, read once per node run, with the first item that asks:
 * a credential belongs to the node, not to an item. A read that fails is not kept, so the
 * next call reads again. A polling trigger's context is not one run: n8n 2.41 makes it once
 * per activation and polls with it until the workflow is deactivated
 * (activatePollTrigger in n8n-core's active-workflow-triggers.js), so it reads every time, and
 * an edited credential counts from the next call.
 */
export async function credentialsOfRun(
	context: CredentialSource,
	type: string,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	if ('__emit' in context) return await context.getCredentials(type, itemIndex);
	let byType = credentialsByRun.get(context);
	if (!byType) credentialsByRun.set(context, (byType = new Map()));
	let credentials = byType.get(type);
	if (!credentials) {
		const read = context.getCredentials(type, itemIndex);
		byType.set(type, (credentials = read));
		read.catch(() => {
			if (byType.get(type) === read) byType.delete(type);
		});
	}
	return await credentials;
}

/**
 * The secret values of the credential, to scrub from an error: the `secretFields`, and the
 * values of any of them holding a JSON object (extra headers, say). None if it cannot be read.
 */
export async function secretsOf(
	context: CredentialSource,
	type: string,
	secretFields: readonly string[],
	itemIndex: number,
): Promise<unknown[]> {
	let credentials: Record<string, unknown>;
	try {
		credentials = await credentialsOfRun(context, type, itemIndex);
	} catch {
		return [];
	}
	const secrets: unknown[] = [];
	for (const field of secretFields) {
		const value = credentials[field];
		secrets.push(value);
		if (typeof value === 'string' && value.trim().startsWith('{')) {
			try {
				secrets.push(...Object.values(JSON.parse(value) as Record<string, unknown>));
			} catch {
				// Not JSON: the whole value is scrubbed already.
			}
		}
	}
	return secrets;
}
