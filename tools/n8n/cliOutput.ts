import type { CliExecution } from './executionTypes';

export type { CliExecution };

/**
 * Finds the execution JSON that `n8n execute --rawOutput` prints after its log lines: on success as the last
 * thing, on failure after "Execution error:" and before the error's own lines. It is pretty-printed, so it starts
 * on a line holding only "{"; the last such block that parses and looks like an execution wins.
 */
export function extractExecutionJson(
	output: string,
): Omit<CliExecution, 'exitCode' | 'signal' | 'output'> | undefined {
	let found: Omit<CliExecution, 'exitCode' | 'signal' | 'output'> | undefined;
	const starts = [...output.matchAll(/^\{\s*$/gm)].map((match) => match.index ?? 0);
	for (const start of starts) {
		const end = endOfJsonObject(output, start);
		if (end === undefined) continue;
		try {
			const value: unknown = JSON.parse(output.slice(start, end));
			if (looksLikeExecution(value)) found = value;
		} catch {
			// not JSON after all (a log line that happened to be "{"): keep looking
		}
	}
	return found;
}

function looksLikeExecution(
	value: unknown,
): value is Omit<CliExecution, 'exitCode' | 'signal' | 'output'> {
	const data = (value as { data?: { resultData?: unknown } } | null)?.data;
	return typeof data === 'object' && data !== null && typeof data.resultData === 'object';
}

/** Index just after the "}" that closes the object opened at `start`, skipping braces inside strings. */
function endOfJsonObject(text: string, start: number): number | undefined {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const char = text[i];
		if (inString) {
			if (char === '\\') i++;
			else if (char === '"') inString = false;
		} else if (char === '"') inString = true;
		else if (char === '{' || char === '[') depth++;
		else if (char === '}' || char === ']') {
			depth--;
			if (depth === 0) return i + 1;
		}
	}
	return undefined;
}
