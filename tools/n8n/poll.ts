interface PollOptions {
	timeoutMs: number;
	intervalMs?: number;
	/** Names what was awaited, for the timeout error. */
	description: string;
}

export const sleep = (ms: number): Promise<void> =>
	new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `probe` until it returns a value other than undefined, and returns that value.
 * Errors thrown by `probe` end the wait at once (they are not "not yet").
 */
export async function pollUntil<T>(
	probe: () => Promise<T | undefined>,
	options: PollOptions,
): Promise<T> {
	const deadline = Date.now() + options.timeoutMs;
	const interval = options.intervalMs ?? 250;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() >= deadline)
			throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.description}`);
		await sleep(interval);
	}
}
