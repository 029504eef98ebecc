import type { IDataObject, IRunExecutionData } from 'n8n-workflow';

/**
 * The JSON of the items a node put out, from an execution's run data (REST or CLI alike).
 * `runIndex` picks a node's run when it ran more than once (e.g. a Wait node: run 0 before, 1 after resuming).
 */
export function nodeOutput(
	data: IRunExecutionData,
	nodeName: string,
	options: { runIndex?: number; outputIndex?: number } = {},
): IDataObject[] {
	const runs = data.resultData.runData[nodeName];
	if (runs === undefined) {
		throw new Error(
			`node "${nodeName}" did not run; nodes that ran: ${Object.keys(data.resultData.runData).join(', ') || 'none'}`,
		);
	}
	const run = runs[options.runIndex ?? 0];
	if (run === undefined)
		throw new Error(
			`node "${nodeName}" has no run ${options.runIndex ?? 0} (it ran ${runs.length} times)`,
		);
	const items = run.data?.main?.[options.outputIndex ?? 0] ?? [];
	return items.map((item) => item.json);
}

/** The execution's error message (workflow-level, else the first node error), or undefined if none. */
export function executionErrorMessage(data: IRunExecutionData): string | undefined {
	if (data.resultData.error) return data.resultData.error.message;
	for (const runs of Object.values(data.resultData.runData)) {
		for (const run of runs) if (run.error) return run.error.message;
	}
	return undefined;
}
