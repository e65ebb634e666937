import { timingSafeEqual } from 'crypto';

/**
 * Helpers for receiving vendor callbacks: the raw body whatever the Content-Type, form
 * fields decoded exactly once, and secrets compared in constant time.
 */

/**
 * What a webhook request gives us. n8n keeps the unparsed body as `rawBody` when it read one;
 * for trigger versions after 1 it reads no body whose Content-Type it cannot parse (none,
 * octet-stream), and leaves `readRawBody` to read it on demand.
 */
export interface CallbackRequest {
	rawBody?: Buffer;
	body?: unknown;
	headers: Record<string, string | string[] | undefined>;
	readRawBody?: () => Promise<void>;
}

/**
 * The request body as text. n8n parses bodies by Content-Type, and a vendor that sends a
 * form with a wrong or missing Content-Type would otherwise arrive as an empty or mangled
 * object, so the raw bytes win whenever they can be had.
 */
export async function rawBodyText(request: CallbackRequest): Promise<string | undefined> {
	if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
	if (request.rawBody && request.rawBody.length > 0) return request.rawBody.toString('utf8');
	if (typeof request.body === 'string') return request.body;
	if (Buffer.isBuffer(request.body)) return request.body.toString('utf8');
	return undefined;
}

/** A form body's fields, or why the body cannot be taken as one. */
export type FormFields = { fields: Record<string, string> } | { reason: string };

const NOT_A_FORM = 'the body is not form data (application/x-www-form-urlencoded)';

/**
 * Parses application/x-www-form-urlencoded text. Each value is percent-decoded exactly once
 * (and `+` read as a space, as the format says); a literal `%`, `&` or `+` in a transcript
 * arrives encoded as %25, %26, %2B and comes out as itself. A field given twice is refused:
 * which value counts would depend on the parser, and a check of one value (an App ID) could
 * pass while the other is used.
 */
export function parseFormFields(text: string): FormFields {
	const trimmed = text.trim();
	if (!trimmed || trimmed.startsWith('{') || trimmed.startsWith('<')) return { reason: NOT_A_FORM };
	const fields: Record<string, string> = {};
	for (const pair of trimmed.split('&')) {
		if (!pair) continue;
		const equals = pair.indexOf('=');
		if (equals <= 0) return { reason: NOT_A_FORM };
		let key: string;
		let value: string;
		try {
			key = decodeURIComponent(pair.slice(0, equals).replace(/\+/g, ' '));
			value = decodeURIComponent(pair.slice(equals + 1).replace(/\+/g, ' '));
		} catch {
			return { reason: 'the body has a malformed percent escape' };
		}
		if (Object.prototype.hasOwnProperty.call(fields, key)) {
			return { reason: `the field "${key}" appears more than once` };
		}
		fields[key] = value;
	}
	return Object.keys(fields).length > 0 ? { fields } : { reason: NOT_A_FORM };
}

/**
 * The form fields of a callback: parsed from the raw body whatever the Content-Type, else
 * from n8n's own parse of a form body (where a repeated field became a list).
 */
export async function readFormFields(request: CallbackRequest): Promise<FormFields> {
	const text = await rawBodyText(request);
	if (text !== undefined) return parseFormFields(text);
	const { body } = request;
	if (
		!body ||
		typeof body !== 'object' ||
		Buffer.isBuffer(body) ||
		Object.keys(body).length === 0
	) {
		return { reason: NOT_A_FORM };
	}
	for (const [key, value] of Object.entries(body)) {
		if (Array.isArray(value)) return { reason: `the field "${key}" appears more than once` };
		if (typeof value !== 'string') return { reason: NOT_A_FORM };
	}
	return { fields: body as Record<string, string> };
}

/** Compares two secrets without leaking, through timing, how much of them matched. */
export function constantTimeEqual(received: string | undefined, expected: string): boolean {
	if (typeof received !== 'string' || expected.length === 0) return false;
	const a = Buffer.from(received, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	// Compare against itself when lengths differ, so the time spent does not depend on the input.
	return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}

/** A JSON body's object, or why the body cannot be taken as one. */
export type JsonBody = { body: Record<string, unknown> } | { reason: string };

/** The JSON object of a callback: parsed from the raw body whatever the Content-Type, else n8n's parse. */
export async function readJsonBody(request: CallbackRequest): Promise<JsonBody> {
	const text = await rawBodyText(request);
	let parsed: unknown = request.body;
	if (text !== undefined) {
		try {
			parsed = JSON.parse(text);
		} catch {
			return { reason: 'the body is not JSON' };
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Buffer.isBuffer(parsed)) {
		return { reason: 'the body is not a JSON object' };
	}
	return { body: parsed as Record<string, unknown> };
}
