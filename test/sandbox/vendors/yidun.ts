import { createHash, timingSafeEqual } from 'crypto';

import type { SandboxReply, SandboxRequest, VendorModule } from '../types';
import { jsonReply } from '../types';

export interface YidunAccount {
	secretId: string;
	secretKey: string;
	businessIds: string[];
}

export const DEMO_YIDUN_ACCOUNT: YidunAccount = {
	secretId: 'yidun-sandbox-demo-secret-id-0001',
	secretKey: 'yidun-sandbox-demo-secret-key-0001',
	businessIds: ['yidun-sandbox-audio-business-0001'],
};

/** Yidun refuses requests whose millisecond timestamp is older than this (code 5501). */
const MAX_AGE_MS = 5 * 60 * 1000;
const HASHES: Record<string, string> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SM3: 'sm3' };

/** Yidun answers HTTP 200 with its own code; 200 is success. */
const reply = (code: number, msg: string, extra: Record<string, unknown> = {}) => jsonReply(200, { code, msg, ...extra });

/** The sandbox's own signer, written from the vendor notes, not shared with the credential. */
export function signYidun(fields: Record<string, string>, secretKey: string, method = 'MD5'): string {
	const text =
		Object.keys(fields)
			.filter((key) => key !== 'signature')
			.sort()
			.reduce((joined, key) => joined + key + (fields[key] ?? ''), '') + secretKey;
	return createHash(HASHES[method.toUpperCase()] ?? 'md5').update(text, 'utf8').digest('hex');
}

/**
 * NetEase Yidun audio moderation. So far: the public-parameter authentication every call
 * shares (signature in all four methods, timestamp expiry, nonce replay, businessId) and the
 * v4 task query. Submit, the drain queue and pushes come with the Yidun node.
 */
export class YidunSandbox implements VendorModule {
	readonly name = 'yidun';

	private accounts = new Map<string, YidunAccount>([[DEMO_YIDUN_ACCOUNT.secretId, DEMO_YIDUN_ACCOUNT]]);

	private seenNonces = new Set<string>();

	reset(): void {
		this.accounts = new Map([[DEMO_YIDUN_ACCOUNT.secretId, DEMO_YIDUN_ACCOUNT]]);
		this.seenNonces.clear();
	}

	control(action: string, body: Record<string, unknown>): unknown {
		if (action === 'configure') {
			for (const account of (body.accounts ?? []) as YidunAccount[]) this.accounts.set(account.secretId, account);
			return { ok: true };
		}
		throw new Error(`unknown yidun control action "${action}"`);
	}

	handle(request: SandboxRequest): SandboxReply {
		if (request.method !== 'POST') return jsonReply(405, { code: 405, msg: 'method not allowed' });
		const fields = Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
		const failure = this.authenticate(fields);
		if (failure) return failure;

		if (request.path === '/v4/audio/query/task') {
			let taskIds: unknown;
			try {
				taskIds = JSON.parse(fields.taskIds ?? '');
			} catch {
				return reply(400, 'taskIds is not a JSON array');
			}
			if (!Array.isArray(taskIds) || taskIds.length === 0 || taskIds.length > 100) return reply(400, 'taskIds must hold 1 to 100 ids');
			return reply(200, 'ok', { result: [] });
		}
		return reply(404, 'service not found');
	}

	/** The checks every Yidun call shares, with Yidun's codes. */
	private authenticate(fields: Record<string, string>): SandboxReply | undefined {
		for (const name of ['secretId', 'businessId', 'version', 'timestamp', 'nonce', 'signature']) {
			if (!fields[name]) return reply(400, `missing ${name}`);
		}
		const method = (fields.signatureMethod ?? 'MD5').toUpperCase();
		if (!HASHES[method]) return reply(400, `unknown signatureMethod ${fields.signatureMethod}`);
		if (!/^\d{13}$/.test(fields.timestamp) || Math.abs(Date.now() - Number(fields.timestamp)) > MAX_AGE_MS) return reply(5501, 'request expired');
		if (fields.nonce.length > 32) return reply(5505, 'invalid nonce');

		const account = this.accounts.get(fields.secretId);
		if (!account) return reply(5508, 'invalid signature');
		const expected = signYidun(fields, account.secretKey, method);
		if (fields.signature.length !== expected.length || !timingSafeEqual(Buffer.from(fields.signature), Buffer.from(expected))) {
			return reply(5508, 'invalid signature');
		}
		if (!account.businessIds.includes(fields.businessId)) return reply(5506, 'invalid businessId');

		const nonceKey = `${fields.secretId}:${fields.nonce}`;
		if (this.seenNonces.has(nonceKey)) return reply(5511, 'duplicate request');
		this.seenNonces.add(nonceKey);
		return undefined;
	}
}
