/** docs/BENCHMARKS.md and its chart, from the runs bench.ts measured. */
import { summarize, type Summary } from './measure';

export type Flavour = 'node' | 'diy';
export type Shape = 'batch' | 'burst';

export interface ThroughputRun {
	flavour: Flavour;
	shape: Shape;
	cap: number;
	round: number;
	items: number;
	seconds: number;
	/** From the first request to Argos to its last good answer: n8n's work before and after left out. */
	sendingSeconds: number;
	/** From the first POST to n8n to the first request to Argos. */
	firstRequestSeconds: number;
	failed: number;
	cpuSeconds: number;
}

export interface CapChangeRun {
	/** From the POST to n8n to the first request to Argos, for the whole batch. */
	firstRequestSeconds: number;
	/** The execution of Webhook → Read Files alone over the same files. */
	readOnlySeconds: number;
	/** The first request of the same batch without "continue on fail": after every item's pre-flight. */
	stopOnFailFirstRequestSeconds: number;
	/** Answers per one-second window from the start, and the limit in that window. */
	windows: Array<{ answered: number; limit: number }>;
	/** Seconds from the rise to the last cap until a one-second window reached 90% of it; undefined if none did. */
	recoverySeconds: number | undefined;
	failed: number;
	items: number;
	phases: Array<{ cap: number; fromSecond: number; toSecond: number; itemsPerSecond: number }>;
}

export interface CpuRound {
	items: number;
	/** CPU seconds per item of each workload. */
	floor: number;
	node: number;
	diy: number;
	readOnly: number;
	/** How long the execution of Webhook → Read Files alone took, for the same batch. */
	readOnlySeconds: number;
}

export interface MemoryRun {
	flavour: Flavour;
	items: number;
	megabytesPerImage: number;
	peakExtraMb: number;
	ok: boolean;
	note?: string;
}

export interface BenchReport {
	machine: string[];
	date: string;
	command: string;
	settings: string[];
	latencyMs: number;
	throughput: ThroughputRun[];
	capChange?: CapChangeRun;
	cpu: CpuRound[];
	memory: MemoryRun[];
	chartFile: string;
}

export const limitOf = (cap: number, latencyMs: number) => (cap * 1000) / latencyMs;

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const percent = (value: number) => `${Math.round(value * 100)}%`;
const range = (summary: Summary, digits = 1) =>
	`${fixed(summary.median, digits)} (${fixed(summary.min, digits)}–${fixed(summary.max, digits)})`;

function rate(runs: ThroughputRun[]): Summary {
	return summarize(runs.map((run) => run.items / run.seconds));
}

/** Good answers per second of the whole execution. */
function goodRate(runs: ThroughputRun[]): Summary {
	return summarize(runs.map((run) => (run.items - run.failed) / run.seconds));
}

/** Good answers per second while sending. */
function sendingRate(runs: ThroughputRun[]): Summary {
	return summarize(runs.map((run) => (run.items - run.failed) / run.sendingSeconds));
}

function select(runs: ThroughputRun[], flavour: Flavour, shape: Shape, cap: number) {
	return runs.filter((run) => run.flavour === flavour && run.shape === shape && run.cap === cap);
}

export function capsOf(runs: ThroughputRun[]): number[] {
	return [...new Set(runs.map((run) => run.cap))].sort((a, b) => a - b);
}

