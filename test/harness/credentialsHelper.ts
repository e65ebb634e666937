import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError } from 'n8n-workflow';
import { Credentials } from 'n8n-core';

import { credentialTypes } from './packageTypes';

/**
 * Resolves credentials for the engine as n8n's own CredentialsHelper does for these types:
 * stored values with the type's defaults filled in, and `authenticate` called on every
 * request made with httpRequestWithAuthentication.
 */
/** The node type the harness runs credential tests with (n8n uses a NoOp node). */
export const CREDENTIAL_TEST_NODE_TYPE = 'harness.credentialTest';

/** How many times preAuthentication renewed a credential, by type. */
export const preAuthentications = new Map<string, number>();

/** How many times credentials were read and decrypted, by type: what each read costs n8n. */
export const credentialReads = new Map<string, number>();

export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** Stored credential data by credential type name. */
	constructor(private readonly stored: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		if (!type) throw new UnexpectedError(`Unknown credential type ${typeName}`);
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (type.authenticate) {
			throw new UnexpectedError(
				`${typeName}: the harness only runs function authenticate (all of this package's credentials sign in code)`,
			);
		}
		return requestOptions as IHttpRequestOptions;
	}

	/**
	 * As n8n's CredentialsHelper: a type with a hidden expirable field and a preAuthentication
	 * function gets it called when that field is empty, when a request was refused as expired,
	 * or for a credential test; the result is stored with the credential (here: the test's
	 * stored object, so later runs reuse it, as n8n's database does).
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		const expirable = type?.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const testing = node?.type === CREDENTIAL_TEST_NODE_TYPE;
		if (credentials[expirable.name] !== '' && !credentialsExpired && !testing) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		preAuthentications.set(typeName, (preAuthentications.get(typeName) ?? 0) + 1);
		if (this.stored[typeName]) Object.assign(this.stored[typeName], output);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.stored[type];
		if (!data) throw new UnexpectedError(`The test gave no credentials of type ${type}`);
		credentialReads.set(type, (credentialReads.get(type) ?? 0) + 1);
		return withDefaults(type, data);
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

/** What n8n stores for a credential: the given values plus each property's default. */
export function withDefaults(
	type: string,
	data: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const properties = credentialTypes[type]?.properties ?? [];
	return NodeHelpers.getNodeParameters(
		properties,
		data as INodeParameters,
		true,
		false,
		null,
		null,
	) as ICredentialDataDecryptedObject;
}
