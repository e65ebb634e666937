import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { binarySize } from './binary';

/**
 * A multipart/form-data body of text fields and one file from an item's binary field, sent
 * without reading the file into memory when n8n keeps it outside the item (its filesystem
 * and database modes): the parts are produced as a stream around n8n's own stream of the
 * file, and the length is known in advance, so nothing is buffered.
 */
export interface MultipartBody {
	body: unknown;
	headers: Record<string, string>;
	/** Bytes of the file part's content. */
	fileBytes: number;
}

interface ReadableClass {
	from(source: AsyncIterable<Buffer>, options?: { objectMode?: boolean }): unknown;
}

/**
 * The stream class of a stream n8n handed us. Community nodes may not import Node's
 * `stream` module, but a readable file stream's own class chain leads to `Readable`, whose
 * `from` turns an async generator into a stream the HTTP client pipes.
 */
function readableClassOf(stream: unknown): ReadableClass | undefined {
	for (let proto = Object.getPrototypeOf(stream); proto; proto = Object.getPrototypeOf(proto)) {
		const constructor = (proto as { constructor?: { name?: string; from?: unknown } }).constructor;
		if (constructor?.name === 'Readable' && typeof constructor.from === 'function') {
			return constructor as unknown as ReadableClass;
		}
	}
	return undefined;
}

const quote = (value: string) =>
	value.replace(/["\r\n\\]/g, (character) => encodeURIComponent(character));

/** The file part: an item's binary field, or content the node made (already in memory). */
export type MultipartFile = { field: string; fileName: string; mimeType?: string } & (
	{ binaryPropertyName: string; binaryData: IBinaryData } | { content: Buffer }
);

export async function multipartBody(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: Readonly<Record<string, string>>,
	file: MultipartFile,
	boundary: string,
): Promise<MultipartBody> {
	const fileName = quote(file.fileName);
	const preamble = Buffer.from(
		Object.entries(fields)
			.map(
				([name, value]) =>
					`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
			)
			.join('') +
			`--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${fileName}"\r\n` +
			`Content-Type: ${file.mimeType || 'application/octet-stream'}\r\n\r\n`,
		'utf8',
	);
	const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
	const headers = (length: number) => ({
		'Content-Type': `multipart/form-data; boundary=${boundary}`,
		'Content-Length': String(length),
	});

	const binaryData = 'binaryData' in file ? file.binaryData : undefined;
	const stream = binaryData?.id ? await context.helpers.getBinaryStream(binaryData.id) : undefined;
	const Readable = stream ? readableClassOf(stream) : undefined;
	if (binaryData && stream && Readable) {
		const fileBytes = await binarySize(context, binaryData);
		async function* parts(): AsyncGenerator<Buffer> {
			yield preamble;
			for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
			yield epilogue;
		}
		return {
			body: Readable.from(parts(), { objectMode: false }),
			headers: headers(preamble.length + fileBytes + epilogue.length),
			fileBytes,
		};
	}
	// The file is in the item already (n8n's memory mode): one buffer costs nothing more.
	const content =
		'content' in file
			? file.content
			: await context.helpers.getBinaryDataBuffer(itemIndex, file.binaryPropertyName);
	const body = Buffer.concat([preamble, content, epilogue]);
	return { body, headers: headers(body.length), fileBytes: content.length };
}
