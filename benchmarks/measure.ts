/** Clocks, CPU time and memory of the n8n process group, and the statistics the report prints. */
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by every process in the group `pgid`, from /proc. */
export function groupCpuSeconds(pgid: number): number {
	let ticks = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		// The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) !== pgid) continue;
		ticks += Number(fields[11]) + Number(fields[12]);
	}
	return ticks / CLOCK_TICKS_PER_SECOND;
}

/**
 * The group's CPU seconds once it has gone quiet (at most one clock tick in `intervalMs`): the work n8n does after
 * answering (saving the execution, collecting garbage) counts with the run that caused it, not with the next one.
 */
export async function settledCpuSeconds(
	pgid: number,
	intervalMs = 250,
	maxMs = 15_000,
): Promise<number> {
	let last = groupCpuSeconds(pgid);
	for (const end = Date.now() + maxMs; Date.now() < end;) {
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
		const now = groupCpuSeconds(pgid);
		if (now - last <= 1 / CLOCK_TICKS_PER_SECOND) return now;
		last = now;
	}
	return last;
}

/** Samples `read()` every `intervalMs` until stopped; returns the highest value seen. */
export function peakSampler(read: () => number, intervalMs = 50): { stop(): number } {
	let peak = read();
	const timer = setInterval(() => (peak = Math.max(peak, read())), intervalMs);
	return {
		stop() {
			clearInterval(timer);
			return Math.max(peak, read());
		},
	};
}

export interface Summary {
	median: number;
	min: number;
	max: number;
}

export function summarize(values: number[]): Summary {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median =
		sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Items answered per one-second window from `startMs`, by when each answer left the emulator. */
export function perSecond(answeredAtMs: number[], startMs: number): number[] {
	const windows: number[] = [];
	for (const at of answeredAtMs) {
		const index = Math.floor((at - startMs) / 1000);
		if (index < 0) continue;
		while (windows.length <= index) windows.push(0);
		windows[index]++;
	}
	return windows;
}
