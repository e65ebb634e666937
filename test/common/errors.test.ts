import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { scrubSecrets, transportError, vendorCodeError } from '../../nodes/common/errors';

const node: INode = {
	id: '1',
	name: 'Vendor Node',
	type: 'x.y',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const table = { '1001': { meaning: 'the signature is wrong', action: 'Check the secret key.' } };

describe('vendorCodeError', () => {
	test('names the vendor, the code, its documented meaning and what to do', () => {
		const error = vendorCodeError(node, {
			vendor: 'Acme ASR',
			code: 1001,
			vendorMessage: 'sign error',
			table,
			requestId: 'req-9',
			itemIndex: 2,
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Acme ASR error 1001: the signature is wrong');
		expect(error.description).toContain('What to do: Check the secret key.');
		expect(error.description).toContain('Acme ASR said: "sign error"');
		expect(error.description).toContain('Request id: req-9');
		expect(error.context.itemIndex).toBe(2);
	});

	test('an unpublished code keeps the vendor message and says it is not in the table', () => {
		const error = vendorCodeError(node, {
			vendor: 'Acme ASR',
			code: 77,
			vendorMessage: 'quota exceeded',
			table,
		});
		expect(error.message).toBe('Acme ASR error 77: quota exceeded');
		expect(error.description).toContain("not in Acme ASR's published code table");
	});

	test('secrets the vendor echoes back are scrubbed', () => {
		const error = vendorCodeError(node, {
			vendor: 'Acme',
			code: 77,
			vendorMessage: 'bad key sk-live-123456',
			table,
			secrets: ['sk-live-123456'],
		});
		expect(
			JSON.stringify({
				m: error.message,
				d: error.description,
				c: error.cause,
				e: (error as unknown as { errorResponse: unknown }).errorResponse,
			}),
		).not.toContain('sk-live-123456');
	});
});

describe('transportError', () => {
	test('says what happened, how many attempts, and what to do', () => {
		const error = transportError(node, {
			vendor: 'Acme',
			problem: 'answered HTTP 503 (server error)',
			action: 'Try later.',
			attempts: 4,
			httpCode: 503,
		});
		expect(error.message).toBe('Acme answered HTTP 503 (server error) (after 4 attempts)');
		expect(error.description).toBe('What to do: Try later.');
		expect(error.httpCode).toBe('503');
	});
});

describe('scrubSecrets', () => {
	test('replaces every occurrence and leaves short or empty values alone', () => {
		expect(scrubSecrets('a=topsecret&b=topsecret', ['topsecret', '', 'ab', undefined])).toBe(
			'a=***&b=***',
		);
	});
});