function throughputTable(report: BenchReport): string[] {
	const lines = [
		'| shape | cap in flight (limit) | node items/s, median (min–max) | node % of limit | node % of limit while sending | node failed items (worst run) | do-it-yourself items/s | DIY % of limit | DIY failed items (worst run) | node / DIY (good answers/s) |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const shape of ['batch', 'burst'] as const) {
		for (const cap of capsOf(report.throughput)) {
			const node = select(report.throughput, 'node', shape, cap);
			const diy = select(report.throughput, 'diy', shape, cap);
			if (node.length === 0) continue;
			const limit = limitOf(cap, report.latencyMs);
			const nodeRate = rate(node);
			const diyRate = diy.length ? rate(diy) : undefined;
			const worst = (runs: ThroughputRun[]) => Math.max(...runs.map((run) => run.failed));
			lines.push(
				`| ${shape} (${node[0].items} ${shape === 'batch' ? 'items in 1 execution' : 'executions of 1 item'}) | ${cap} (${fixed(limit, 0)}/s) | ${range(nodeRate)} | ${percent(nodeRate.median / limit)} | ${percent(sendingRate(node).median / limit)} | ${worst(node)} | ${diyRate ? range(diyRate) : '–'} | ${diyRate ? percent(diyRate.median / limit) : '–'} | ${diy.length ? worst(diy) : '–'} | ${diy.length ? fixed(goodRate(node).median / goodRate(diy).median, 2) : '–'} |`,
			);
		}
	}
	return lines;
}

