import { format } from 'util';

/**
 * n8n-core logs through winston to the console. The harness keeps those lines instead of
 * printing them, so tests can check what n8n would write to its log (no secrets), and the
 * test output stays readable. HARNESS_VERBOSE=1 prints them as well.
 */
const captured: string[] = [];

export function captureConsole(): void {
	// winston's Console transport writes to console._stdout/_stderr directly when they exist.
	const streams = console as unknown as {
		_stdout?: NodeJS.WritableStream;
		_stderr?: NodeJS.WritableStream;
	};
	for (const stream of [streams._stdout, streams._stderr]) {
		if (!stream) continue;
		const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
		stream.write = ((chunk: unknown, ...rest: unknown[]) => {
			captured.push(String(chunk));
			return process.env.HARNESS_VERBOSE ? write(chunk, ...rest) : true;
		}) as NodeJS.WritableStream['write'];
	}
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		const original = console[method].bind(console);
		console[method] = (...args: unknown[]) => {
			captured.push(format(...args));
			if (process.env.HARNESS_VERBOSE) original(...args);
		};
	}
}

export function capturedLogs(): readonly string[] {
	return captured;
}
