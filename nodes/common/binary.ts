import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

/**
 * Size in bytes of an item's binary data, found without loading it: n8n records `bytes`,
 * keeps metadata for files it stores outside the item, and otherwise holds base64.
 */
export async function binarySize(
	context: IExecuteFunctions,
	binaryData: IBinaryData,
): Promise<number> {
	if (typeof binaryData.bytes === 'number') return binaryData.bytes;
	if (binaryData.id) return (await context.helpers.getBinaryMetadata(binaryData.id)).fileSize;
	const base64 = binaryData.data ?? '';
	const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
	return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
}

export function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024
		? `${(bytes / 1024 / 1024).toFixed(1)} MB`
		: `${Math.ceil(bytes / 1024)} KB`;
}
