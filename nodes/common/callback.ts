import { timingSafeEqual } from 'crypto';

/**
 * Helpers for receiving vendor callbacks: the raw body whatever the Content-Type, form
 * fields decoded exactly once, and secrets compared in constant time.
 */

/** What a webhook request gives us: n8n keeps the unparsed body as `rawBody` when it reads one. */
export interface CallbackRequest {
	rawBody?: Buffer;
	body?: unknown;
	headers: Record<string, string | string[] | undefined>;
}

/**
 * The request body as text. n8n parses bodies by Content-Type, and a vendor that sends a
 * form with a wrong or missing Content-Type would otherwise arrive as an empty or mangled
 * object, so the raw bytes win whenever n8n kept them.
 */
export function rawBodyText(request: CallbackRequest): string | undefined {
	if (request.rawBody && request.rawBody.length > 0) return request.rawBody.toString('utf8');
	if (typeof request.body === 'string') return request.body;
	if (Buffer.isBuffer(request.body)) return request.body.toString('utf8');
	return undefined;
}

/**
 * Parses application/x-www-form-urlencoded text. Each value is percent-decoded exactly once
 * (and `+` read as a space, as the format says); a literal `%`, `&` or `+` in a transcript
 * arrives encoded as %25, %26, %2B and comes out as itself. Returns undefined when the text is
 * not a form (no key=value pair, or a malformed percent escape).
 */
export function parseFormFields(text: string): Record<string, string> | undefined {
	const trimmed = text.trim();
	if (!trimmed || trimmed.startsWith('{') || trimmed.startsWith('<')) return undefined;
	const fields: Record<string, string> = {};
	for (const pair of trimmed.split('&')) {
		if (!pair) continue;
		const equals = pair.indexOf('=');
		if (equals <= 0) return undefined;
		try {
			const key = decodeURIComponent(pair.slice(0, equals).replace(/\+/g, ' '));
			const value = decodeURIComponent(pair.slice(equals + 1).replace(/\+/g, ' '));
			fields[key] = value;
		} catch {
			return undefined;
		}
	}
	return Object.keys(fields).length > 0 ? fields : undefined;
}

/**
 * The form fields of a callback: parsed from the raw body when n8n kept it (whatever the
 * Content-Type), else n8n's own parse of a form body. Undefined when there is no form.
 */
export function formFieldsOf(request: CallbackRequest): Record<string, string> | undefined {
	const text = rawBodyText(request);
	if (text !== undefined) return parseFormFields(text);
	const { body } = request;
	if (body && typeof body === 'object' && !Buffer.isBuffer(body) && Object.values(body).every((value) => typeof value === 'string')) {
		return Object.keys(body).length ? (body as Record<string, string>) : undefined;
	}
	return undefined;
}

/** Compares two secrets without leaking, through timing, how much of them matched. */
export function constantTimeEqual(received: string | undefined, expected: string): boolean {
	if (typeof received !== 'string' || expected.length === 0) return false;
	const a = Buffer.from(received, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	// Compare against itself when lengths differ, so the time spent does not depend on the input.
	return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}
