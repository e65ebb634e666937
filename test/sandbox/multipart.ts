import { createHash } from 'crypto';

/** A part of a multipart/form-data body as the sandbox keeps it: never more than `keepBytes` of it. */
export interface ReceivedPart {
	name: string;
	fileName?: string;
	contentType?: string;
	size: number;
	sha256: string;
	/** The content, when it is at most keepBytes long (text fields, small files). */
	content?: Buffer;
}

/**
 * Reads a multipart/form-data stream part by part, hashing and counting each part's bytes as
 * they pass, so a 500 MB upload goes through in a window of a few chunks.
 */
export async function readMultipart(
	stream: AsyncIterable<Buffer>,
	boundary: string,
	keepBytes: number,
): Promise<ReceivedPart[]> {
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	const parts: ReceivedPart[] = [];
	// The body starts with "--boundary": pretend a CRLF came before it, so every delimiter looks alike.
	let pending = Buffer.from('\r\n');
	let current:
		{ part: ReceivedPart; hash: ReturnType<typeof createHash>; kept: Buffer[] } | undefined;
	let inHeaders = false;
	let finished = false;

	const write = (bytes: Buffer) => {
		if (!current || bytes.length === 0) return;
		current.hash.update(bytes);
		current.part.size += bytes.length;
		if (current.part.size <= keepBytes) current.kept.push(bytes);
	};
	const close = () => {
		if (!current) return;
		current.part.sha256 = current.hash.digest('hex');
		if (current.part.size <= keepBytes) current.part.content = Buffer.concat(current.kept);
		parts.push(current.part);
		current = undefined;
	};

	const consume = () => {
		for (;;) {
			if (finished) return;
			if (inHeaders) {
				const end = pending.indexOf('\r\n\r\n');
				if (end === -1) return;
				const headers = pending.subarray(0, end).toString('utf8');
				pending = pending.subarray(end + 4);
				const disposition =
					/content-disposition:[^\r\n]*?name="([^"]*)"(?:; filename="([^"]*)")?/i.exec(headers);
				const type = /content-type:\s*([^\r\n]+)/i.exec(headers);
				current = {
					part: {
						name: disposition?.[1] ?? '',
						fileName: disposition?.[2],
						contentType: type?.[1],
						size: 0,
						sha256: '',
					},
					hash: createHash('sha256'),
					kept: [],
				};
				inHeaders = false;
				continue;
			}
			const at = pending.indexOf(delimiter);
			if (at === -1) {
				// Keep a tail that could be the start of a delimiter; the rest belongs to the part.
				const safe = Math.max(0, pending.length - delimiter.length);
				write(pending.subarray(0, safe));
				pending = pending.subarray(safe);
				return;
			}
			write(pending.subarray(0, at));
			if (pending.length < at + delimiter.length + 2) {
				// What follows the delimiter ("--" or CRLF) has not arrived yet.
				pending = pending.subarray(at);
				return;
			}
			close();
			const after = pending.subarray(at + delimiter.length);
			if (after.subarray(0, 2).toString() === '--') {
				finished = true;
				return;
			}
			pending = after.subarray(2);
			inHeaders = true;
		}
	};

	for await (const chunk of stream) {
		pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
		consume();
	}
	consume();
	return parts;
}
