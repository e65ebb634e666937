import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The regions of Huawei's SDK for Content Moderation. */
export const HUAWEI_REGIONS = [
	{ name: 'CN North-Beijing4 (cn-north-4)', value: 'cn-north-4' },
	{ name: 'CN North-Beijing1 (cn-north-1)', value: 'cn-north-1' },
	{ name: 'CN East-Shanghai1 (cn-east-3)', value: 'cn-east-3' },
	{ name: 'AP-Hong Kong (ap-southeast-1)', value: 'ap-southeast-1' },
	{ name: 'AP-Singapore (ap-southeast-3)', value: 'ap-southeast-3' },
];

/** The credential's Endpoint, else Content Moderation's endpoint in its region. */
export function moderationEndpoint(credentials: ICredentialDataDecryptedObject): string {
	const region = String(credentials.region || 'cn-north-4');
	return (
		String(credentials.endpoint || '').trim() || `https://moderation.${region}.myhuaweicloud.com`
	);
}
