/**
 * Delay before try number `attempt + 1`: `initialMs * factor^(attempt-1)`, capped at `maxMs`.
 * Shared by request retries and status polling so both back off the same way.
 */
export function backoffDelay(
	attempt: number,
	initialMs: number,
	factor: number,
	maxMs: number,
): number {
	const exponent = Math.max(0, attempt - 1);
	return Math.min(maxMs, initialMs * Math.pow(factor, exponent));
}
