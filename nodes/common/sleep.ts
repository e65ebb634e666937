import * as n8nWorkflow from 'n8n-workflow';

type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Waits `ms`, or rejects as soon as the execution is cancelled. The host's n8n-workflow does
 * the waiting (nodes keep no timers): 2.x's `sleep` takes the cancel signal; 1.x's `sleep`
 * ignores a second argument and offers `sleepWithAbort` instead, so the export decides, not
 * the version.
 */
export async function cancellableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	const { sleepWithAbort } = n8nWorkflow as unknown as { sleepWithAbort?: Sleep };
	const sleep: Sleep = typeof sleepWithAbort === 'function' ? sleepWithAbort : n8nWorkflow.sleep;
	await sleep(ms, signal);
}
