import { createHmac, randomInt } from 'crypto';
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

/**
 * Codes of the legacy API that mean the credential itself is wrong (keys, App ID, the host's
 * clock), from the vendor document. The node's code table includes them; the Test button fails on them.
 */
export const TENCENT_AUTH_CODES: CodeTable = {
	'1010': {
		meaning: 'secretid is missing or not valid (没有提供secretid，或者值不合法)',
		action: 'Check the Secret ID in the credential.',
	},
	'1011': {
		meaning: 'timestamp is missing or not valid (没有提供timestamp，或者值不合法)',
		action: 'Check the clock of the n8n host.',
	},
	'1012': {
		meaning: 'expired is missing or not valid (没有提供expired，或者值不合法)',
		action: 'Check Signature Validity in the credential and the clock of the n8n host.',
	},
	'1018': {
		meaning: 'the appid is not registered (提供的appid未注册)',
		action: 'Check the App ID in the credential and that ASR is enabled for this account.',
	},
	'1021': {
		meaning: 'the signature does not follow the rules (签名不符合规则)',
		action: 'Check the Secret Key in the credential.',
	},
	'1023': {
		meaning: 'the signature validity is too long (签名的有效期设置太长)',
		action: 'Lower Signature Validity in the credential (under 90 days).',
	},
	'1024': {
		meaning: 'the signature has expired (签名过期)',
		action: "Check the n8n host's clock, or raise Signature Validity in the credential.",
	},
	'1026': {
		meaning: 'the secretid in the signature is wrong (签名中的secretid错误)',
		action: 'Check the Secret ID in the credential.',
	},
	'1029': {
		meaning: 'the signature could not be verified (签名验证不通过)',
		action: 'Check that the Secret Key belongs to the Secret ID in the credential.',
	},
};

/** The legacy create path; the credential adds the account's App ID to it. */
export const LEGACY_CREATE_PATH = '/asr/v1';

/** The host Tencent signs, whatever host the request is sent to (a proxy, the sandbox). */
export const TENCENT_SIGNED_HOST = 'aai.qcloud.com';

/** expired - timestamp must stay under 90 days; one day of margin for clock skew. */
export const MAX_SIGNATURE_VALIDITY_SECONDS = 89 * 24 * 3600;

/** The string Tencent signs: method, host, path, then key=value pairs sorted by key, raw values. */
export function tencentSignString(
	appId: string,
	params: Record<string, string>,
	method = 'POST',
): string {
	const joined = Object.keys(params)
		.sort()
		.map((key) => `${key}=${params[key]}`)
		.join('&');
	return `${method.toUpperCase()}${TENCENT_SIGNED_HOST}/asr/v1/${appId}?${joined}`;
}

/** Base64(HMAC-SHA1(secretKey, sign string)): the Authorization header. */
export function tencentSignature(secretKey: string, signString: string): string {
	return createHmac('sha1', secretKey).update(signString, 'utf8').digest('base64');
}

