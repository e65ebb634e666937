import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { requestUrl, withRequestUrl } from './common/baseUrl';
import type { CodeTable } from './common/codeTable';
import { codeTestRules } from './common/codeTable';
import { withHeaders } from './common/headers';
import { HUAWEI_REGIONS, moderationEndpoint } from './huaweiCloud/endpoints';
import { bodyBytes, iamToken, tokenNeedsRenewal } from './huaweiCloud/iam';
import { canonicalQuery, sdkAuthorization, sdkDate } from './huaweiCloud/sdkHmacSha256';

/** Paths the node sends carry this; the credential puts its project there. */
export const PROJECT_PLACEHOLDER = '{project_id}';

/**
 * Codes that mean the credential itself is wrong (keys, token, project, region), from the
 * vendor notes. The node's code table includes them; the Test button fails on them.
 */
export const HUAWEI_AUTH_CODES: CodeTable = {
	'APIGW.0301': {
		meaning: 'the IAM authentication is incorrect (API gateway)',
		action:
			'Check the Access Key ID and Secret Access Key (or the user name, password and account name), and the clock of the n8n host.',
	},
	'APIGW.0101': {
		meaning: 'the API does not exist at this address (API gateway)',
		action: 'Check the Region and the Endpoint in the credential.',
	},
	'AIS.0002': {
		meaning: 'the authentication token is not valid',
		action: 'Check the user name, password and account name in the credential.',
	},
	'AIS.0004': {
		meaning: 'not authorized, or the service is not subscribed',
		action: 'Subscribe to Content Moderation for this account, and check the project ID.',
	},
	'AIS.0007': {
		meaning: 'the service is not enabled',
		action: 'Enable audio moderation in the Content Moderation console of this region.',
	},
	'ModelArts.4204': {
		meaning: 'the API is not subscribed in this region',
		action:
			'Subscribe to audio moderation in this region, or pick the region where it is subscribed.',
	},
};

export class HuaweiCloudApi implements ICredentialType {
	name = 'huaweiCloudApi';

	displayName = 'Huawei Cloud API';

