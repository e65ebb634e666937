import { createHmac } from 'crypto';
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
import { withHeaders } from './common/headers';

export const NICE_ENVIRONMENTS: Readonly<Record<string, string>> = {
	production: 'https://nice.zebra-c.com/api',
	test: 'https://testnice.zebra-c.com/api',
};

const base64Url = (data: Buffer | string) =>
	Buffer.from(data).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/**
 * NICE's bearer token: a JWT the client signs itself (HS256 with the App Secret), header
 * `{"typ":"JWT","alg":"HS256"}`, payload `{"app_id", "iat"}` and no expiry, so a fresh one
 * is signed for every request rather than kept.
 */
export function niceJwt(appId: string, appSecret: string, issuedAtSeconds: number): string {
	const header = base64Url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
	const payload = base64Url(JSON.stringify({ app_id: appId, iat: issuedAtSeconds }));
	const signature = base64Url(
		createHmac('sha256', appSecret).update(`${header}.${payload}`).digest(),
	);
	return `${header}.${payload}.${signature}`;
}

/** Where the account's API lives: the environment chosen, or the custom URL. */
export function niceBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = String(credentials.environment || 'production');
	return environment === 'custom'
		? String(credentials.baseUrl ?? '').replace(/\/+$/, '')
		: (NICE_ENVIRONMENTS[environment] ?? NICE_ENVIRONMENTS.production);
}

export class NiceApi implements ICredentialType {
	name = 'niceApi';

	displayName = 'NICE Speech Analytics API';

	icon: Icon = {
		light: 'file:../nodes/NiceSpeechAnalytics/nice.svg',
		dark: 'file:../nodes/NiceSpeechAnalytics/nice.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-audio-tasks#nice-speech-analytics';

	properties: INodeProperties[] = [
		{
			displayName: 'App ID (AccessKeyId)',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'N991808258',
		},
		{
			displayName: 'App Secret (AccessKeySecret)',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Signs a short token for every request; never sent',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production (nice.zebra-c.com)', value: 'production' },
				{ name: 'Test (testnice.zebra-c.com)', value: 'test' },
				{ name: 'Custom URL', value: 'custom' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://nice.example.com/api',
			description: 'The API root, e.g. a proxy or the sandbox (the part before /task/create)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Default Project Key',
			name: 'projectKey',
			type: 'string',
			default: '',
			description: 'Used by Create Task when the node gives none; also checked by the NICE Trigger',
		},
	];

	/**
	 * A fresh JWT per request, and the environment's base URL in front of a path (the HTTP
	 * Request node's full URL is kept).
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const appId = String(credentials.appId ?? '').trim();
		const appSecret = String(credentials.appSecret ?? '');
		if (!appId || !appSecret)
			throw new UserError('The NICE credential needs an App ID and an App Secret');
		const token = niceJwt(appId, appSecret, Math.floor(Date.now() / 1000));
		return withBaseUrl(
			{
				...requestOptions,
				headers: withHeaders(requestOptions, { Authorization: `Bearer ${token}` }),
			},
			niceBaseUrl(credentials),
		);
	}

	/**
	 * Asks for the status of a task that cannot exist: a business errcode proves the keys; NICE
	 * refuses a token it cannot verify with HTTP 401.
	 */
	test: ICredentialTestRequest = {
		request: {
			url: '/task/getResult',
			method: 'POST',
			body: { task_no: 'n8n-credential-test' },
			json: true,
		},
		// n8n reads each rule by its type; its TypeScript type only admits arrays of one kind.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'NICE refused the token: check the App ID and App Secret, and the clock of the n8n host',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'NICE refused the token: this App ID may not use the API',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errcode',
					value: undefined,
					message:
						'The URL answered, but not like the NICE API (no "errcode" in the reply): check the Environment and the Base URL',
				},
			},
		] as unknown as ICredentialTestRequest['rules'],
	};
}
