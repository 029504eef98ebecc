/**
 * Runs `task` over `inputs` with at most `limit` running at once, and returns the results in input order.
 * A task should not throw: each item's outcome, success or failure, is its own result.
 */
export async function mapWithConcurrency<Input, Output>(
	inputs: readonly Input[],
	limit: number,
	task: (input: Input, index: number) => Promise<Output>,
): Promise<Output[]> {
	const results = new Array<Output>(inputs.length);
	let next = 0;
	async function worker(): Promise<void> {
		while (next < inputs.length) {
			const index = next++;
			results[index] = await task(inputs[index], index);
		}
	}
	const workers = Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker);
	await Promise.all(workers);
	return results;
}