function roundsTable(report: BenchReport): string[] {
	const lines = [
		'| shape | cap | flavour | round | seconds | first request after (s) | items/s | seconds sending | good answers/s while sending | failed | CPU seconds (n8n) |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const run of report.throughput)
		lines.push(
			`| ${run.shape} | ${run.cap} | ${run.flavour} | ${run.round} | ${fixed(run.seconds, 2)} | ${fixed(run.firstRequestSeconds, 2)} | ${fixed(run.items / run.seconds)} | ${fixed(run.sendingSeconds, 2)} | ${fixed((run.items - run.failed) / run.sendingSeconds)} | ${run.failed} | ${fixed(run.cpuSeconds, 2)} |`,
		);
	return lines;
}

function capChangeSection(change: CapChangeRun, latencyMs: number): string[] {
	const lines = [
		`One execution of ${change.items} items while the emulator's cap goes ${change.phases.map((phase) => phase.cap).join(' → ')} (every ${change.phases[0].toSecond - change.phases[0].fromSecond} s from the first request, which left n8n ${fixed(change.firstRequestSeconds, 2)} s after the POST, Read Files and the pre-flight of all ${change.items} items included; Webhook → Read Files alone takes ${fixed(change.readOnlySeconds, 2)} s over the same files, and without continue on fail, when every item is checked before the first is sent, the first request leaves ${fixed(change.stopOnFailFirstRequestSeconds, 2)} s after the POST): **${change.failed} failed items**; back above 90% of the last limit **${change.recoverySeconds === undefined ? 'never' : `${change.recoverySeconds} s`}** after the cap rose.`,
		'',
		'| phase | cap (limit) | items/s | % of limit |',
		'| --- | --- | --- | --- |',
	];
	for (const phase of change.phases) {
		const limit = limitOf(phase.cap, latencyMs);
		lines.push(
			`| ${phase.fromSecond}–${phase.toSecond} s | ${phase.cap} (${fixed(limit, 0)}/s) | ${fixed(phase.itemsPerSecond)} | ${percent(phase.itemsPerSecond / limit)} |`,
		);
	}
	lines.push(
		'',
		`Answers per second: ${change.windows.map((window) => `${window.answered}/${fixed(window.limit, 0)}`).join(', ')} (answered/limit).`,
	);
	return lines;
}

/** How long after the POST the first request reaches Argos, against Read Files' execution alone. */
function sendingStartSection(report: BenchReport): string[] {
	const batches = (flavour: Flavour) =>
		report.throughput.filter((run) => run.shape === 'batch' && run.flavour === flavour);
	const firstRequest = (flavour: Flavour) =>
		summarize(batches(flavour).map((run) => run.firstRequestSeconds));
	const lines = [
		`Seconds from the POST to n8n to the first request to Argos, batch shape (${batches('node')[0]?.items ?? 0} items), median (min–max) over every cap and round:`,
		'',
		'| workflow | first request after (s) |',
		'| --- | --- |',
		`| Read Files → Argos ID Liveness (continuing on fail: each item goes to the governor once checked) | ${range(firstRequest('node'), 2)} |`,
	];
	if (batches('diy').length)
		lines.push(
			`| Read Files → Extract From File → HTTP Request | ${range(firstRequest('diy'), 2)} |`,
		);
	if (report.cpu.length)
		lines.push(
			`| for comparison: the whole execution of Webhook → Read Files alone | ${range(summarize(report.cpu.map((round) => round.readOnlySeconds)), 2)} |`,
		);
	return lines;
}

function cpuSection(rounds: CpuRound[]): string[] {
	const per = (key: keyof CpuRound) => summarize(rounds.map((round) => round[key] * 1000));
	const floor = per('floor');
	const node = per('node');
	const diy = per('diy');
	const read = per('readOnly');
	const nodeOwn = summarize(rounds.map((round) => (round.node - round.readOnly) * 1000));
	const diyOwn = summarize(rounds.map((round) => (round.diy - round.readOnly) * 1000));
	return [
		`${rounds[0].items} items of 65 KB, no cap; CPU time of n8n's whole process group (server and task runner) per item, in ms, median (min–max) of ${rounds.length} round(s).`,
		'',
		'| workload | ms per item | × floor |',
		'| --- | --- | --- |',
		`| floor: a bare script (read, base64, POST, parse the answer) | ${range(floor, 2)} | 1.00 |`,
		`| n8n: Webhook → Read Files only | ${range(read, 2)} | ${fixed(read.median / floor.median, 2)} |`,
		`| n8n: Webhook → Read Files → Argos ID Liveness | ${range(node, 2)} | ${fixed(node.median / floor.median, 2)} |`,
		`| the node's own share (the above minus Read Files only) | ${range(nodeOwn, 2)} | ${fixed(nodeOwn.median / floor.median, 2)} |`,
		`| n8n: Webhook → Read Files → Extract From File → HTTP Request | ${range(diy, 2)} | ${fixed(diy.median / floor.median, 2)} |`,
		`| the do-it-yourself nodes' share | ${range(diyOwn, 2)} | ${fixed(diyOwn.median / floor.median, 2)} |`,
	];
}

function memorySection(runs: MemoryRun[]): string[] {
	const lines = [
		'| workflow | batch | peak extra RSS of n8n | result |',
		'| --- | --- | --- | --- |',
	];
	for (const run of runs)
		lines.push(
			`| ${run.flavour === 'node' ? 'Read Files → Argos ID Liveness' : 'Read Files → Extract From File → HTTP Request'} | ${run.items} × ${fixed(run.megabytesPerImage)} MB | ${fixed(run.peakExtraMb, 0)} MB | ${run.ok ? 'all items answered' : (run.note ?? 'failed')} |`,
		);
	return lines;
}

/**
 * Good answers per second against the cap, median with min–max whiskers, for the node and the do-it-yourself
 * workflow: items that failed are left out, or a workflow that loses most of its items would look fast.
 */
export function throughputChart(report: BenchReport): string {
	const caps = capsOf(report.throughput);
	const width = 720;
	const height = 420;
	const left = 60;
	const right = 200;
	const top = 30;
	const bottom = 50;
	const maxRate = Math.max(...caps.map((cap) => limitOf(cap, report.latencyMs))) * 1.1;
	const x = (cap: number) => left + ((width - left - right) * cap) / Math.max(...caps);
	const y = (value: number) => top + (height - top - bottom) * (1 - value / maxRate);
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
		`<rect width="${width}" height="${height}" fill="white"/>`,
		`<text x="${left}" y="18" font-size="14">Good answers per second against the emulator's cap (250 ms per request)</text>`,
		`<line x1="${left}" y1="${y(0)}" x2="${width - right}" y2="${y(0)}" stroke="black"/>`,
		`<line x1="${left}" y1="${top}" x2="${left}" y2="${y(0)}" stroke="black"/>`,
		`<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle">requests in flight Argos accepts (cap)</text>`,
		`<text x="15" y="${(top + height - bottom) / 2}" transform="rotate(-90 15 ${(top + height - bottom) / 2})" text-anchor="middle">good answers/s</text>`,
	];
	for (let tick = 0; tick <= maxRate; tick += maxRate > 50 ? 20 : 5)
		parts.push(
			`<line x1="${left - 4}" y1="${y(tick)}" x2="${width - right}" y2="${y(tick)}" stroke="#eee"/>`,
			`<text x="${left - 8}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`,
		);
	for (const cap of caps)
		parts.push(`<text x="${x(cap)}" y="${y(0) + 18}" text-anchor="middle">${cap}</text>`);
	const series: Array<{
		label: string;
		color: string;
		dash?: string;
		values: (cap: number) => Summary | undefined;
	}> = [
		{
			label: 'limit (cap / 250 ms)',
			color: '#888',
			dash: '6 4',
			values: (cap) => {
				const limit = limitOf(cap, report.latencyMs);
				return { median: limit, min: limit, max: limit };
			},
		},
	];
	const colors = { node: ['#1f77b4', '#17becf'], diy: ['#d62728', '#ff7f0e'] };
	for (const flavour of ['node', 'diy'] as const)
		(['batch', 'burst'] as const).forEach((shape, index) =>
			series.push({
				label: `${flavour === 'node' ? 'node' : 'do-it-yourself'}, ${shape}`,
				color: colors[flavour][index],
				dash: shape === 'burst' ? '3 3' : undefined,
				values: (cap) => {
					const runs = select(report.throughput, flavour, shape, cap);
					return runs.length ? goodRate(runs) : undefined;
				},
			}),
		);
	series.forEach((line, index) => {
		const points = caps
			.map((cap) => ({ cap, value: line.values(cap) }))
			.filter((point): point is { cap: number; value: Summary } => point.value !== undefined);
		if (points.length === 0) return;
		parts.push(
			`<polyline fill="none" stroke="${line.color}" stroke-width="2"${line.dash ? ` stroke-dasharray="${line.dash}"` : ''} points="${points.map((point) => `${x(point.cap)},${y(point.value.median)}`).join(' ')}"/>`,
		);
		for (const point of points)
			parts.push(
				`<line x1="${x(point.cap)}" y1="${y(point.value.min)}" x2="${x(point.cap)}" y2="${y(point.value.max)}" stroke="${line.color}"/>`,
				`<circle cx="${x(point.cap)}" cy="${y(point.value.median)}" r="3" fill="${line.color}"/>`,
			);
		const legendY = top + 20 + index * 20;
		parts.push(
			`<line x1="${width - right + 15}" y1="${legendY}" x2="${width - right + 40}" y2="${legendY}" stroke="${line.color}" stroke-width="2"${line.dash ? ` stroke-dasharray="${line.dash}"` : ''}/>`,
			`<text x="${width - right + 45}" y="${legendY + 4}">${line.label}</text>`,
		);
	});
	parts.push('</svg>');
	return parts.join('\n') + '\n';
}

export function benchmarksMarkdown(report: BenchReport): string {
	const lines = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (see [benchmarks/README.md](../benchmarks/README.md)); do not edit by hand.',
		'',
		`- Date: ${report.date}`,
		`- Command: \`${report.command}\``,
		...report.machine.map((line) => `- ${line}`),
		...report.settings.map((line) => `- ${line}`),
		'',
		'## Throughput against the vendor limit',
		'',
		`![good answers per second against the cap](${report.chartFile})`,
		'',
		...throughputTable(report),
		'',
	];
	if (report.throughput.some((run) => run.shape === 'batch'))
		lines.push('## When sending starts', '', ...sendingStartSection(report), '');
	if (report.capChange) {
		lines.push(
			'## A cap that changes mid-run',
			'',
			...capChangeSection(report.capChange, report.latencyMs),
			'',
		);
	}
	if (report.cpu.length) lines.push('## CPU per item', '', ...cpuSection(report.cpu), '');
	if (report.memory.length) lines.push('## Memory', '', ...memorySection(report.memory), '');
	lines.push('## Every run', '', ...roundsTable(report), '');
	return lines.join('\n');
}
