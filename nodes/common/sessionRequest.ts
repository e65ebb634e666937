import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	JsonObject,
	RequestHelperFunctions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/**
 * A request through n8n's credential path, for a credential that renews a session (an IAM
 * token): n8n runs its preAuthentication only when a call throws HTTP 401, and n8n 1.x keeps
 * no reply in the error it throws for a status. So the reply is read with status errors off,
 * and only a 401 is sent again with them on, for n8n to renew the session and send it again.
 * Returns n8n's full response (statusCode, headers, body), whatever its status.
 */
export async function sendRenewingSession(
	context: {
		helpers: Pick<RequestHelperFunctions, 'httpRequestWithAuthentication'>;
		getNode(): INode;
	},
	credentialType: string,
	options: IHttpRequestOptions,
): Promise<unknown> {
	const send = async (renewOn401: boolean) =>
		await context.helpers.httpRequestWithAuthentication.call(
			context as IExecuteFunctions,
			credentialType,
			{ ...options, returnFullResponse: true, ignoreHttpStatusErrors: !renewOn401 },
		);
	const response = await send(false);
	if ((response as { statusCode?: unknown })?.statusCode !== 401) return response;
	try {
		return await send(true);
	} catch (error) {
		const reply = responseOfHttpError(error);
		if (reply) return reply;
		// A 4xx after the renewal is a refusal (nothing was done): sent once more with the
		// renewed session, its reply can be read. Anything else may have acted: thrown.
		const httpCode = Number((error as { httpCode?: unknown }).httpCode);
		if (httpCode >= 400 && httpCode < 500 && httpCode !== 401) return await send(false);
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
}

/** The HTTP reply inside an error n8n 2.x threw for a status (its cause is the HTTP client's error). */
export function responseOfHttpError(error: unknown): unknown {
	const seen = new Set<unknown>();
	for (let current = error; current && typeof current === 'object' && !seen.has(current);) {
		seen.add(current);
		const { response } = current as {
			response?: { status?: unknown; headers?: unknown; data?: unknown };
		};
		if (response && typeof response.status === 'number') {
			return { statusCode: response.status, headers: response.headers, body: response.data };
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
