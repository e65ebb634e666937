import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import type { CodeTable } from './common/codeTable';
import { codeTestRules } from './common/codeTable';
import { headerValue } from './common/headers';
import { MAX_SIGNATURE_VALIDITY_SECONDS, signLegacy } from './tencentCloud/legacy';
import { signApi3, TC3_ACTION_HEADER } from './tencentCloud/tc3';

export {
	LEGACY_CREATE_PATH,
	MAX_SIGNATURE_VALIDITY_SECONDS,
	TENCENT_SIGNED_HOST,
	tencentQueryString,
	tencentSignature,
	tencentSignString,
} from './tencentCloud/legacy';

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

/**
 * API 3.0's codes that mean the credential itself is wrong, from Tencent's error-code page.
 * The node's code table includes them; the Test button fails on them.
 */
export const TENCENT_API3_AUTH_CODES: CodeTable = {
	'AuthFailure.SignatureFailure': {
		meaning: 'the signature does not match',
		action: 'Check that the Secret Key belongs to the Secret ID.',
	},
	'AuthFailure.SignatureExpire': {
		meaning: 'the signature has expired (the clocks differ by more than 5 minutes)',
		action: 'Check the clock of the n8n host.',
	},
	'AuthFailure.SecretIdNotFound': {
		meaning: 'the Secret ID does not exist, or has been deleted or disabled',
		action: 'Check the Secret ID in the credential (Access Management → API Keys).',
	},
	'AuthFailure.InvalidSecretId': {
		meaning: 'the Secret ID is not valid (not a cloud API key)',
		action: 'Use an API key of Access Management as the Secret ID.',
	},
	'AuthFailure.UnauthorizedOperation': {
		meaning: 'the key may not call speech recognition',
		action: 'Give this sub-account the ASR permissions in Access Management.',
	},
	'AuthFailure.TokenFailure': {
		meaning: 'the session token is wrong or has expired',
		action: 'Get new temporary credentials and update the Session Token.',
	},
	'FailedOperation.UserNotRegistered': {
		meaning: 'speech recognition is not enabled for this account',
		action: 'Enable ASR in the Tencent Cloud console.',
	},
	'FailedOperation.ServiceIsolate': {
		meaning: 'the account is isolated (in arrears)',
		action: 'Top up the Tencent Cloud account.',
	},
};

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
			placeholder: '1259228442',
			description:
				'Your Tencent Cloud APPID (Account Center → Account Info). Needed for the legacy API only.',
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
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'For temporary credentials (STS) only: their token, sent as X-TC-Token (API 3.0)',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: '',
			placeholder: 'ap-shanghai',
			description:
				'Optional for speech recognition (API 3.0); leave empty unless your account needs one',
		},
		{
			displayName: 'API 3.0 Endpoint',
			name: 'apiEndpoint',
			type: 'string',
			default: 'https://asr.tencentcloudapi.com',
			description:
				'Where API 3.0 calls go: asr.tencentcloudapi.com, asr.intl.tencentcloudapi.com, or a proxy',
		},
		{
			displayName: 'Legacy Signature Validity (Seconds)',
			name: 'signatureValiditySeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_SIGNATURE_VALIDITY_SECONDS },
			default: 3600,
			description:
				'How long each signed request stays valid (Tencent refuses 90 days or more). Raise it if the n8n host clock drifts.',
		},
		{
			displayName: 'Legacy API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://aai.qcloud.com',
			description:
				'Where legacy API requests are sent. Keep the default unless you go through a proxy; the signature always names aai.qcloud.com.',
		},
	];

	/**
	 * Signs each request the way its API wants: TC3-HMAC-SHA256 for an API 3.0 call (one
	 * that names its X-TC-Action, in any case: the HTTP Request node lowercases header names),
	 * the legacy HMAC-SHA1 for the legacy REST API.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return headerValue(requestOptions, TC3_ACTION_HEADER)
			? signApi3(credentials, requestOptions)
			: signLegacy(credentials, requestOptions);
	}

	/**
	 * API 3.0's DescribeTaskStatus of a task that cannot exist: FailedOperation.NoSuchTask
	 * proves the keys (no App ID needed); an AuthFailure code fails the test with its meaning.
	 */
	test: ICredentialTestRequest = {
		request: {
			url: '/',
			method: 'POST',
			headers: { [TC3_ACTION_HEADER]: 'DescribeTaskStatus' },
			body: { TaskId: 1 },
			json: true,
		},
		rules: codeTestRules({
			api: 'Tencent Cloud API 3.0',
			vendor: 'Tencent',
			codeKey: 'Response.Error.Code',
			authCodes: TENCENT_API3_AUTH_CODES,
			notTheApi: 'check the API 3.0 Endpoint',
		}),
	};
}