	icon: Icon = {
		light: 'file:../nodes/HuaweiCloudModeration/huaweiCloud.svg',
		dark: 'file:../nodes/HuaweiCloudModeration/huaweiCloud.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-audio-tasks#huawei-cloud-moderation';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{ name: 'Access Key (AK/SK)', value: 'accessKey', description: 'Every request is signed' },
				{
					name: 'IAM User Password (Token)',
					value: 'password',
					description: 'A 24-hour IAM token, renewed before it expires',
				},
			],
			default: 'accessKey',
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['accessKey'] } },
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Signs every request and is never sent',
			displayOptions: { show: { authType: ['accessKey'] } },
		},
		{
			displayName: 'User Name',
			name: 'userName',
			type: 'string',
			default: '',
			required: true,
			description: 'The IAM user',
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Sent to IAM only, to get a token',
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Account Name',
			name: 'domainName',
			type: 'string',
			default: '',
			required: true,
			description: 'The Huawei Cloud account (domain) the IAM user belongs to',
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: HUAWEI_REGIONS,
			default: 'cn-north-4',
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			required: true,
			description: 'The project of the region (My Credentials → API Credentials)',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'https://moderation.cn-north-4.myhuaweicloud.com',
			description: 'Leave empty for the region’s endpoint; set it for a proxy',
		},
		{
			displayName: 'IAM Endpoint',
			name: 'iamEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://iam.cn-north-4.myhuaweicloud.com',
			description: 'Leave empty for the region’s IAM',
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Session Token Expires At',
			name: 'sessionTokenExpiresAt',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	/**
	 * For IAM-token authentication: gets a token from IAM (the only place the password goes).
	 * n8n calls this when the token field is empty, and again when a call is refused with
	 * HTTP 401 or the token is about to expire (see authenticate), then stores the result.
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		if (credentials.authType !== 'password') return {};
		const { token, expiresAt } = await iamToken(this, credentials);
		return { sessionToken: token, sessionTokenExpiresAt: expiresAt };
	}

	/**
	 * Puts the project in the path and the endpoint in front (a path from this package's nodes;
	 * the HTTP Request node's full URL is kept, `{project_id}` filled in there too), serializes
	 * the body once, then signs those exact bytes (AK/SK) or adds the IAM token.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const projectId = String(credentials.projectId ?? '').trim();
		if (!projectId) throw new UserError('The Huawei Cloud credential needs a Project ID');
		const legacy = requestOptions as { form?: unknown; formData?: unknown };
		if (legacy.form !== undefined || legacy.formData !== undefined) {
			throw new UserError(
				'Huawei Cloud APIs take a JSON body: in the HTTP Request node, choose "JSON" or "Raw" as Body Content Type',
			);
		}
		const fullUrl = requestUrl(requestOptions, moderationEndpoint(credentials))
			.split(PROJECT_PLACEHOLDER)
			.join(encodeURIComponent(projectId));

		// The URL as it goes on the wire: the path percent-encoded, the query encoded as signed.
		const target = new URL(fullUrl);
		const query: Array<[string, string]> = [...target.searchParams.entries()];
		for (const [key, value] of Object.entries((requestOptions.qs ?? {}) as IDataObject)) {
			if (value !== undefined && value !== null) query.push([key, String(value)]);
		}
		// Sent as a Buffer: n8n's HTTP client would trim or re-serialize a JSON string.
		const text = bodyBytes(requestOptions.body);
		const body = text === undefined || Buffer.isBuffer(text) ? text : Buffer.from(text);
		const queryText = canonicalQuery(query);
		const set: Record<string, string> = { 'Content-Type': 'application/json' };
		const signed: IHttpRequestOptions = {
			...withRequestUrl(
				requestOptions,
				`${target.origin}${target.pathname}${queryText ? `?${queryText}` : ''}`,
			),
			qs: {},
			body,
			json: false,
		};

		if (credentials.authType === 'password') {
			const token = String(credentials.sessionToken ?? '');
			if (tokenNeedsRenewal(token, String(credentials.sessionTokenExpiresAt ?? ''), new Date())) {
				// n8n renews a credential whose request fails with HTTP 401: it runs
				// preAuthentication again and signs anew. A token about to expire takes that path
				// before it is sent, so no call fails for an expired token.
				throw Object.assign(new UserError('The Huawei IAM token expires soon'), {
					response: { status: 401 },
				});
			}
			set['X-Auth-Token'] = token;
			return { ...signed, headers: withHeaders(requestOptions, set) };
		}

		const accessKeyId = String(credentials.accessKeyId ?? '').trim();
		const secretAccessKey = String(credentials.secretAccessKey ?? '');
		if (!accessKeyId || !secretAccessKey) {
			throw new UserError(
				'The Huawei Cloud credential needs an Access Key ID and a Secret Access Key',
			);
		}
		set['X-Project-Id'] = projectId;
		set['X-Sdk-Date'] = sdkDate(new Date());
		set.Authorization = sdkAuthorization(
			{
				method: requestOptions.method ?? 'GET',
				path: target.pathname,
				query,
				headers: {
					'content-type': set['Content-Type'],
					host: target.host,
					'x-project-id': projectId,
					'x-sdk-date': set['X-Sdk-Date'],
				},
				body: body ?? '',
			},
			accessKeyId,
			secretAccessKey,
		);
		return { ...signed, headers: withHeaders(requestOptions, set) };
	}

	/**
	 * Reads a job that cannot exist: AIS.0030 (job not found) proves the keys, project and
	 * region; the gateway's and the service's authentication codes fail the test.
	 */
	test: ICredentialTestRequest = {
		request: {
			url: `/v3/${PROJECT_PLACEHOLDER}/moderation/audio/jobs/n8n-credential-test`,
			method: 'GET',
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: codeTestRules({
			api: 'Huawei Cloud Moderation',
			vendor: 'Huawei Cloud',
			codeKey: 'error_code',
			authCodes: HUAWEI_AUTH_CODES,
			notTheApi: 'check the Region and the Endpoint',
		}),
	};
}