/** The query string actually sent: the same pairs, each key and value URL-encoded. */
export function tencentQueryString(params: Record<string, string>): string {
	return Object.keys(params)
		.sort()
		.map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(params[key])}`)
		.join('&');
}

function validitySeconds(credentials: ICredentialDataDecryptedObject): number {
	const requested = Number(credentials.signatureValiditySeconds ?? 3600);
	if (!Number.isFinite(requested) || requested < 1) return 3600;
	return Math.min(Math.floor(requested), MAX_SIGNATURE_VALIDITY_SECONDS);
}

export class TencentCloudAsrApi implements ICredentialType {
	name = 'tencentCloudAsrApi';

	displayName = 'Tencent Cloud ASR API';

	icon: Icon = {
		light: 'file:../nodes/TencentCloudAsr/tencentCloudAsr.svg',
		dark: 'file:../nodes/TencentCloudAsr/tencentCloudAsr.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-audio-tasks#tencent-cloud-asr';

	properties: INodeProperties[] = [
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1259228442',
			description: 'Your Tencent Cloud APPID (Account Center → Account Info)',
		},
		{
			displayName: 'Secret ID',
			name: 'secretId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'AKIDoQq1zhZMN8dv0psmvud6OUKuGPO7pu0r',
			description: 'API key SecretId (Access Management → API Keys)',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'API key SecretKey; it signs every request and is never sent',
		},
		{
			displayName: 'Signature Validity (Seconds)',
			name: 'signatureValiditySeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_SIGNATURE_VALIDITY_SECONDS },
			default: 3600,
			description:
				'How long each signed request stays valid (Tencent refuses 90 days or more). Raise it if the n8n host clock drifts.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://aai.qcloud.com',
			description:
				'Where requests are sent. Keep the default unless you go through a proxy; the signature always names aai.qcloud.com.',
		},
	];

	/**
	 * Signs a request to /asr/v1/<appid>: adds secretid, timestamp, expired and nonce to the
	 * query, signs the sorted raw pairs with HMAC-SHA1, and sends the URL-encoded query with
	 * the signature in the Authorization header.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const appId = String(credentials.appId ?? '').trim();
		const secretId = String(credentials.secretId ?? '').trim();
		const secretKey = String(credentials.secretKey ?? '');
		if (!/^\d+$/.test(appId))
			throw new UserError('The Tencent Cloud ASR credential needs a numeric App ID');
		if (!secretId || !secretKey)
			throw new UserError('The Tencent Cloud ASR credential needs a Secret ID and a Secret Key');

		const params: Record<string, string> = {};
		for (const [key, value] of Object.entries((requestOptions.qs ?? {}) as IDataObject)) {
			if (value !== undefined && value !== null && value !== '') params[key] = String(value);
		}
		const timestamp = Math.floor(Date.now() / 1000);
		params.secretid = secretId;
		params.timestamp = String(timestamp);
		params.expired = String(timestamp + validitySeconds(credentials));
		// A random positive integer of at most 10 digits; below 2^31 so any int parser takes it.
		params.nonce = String(randomInt(1, 2 ** 31));

		const method = (requestOptions.method ?? 'POST').toUpperCase();
		const signature = tencentSignature(secretKey, tencentSignString(appId, params, method));
		const path =
			requestOptions.url === LEGACY_CREATE_PATH
				? `${LEGACY_CREATE_PATH}/${appId}`
				: requestOptions.url;
		const { url } = withBaseUrl(
			{ ...requestOptions, url: path },
			String(credentials.baseUrl || 'https://aai.qcloud.com'),
		);

		const signed: IHttpRequestOptions = {
			...requestOptions,
			url: `${url}${url.includes('?') ? '&' : '?'}${tencentQueryString(params)}`,
			qs: {},
			headers: { ...(requestOptions.headers ?? {}), Authorization: signature },
		};
		return signed;
	}

	/**
	 * A correctly signed request without an audio URL: Tencent checks the signature first, so
	 * 1009 ("no valid url") proves the keys work and creates no task; an authentication code
	 * fails the test with Tencent's meaning.
	 */
	test: ICredentialTestRequest = {
		request: {
			url: LEGACY_CREATE_PATH,
			method: 'POST',
			qs: {
				projectid: 0,
				sub_service_type: 0,
				engine_model_type: '16k_0',
				res_text_format: 0,
				res_type: 1,
				source_type: 0,
				callback_url: 'https://n8n-credential-test.invalid/callback',
			},
			headers: { 'Content-Type': 'application/octet-stream' },
			json: true,
		},
		rules: codeTestRules({
			api: 'Tencent ASR',
			vendor: 'Tencent',
			codeKey: 'code',
			authCodes: TENCENT_AUTH_CODES,
			notTheApi: 'check the Base URL',
		}),
	};
}
