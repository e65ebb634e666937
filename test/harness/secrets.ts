/**
 * Everything a run exposes to a user or a log, as one string: output items, node errors
 * with their descriptions, contexts and causes, and the run-level error.
 */
export function exposedText(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, function replacer(_key, current: unknown) {
		if (current && typeof current === 'object') {
			if (seen.has(current)) return '[circular]';
			seen.add(current);
			if (current instanceof Error) {
				const own: Record<string, unknown> = {};
				for (const name of Object.getOwnPropertyNames(current))
					own[name] = (current as unknown as Record<string, unknown>)[name];
				return { ...own, message: current.message, stack: current.stack };
			}
		}
		if (typeof current === 'bigint') return current.toString();
		return current;
	});
}

/** Throws if any secret appears anywhere in what the run exposes. */
export function expectNoSecrets(value: unknown, secrets: string[]): void {
	const text = exposedText(value);
	for (const secret of secrets) {
		if (text.includes(secret))
			throw new Error(
				`A secret value appears in the run data: ...${text.slice(Math.max(0, text.indexOf(secret) - 80), text.indexOf(secret) + 20).replace(secret, '<SECRET>')}...`,
			);
	}
}
