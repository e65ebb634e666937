import type { ICredentialTestRequest } from 'n8n-workflow';

/** What a vendor's documented code means, and what the user can do about it. */
export interface CodeInfo {
	meaning: string;
	action?: string;
}

/** A vendor's codes by their string form. Nodes explain errors from it; credential tests fail on it. */
export type CodeTable = Readonly<Record<string, CodeInfo>>;

/** "<meaning>. <action>": how a code reads where there is room for one sentence. */
export function explainCode(table: CodeTable, code: string | number): string {
	const info = table[String(code)];
	return info ? `${info.meaning}. ${info.action ?? ''}`.trim() : '';
}

/**
 * The rules of a Test button for an API that answers with a business code in its body: a
 * reply without that code is not the API (a wrong URL); each code of `authCodes` (the codes
 * that mean the credential itself is wrong) fails the test with its meaning and what to do.
 * Any other code proves the keys reach the API.
 */
export function codeTestRules(rules: {
	/** How the API is named in "not like the … API", e.g. "Tencent ASR". */
	api: string;
	/** How the vendor is named in "… error <code>", e.g. "Tencent". */
	vendor: string;
	codeKey: string;
	authCodes: CodeTable;
	/** What to check when the URL is not the API, e.g. "check the Base URL". */
	notTheApi: string;
}): NonNullable<ICredentialTestRequest['rules']> {
	const { api, vendor, codeKey, authCodes, notTheApi } = rules;
	return [
		{
			type: 'responseSuccessBody',
			properties: {
				key: codeKey,
				value: undefined,
				message: `The URL answered, but not like the ${api} API (no "${codeKey}" in the reply): ${notTheApi}`,
			},
		},
		...Object.keys(authCodes).map((code) => ({
			type: 'responseSuccessBody' as const,
			properties: {
				key: codeKey,
				value: /^-?\d+$/.test(code) ? Number(code) : code,
				message: `${vendor} error ${code}: ${explainCode(authCodes, code)}`,
			},
		})),
	];
}
