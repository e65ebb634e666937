import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

/** A token is renewed this long before IAM says it expires (tokens live 24 h). */
export const TOKEN_RENEWAL_MARGIN_MS = 10 * 60 * 1000;

/** The body as the exact text that is both hashed and sent: serialized once, here. */
export function bodyBytes(body: unknown): string | Buffer | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
	return JSON.stringify(body);
}

export function tokenNeedsRenewal(token: string, expiresAt: string, now: Date): boolean {
	if (!token) return true;
	const expiry = Date.parse(expiresAt);
	return !Number.isFinite(expiry) || expiry - now.getTime() < TOKEN_RENEWAL_MARGIN_MS;
}

/**
 * POST /v3/auth/tokens with the IAM user's password, scoped to the credential's project: the
 * token comes back in X-Subject-Token, its expiry in the body. Failures name IAM's reason and
 * never the password.
 */
export async function iamToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<{ token: string; expiresAt: string }> {
	const region = String(credentials.region || 'cn-north-4');
	const endpoint = (
		String(credentials.iamEndpoint || '').trim() || `https://iam.${region}.myhuaweicloud.com`
	).replace(/\/+$/, '');
	const password = String(credentials.password ?? '');
	const reply = (await helper.helpers.httpRequest({
		method: 'POST',
		url: `${endpoint}/v3/auth/tokens`,
		body: {
			auth: {
				identity: {
					methods: ['password'],
					password: {
						user: {
							name: String(credentials.userName ?? '').trim(),
							password,
							domain: { name: String(credentials.domainName ?? '').trim() },
						},
					},
				},
				scope: { project: { id: String(credentials.projectId ?? '').trim() } },
			},
		},
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as { statusCode: number; headers: IDataObject; body: unknown };

	const body = (reply.body && typeof reply.body === 'object' ? reply.body : {}) as IDataObject;
	const token = reply.headers['x-subject-token'];
	const expiresAt = (body.token as IDataObject | undefined)?.expires_at;
	if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof token === 'string' && token) {
		return { token, expiresAt: typeof expiresAt === 'string' ? expiresAt : '' };
	}
	const error = (body.error ?? {}) as IDataObject;
	const message = typeof error.message === 'string' ? error.message : 'no reason given';
	const reason = password.length >= 4 ? message.split(password).join('***') : message;
	throw new UserError(
		`Huawei IAM refused to issue a token (HTTP ${reply.statusCode}: ${reason}). Check the user name, password, account name, project ID and IAM endpoint in the credential.`,
	);
}
