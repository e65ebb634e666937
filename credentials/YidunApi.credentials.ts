import { createHash, randomUUID } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { withBaseUrl } from './common/baseUrl';
import type { CodeTable } from './common/codeTable';
import { codeTestRules } from './common/codeTable';
import { withHeaders } from './common/headers';

/**
 * Codes that mean the credential itself is wrong (keys, business ID, the host's clock), from
 * Yidun's public SDK. The node's code table includes them; the Test button fails on them.
 */
export const YIDUN_AUTH_CODES: CodeTable = {
	'5501': {
		meaning: 'request expired',
		action: "Check the n8n host's clock: the timestamp is in milliseconds.",
	},
	'5504': { meaning: 'decryption failure', action: 'Check the keys in the credential.' },
	'5506': { meaning: 'invalid businessId', action: 'Check the Business ID in the credential.' },
	'5508': {
		meaning: 'invalid signature',
		action: 'Check the Secret Key and that it belongs to the Secret ID.',
	},
	'5509': {
		meaning: 'the product is not enabled',
		action: 'Enable audio moderation for this account in the Yidun console.',
	},
	'5512': { meaning: 'invalid token', action: 'Check the credential.' },
};

export const YIDUN_SIGNATURE_METHODS = ['MD5', 'SHA1', 'SHA256', 'SM3'] as const;
export type YidunSignatureMethod = (typeof YIDUN_SIGNATURE_METHODS)[number];

const HASHES: Record<YidunSignatureMethod, string> = {
	MD5: 'md5',
	SHA1: 'sha1',
	SHA256: 'sha256',
	SM3: 'sm3',
};

/** Yidun's sign string: every parameter but `signature`, sorted by key, key+value (null = ''), then the secret key. */
export function yidunSignString(params: Record<string, unknown>, secretKey: string): string {
	return (
		Object.keys(params)
			.filter((key) => key !== 'signature')
			.sort()
			.map(
				(key) =>
					`${key}${params[key] === null || params[key] === undefined ? '' : String(params[key])}`,
			)
			.join('') + secretKey
	);
}

/** Lowercase hex of the sign string's hash; the method is case-insensitive, MD5 when absent. */
export function yidunSignature(
	params: Record<string, unknown>,
	secretKey: string,
	method: string = 'MD5',
): string {
	const hash = HASHES[method.toUpperCase() as YidunSignatureMethod];
	if (!hash)
		throw new UserError(
			`Yidun signature method "${method}" is not one of ${YIDUN_SIGNATURE_METHODS.join(', ')}`,
		);
	return createHash(hash).update(yidunSignString(params, secretKey), 'utf8').digest('hex');
}

/** Where requests go: the API host chosen in the credential, or the custom URL. */
export function yidunBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const host = String(credentials.apiHost ?? 'https://as.dun.163.com');
	return (host === 'custom' ? String(credentials.customBaseUrl ?? '') : host).replace(/\/+$/, '');
}

export class YidunApi implements ICredentialType {
	name = 'yidunApi';

	displayName = 'NetEase Yidun API';

	icon: Icon = {
		light: 'file:../nodes/Yidun/yidun.svg',
		dark: 'file:../nodes/Yidun/yidun.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-audio-tasks#netease-yidun';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret ID',
			name: 'secretId',
			type: 'string',
			default: '',
			required: true,
			description: 'Product key SecretId from the Yidun console',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Product key SecretKey; it signs every request and is never sent',
		},
		{
			displayName: 'Business ID',
			name: 'businessId',
			type: 'string',
			default: '',
			required: true,
			description: 'The audio moderation business ID from the Yidun console',
		},
		{
			displayName: 'Signature Method',
			name: 'signatureMethod',
			type: 'options',
			options: YIDUN_SIGNATURE_METHODS.map((method) => ({ name: method, value: method })),
			default: 'MD5',
			description: 'Hash used to sign requests; Yidun accepts all four',
		},
		{
			displayName: 'API Host',
			name: 'apiHost',
			type: 'options',
			options: [
				{ name: 'China (as.dun.163.com)', value: 'https://as.dun.163.com' },
				{ name: 'China, Legacy (as.dun.163yun.com)', value: 'https://as.dun.163yun.com' },
				{ name: 'Singapore (as-audio-sg.dun.163.com)', value: 'https://as-audio-sg.dun.163.com' },
				{
					name: 'Frankfurt (as-audio-frankfurt.dun.163.com)',
					value: 'https://as-audio-frankfurt.dun.163.com',
				},
				{
					name: 'Virginia (as-audio-virginia.dun.163.com)',
					value: 'https://as-audio-virginia.dun.163.com',
				},
				{ name: 'Custom URL', value: 'custom' },
			],
			default: 'https://as.dun.163.com',
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:5679/yidun',
			description: 'Scheme, host and port to send requests to, e.g. a proxy or the sandbox',
			displayOptions: { show: { apiHost: ['custom'] } },
		},
	];

	/**
	 * Signs a form POST: adds secretId, businessId, timestamp (ms), nonce and signatureMethod
	 * to the body and the signature over all of them. The HTTP Request node's "Form Urlencoded"
	 * fields (`form`) are parameters too: they join the body, so every field sent is signed.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const secretId = String(credentials.secretId ?? '').trim();
		const secretKey = String(credentials.secretKey ?? '');
		const businessId = String(credentials.businessId ?? '').trim();
		if (!secretId || !secretKey || !businessId)
			throw new UserError(
				'The NetEase Yidun credential needs a Secret ID, a Secret Key and a Business ID',
			);
		const signatureMethod = String(credentials.signatureMethod ?? 'MD5').toUpperCase();

		if ((requestOptions as { formData?: unknown }).formData !== undefined) {
			throw new UserError(
				'NetEase Yidun takes a form body: in the HTTP Request node, choose "Form Urlencoded" or "JSON" as Body Content Type, not "Form-Data"',
			);
		}
		const { form, ...request } = requestOptions as IHttpRequestOptions & { form?: IDataObject };
		// A raw body (the HTTP Request node's "Raw") is a form's text: its fields are parameters.
		const fields =
			typeof request.body === 'string'
				? Object.fromEntries(new URLSearchParams(request.body))
				: ((request.body ?? {}) as IDataObject);
		const body: IDataObject = { ...fields, ...(form ?? {}) };
		body.secretId = secretId;
		body.businessId = businessId;
		body.timestamp = String(Date.now());
		body.nonce = randomUUID().replace(/-/g, '');
		body.signatureMethod = signatureMethod;
		body.signature = yidunSignature(body, secretKey, signatureMethod);

		return withBaseUrl(
			{
				...request,
				body,
				headers: withHeaders(request, {
					'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8',
				}),
			},
			yidunBaseUrl(credentials),
		);
	}

	/**
	 * Asks for the v4 status of a task that does not exist: nothing is consumed (unlike the
	 * results queue), and Yidun's business code tells whether the keys are right.
	 */
	test: ICredentialTestRequest = {
		request: {
			url: '/v4/audio/query/task',
			method: 'POST',
			body: { version: 'v4', taskIds: '["n8n-credential-test"]' },
		},
		rules: codeTestRules({
			api: 'Yidun',
			vendor: 'Yidun',
			codeKey: 'code',
			authCodes: YIDUN_AUTH_CODES,
			notTheApi: 'check the API host',
		}),
	};
}
