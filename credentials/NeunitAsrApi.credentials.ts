import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { withBaseUrl } from './common/baseUrl';
import { codeTestRules } from './common/codeTable';
import { withHeaders } from './common/headers';

/** RFC 7230 token: what Node's HTTP client accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The headers this credential adds to every request. Neunit's authentication scheme is not
 * published, so the account's key goes in whatever header the account was issued.
 */
export function neunitAuthHeaders(
	credentials: ICredentialDataDecryptedObject,
): Record<string, string> {
	const headers: Record<string, string> = {};
	const add = (name: string, value: unknown, field: string) => {
		if (!HEADER_NAME.test(name)) {
			throw new UserError(
				`The Neunit ASR credential's ${field} has a header name that is not valid: "${name}"`,
			);
		}
		const text = String(value ?? '');
		// The value itself is never quoted: it is a secret.
		if (/[\r\n\0]/.test(text))
			throw new UserError(
				`The value of header "${name}" in the Neunit ASR credential contains a line break`,
			);
		headers[name] = text;
	};

	const headerName = String(credentials.keyHeaderName ?? '').trim();
	if (headerName) add(headerName, credentials.apiKey, 'Key Header Name');

	const extra = String(credentials.extraSecretHeaders ?? '').trim();
	if (extra) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(extra);
		} catch {
			throw new UserError(
				'The Neunit ASR credential\'s Extra Secret Headers is not valid JSON: write an object such as {"X-App-Id": "…"}',
			);
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new UserError(
				'The Neunit ASR credential\'s Extra Secret Headers must be a JSON object such as {"X-App-Id": "…"}',
			);
		}
		for (const [name, value] of Object.entries(parsed)) add(name, value, 'Extra Secret Headers');
	}
	return headers;
}

export class NeunitAsrApi implements ICredentialType {
	name = 'neunitAsrApi';

	displayName = 'Neunit ASR API';

	icon: Icon = {
		light: 'file:../nodes/NeunitAsr/neunitAsr.svg',
		dark: 'file:../nodes/NeunitAsr/neunitAsr.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-audio-tasks#neunit-asr';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://dev-winner-api.neunit.com:18052',
			placeholder: 'http://dev-winner-api.neunit.com:18052',
			description: 'Scheme, host and port of the Neunit ASR API, without the /cloud/asr/v1 path',
			required: true,
		},
		{
			displayName: 'Key Header Name',
			name: 'keyHeaderName',
			type: 'string',
			default: '',
			placeholder: 'X-Api-Key',
			description:
				'Header that carries your account key, if Neunit issued one. Leave empty when the API needs no key.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The key sent in that header',
		},
		{
			displayName: 'Extra Secret Headers (JSON)',
			name: 'extraSecretHeaders',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: '{"X-App-Id": "...", "X-Token": "..."}',
			description:
				'More headers sent with every request, as a JSON object of names and values. Stored as a secret.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return withBaseUrl(
			{
				...requestOptions,
				headers: withHeaders(requestOptions, neunitAuthHeaders(credentials)),
			},
			String(credentials.baseUrl ?? ''),
		);
	}

	/**
	 * Asks for the status of a task that does not exist: a JSON reply with a business code
	 * ("task not found" or similar) proves the URL and headers reach the API.
	 */
	test: ICredentialTestRequest = {
		request: {
			url: '/cloud/asr/v1/get_task_status',
			method: 'POST',
			body: { task_id: 'n8n-credential-test' },
			json: true,
		},
		// Neunit publishes no authentication codes: any business code proves the URL and headers work.
		rules: codeTestRules({
			api: 'Neunit ASR',
			vendor: 'Neunit ASR',
			codeKey: 'code',
			authCodes: {},
			notTheApi: 'check the base URL',
		}),
	};
}
