/** docs/BENCHMARKS.md and its chart, from the runs bench.ts measured. */
import { summarize, type Summary } from './measure';
import { VENDOR_MODELS } from './vendorModels';

export type Flavour = 'node' | 'diy';
/** batch: items in one execution; large: the 1,000-item batch; burst: one-item executions started together. */
export type Shape = 'batch' | 'large' | 'burst';

export interface ThroughputRun {
	/** The vendor model's name (vendorModels.ts) and its level: a cap on requests in flight, or requests per second. */
	model: string;
	level: number;
	limitKind: 'cap' | 'rate';
	/** Items per second the vendor allows. */
	limit: number;
	flavour: Flavour;
	shape: Shape;
	round: number;
	items: number;
	/** Bursts: n8n's own ceiling in executions per second, measured right before (Webhook → Respond), and its CPU. */
	ceiling?: number;
	ceilingCpuSeconds?: number;
	seconds: number;
	/** From the first request to Argos to its last good answer: n8n's work before and after left out. */
	sendingSeconds: number;
	/** From the first POST to n8n to the first request to Argos. */
	firstRequestSeconds: number;
	failed: number;
	requests: number;
	refused: number;
	/** Requests, and refused ones, sent once a fifth of the good answers were in. */
	steadyRequests: number;
	steadyRefused: number;
	/**
	 * Cap models: the median ms from a good answer that left the wire full to the next request reaching Argos (bench.ts
	 * turnarounds); undefined when no answer left it full, or in runs saved before it was measured.
	 */
	fullWireTurnaroundMs?: number;
	cpuSeconds: number;
}

export interface CapChangeRun {
	model: string;
	/** From the POST to n8n to the first request to Argos, for the whole batch. */
	firstRequestSeconds: number;
	/** Answers per one-second window from the start, and the limit in that window. */
	windows: Array<{ answered: number; limit: number }>;
	/** Seconds from the rise to the last cap until a one-second window reached 90% of it; undefined if none did. */
	recoverySeconds: number | undefined;
	failed: number;
	refused: number;
	requests: number;
	items: number;
	/** `limit`: items per second the cap allows (cap ÷ the time a request holds its place). */
	phases: Array<{
		cap: number;
		limit: number;
		fromSecond: number;
		toSecond: number;
		itemsPerSecond: number;
	}>;
}

export interface SendingStart {
	items: number;
	/** The whole execution of Webhook → Read Files alone over the same files. */
	readOnlySeconds: number;
	/** From the POST to the first request to Argos, continuing on fail (each item sent once checked)... */
	continueFirstRequestSeconds: number;
	/** ...and stopping on failure (every item checked before the first is sent). */
	stopFirstRequestSeconds: number;
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

/** The KYC decision (four Argos calls per applicant, one execution) by one workflow. */
export interface KycRun {
	flavour: Flavour;
	applicants: number;
	/** Applicants × the four checks. */
	calls: number;
	/** The whole execution, from the POST to n8n to its answer. */
	seconds: number;
	/** From the first request to Argos to its last good answer. */
	sendingSeconds: number;
	firstRequestSeconds: number;
	/** Applicants with any check that gave no result, and checks that gave none. */
	failedApplicants: number;
	failedCalls: number;
	/** Good answers Argos sent, over every API. */
	goodAnswers: number;
	requests: number;
	refused: number;
	cpuSeconds: number;
}

/** The KYC part's run, saved apart from the other parts' (docs/benchmarks-kyc.json) so either can run alone. */
export interface KycReport {
	machine: string[];
	date: string;
	command: string;
	latencyMs: number;
	model: string;
	level: number;
	limitKind: 'cap' | 'rate';
	/** Requests per second the vendor allows, over all four APIs together. */
	limit: number;
	/** /proc/loadavg right before the measured runs and right after. */
	loadAverageBefore: string;
	loadAverageAfter: string;
	runs: KycRun[];
}

export interface BenchReport {
	machine: string[];
	date: string;
	command: string;
	settings: string[];
	latencyMs: number;
	throughput: ThroughputRun[];
	capChanges: CapChangeRun[];
	sendingStart?: SendingStart;
	cpu: CpuRound[];
	memory: MemoryRun[];
	/** Set when the report is written. */
	chartFile?: string;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const percent = (value: number) => (Number.isFinite(value) ? `${Math.round(value * 100)}%` : '–');
const range = (summary: Summary, digits = 1) =>
	`${fixed(summary.median, digits)} (${fixed(summary.min, digits)}–${fixed(summary.max, digits)})`;

/** Good answers per second from the first request to Argos to the last good answer, as a share of the limit. */
const sendingShare = (run: ThroughputRun) =>
	(run.items - run.failed) / run.sendingSeconds / run.limit;
/** Items per second over the whole execution (n8n's start and end included), as a share of the limit. */
const wholeShare = (run: ThroughputRun) => run.items / run.seconds / run.limit;
/** Bursts: items per second over the whole burst, as a share of the lower of the limit and n8n's ceiling. */
const burstShare = (run: ThroughputRun) =>
	run.items / run.seconds / Math.min(run.limit, run.ceiling ?? Infinity);
const goodRate = (run: ThroughputRun) => (run.items - run.failed) / run.seconds;
/**
 * A cap's share that n8n's turnaround leaves at most: a place is held for `hold` ms (latency, and any moment the vendor
 * keeps it after the answer), and stands empty until n8n's next request arrives.
 */
function turnaroundBound(run: ThroughputRun, latencyMs: number): number {
	const hold = (run.level * 1000) / run.limit;
	return hold / Math.max(hold, latencyMs + (run.fullWireTurnaroundMs ?? NaN));
}

interface Case {
	model: string;
	level: number;
	limitKind: 'cap' | 'rate';
	limit: number;
	runs: ThroughputRun[];
}

/** The cases in the order they ran: each model at each of its levels. */
function casesOf(runs: ThroughputRun[]): Case[] {
	const cases: Case[] = [];
	for (const run of runs) {
		let found = cases.find((c) => c.model === run.model && c.level === run.level);
		if (!found) {
			found = {
				model: run.model,
				level: run.level,
				limitKind: run.limitKind,
				limit: run.limit,
				runs: [],
			};
			cases.push(found);
		}
		found.runs.push(run);
	}
	return cases;
}

const pick = (c: Case, flavour: Flavour, shape: Shape) =>
	c.runs.filter((run) => run.flavour === flavour && run.shape === shape);
const median = (runs: ThroughputRun[], share: (run: ThroughputRun) => number) =>
	runs.length ? summarize(runs.map(share)).median : NaN;
const worst = (runs: ThroughputRun[], value: (run: ThroughputRun) => number) =>
	runs.length ? Math.max(...runs.map(value)) : NaN;

function levelText(c: Pick<Case, 'level' | 'limitKind' | 'limit'>): string {
	return c.limitKind === 'cap' ? `${c.level} in flight (${fixed(c.limit, 0)}/s)` : `${c.level}/s`;
}

function sideBySideTable(report: BenchReport): string[] {
	const lines = [
		"| vendor model | limit | batch of 200, node: % of limit | n8n's turnaround: ms, the most a cap allows | node: requests refused, all (steady state) | batch, do-it-yourself: % of limit, failed items | node ÷ DIY | 1,000 items, node: % of limit over the whole execution | burst of 200: n8n alone, executions/s | burst, node: % of the lower of limit and n8n | burst: CPU ms per execution, n8n alone → node | burst, DIY: %, failed items | node ÷ DIY |",
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const c of casesOf(report.throughput)) {
		const nodeBatch = pick(c, 'node', 'batch');
		const diyBatch = pick(c, 'diy', 'batch');
		const large = pick(c, 'node', 'large');
		const nodeBurst = pick(c, 'node', 'burst');
		const diyBurst = pick(c, 'diy', 'burst');
		const ratio = (node: ThroughputRun[], diy: ThroughputRun[]) =>
			node.length && diy.length ? fixed(median(node, goodRate) / median(diy, goodRate), 2) : '–';
		const refused = nodeBatch.length
			? `${worst(nodeBatch, (run) => run.refused)} of ${worst(nodeBatch, (run) => run.requests)} (${percent(median(nodeBatch, (run) => run.steadyRefused / Math.max(1, run.steadyRequests)))})`
			: '–';
		const failed = (runs: ThroughputRun[]) =>
			runs.length
				? `${percent(median(runs, (run) => goodRate(run) / run.limit))}, ${worst(runs, (run) => run.failed)} failed`
				: '–';
		const diyBurstText = diyBurst.length
			? `${percent(median(diyBurst, (run) => goodRate(run) / Math.min(run.limit, run.ceiling ?? Infinity)))}, ${worst(diyBurst, (run) => run.failed)} failed`
			: '–';
		const nodeFailed = worst([...nodeBatch, ...large, ...nodeBurst], (run) => run.failed);
		const turnaround =
			c.limitKind === 'cap' && nodeBatch.some((run) => run.fullWireTurnaroundMs !== undefined)
				? `${fixed(
						median(nodeBatch, (run) => run.fullWireTurnaroundMs ?? NaN),
						0,
					)} ms: ${percent(median(nodeBatch, (run) => turnaroundBound(run, report.latencyMs)))}`
				: '–';
		lines.push(
			`| ${c.model} | ${levelText(c)} | **${percent(median(nodeBatch, sendingShare))}**${nodeFailed > 0 ? ` (${nodeFailed} failed)` : ''} | ${turnaround} | ${refused} | ${failed(diyBatch)} | ${ratio(nodeBatch, diyBatch)} | ${percent(median(large, wholeShare))} | ${nodeBurst.length ? fixed(median(nodeBurst, (run) => run.ceiling ?? NaN)) : '–'} | **${percent(median(nodeBurst, burstShare))}** | ${cpuPerExecution(nodeBurst)} | ${diyBurstText} | ${ratio(nodeBurst, diyBurst)} |`,
		);
	}
	return hasTurnaround(report) ? lines : withoutColumn(lines, 3);
}

const hasTurnaround = (report: BenchReport) =>
	report.throughput.some((run) => run.fullWireTurnaroundMs !== undefined);

/** A markdown table without its column `index` (counted from 0). */
function withoutColumn(lines: string[], index: number): string[] {
	return lines.map((line) => {
		const cells = line.split(' | ');
		cells.splice(index, 1);
		return cells.join(' | ');
	});
}

/** A burst's CPU per execution: n8n alone (the same burst into Webhook → Respond), then with the node. */
function cpuPerExecution(runs: ThroughputRun[]): string {
	const alone = runs.filter((run) => run.ceilingCpuSeconds !== undefined);
	if (alone.length === 0) return '–';
	const ms = (value: (run: ThroughputRun) => number) => fixed(median(alone, value), 0);
	return `${ms((run) => (run.ceilingCpuSeconds! * 1000) / run.items)} → ${ms((run) => (run.cpuSeconds * 1000) / run.items)}`;
}

function modelsList(report: BenchReport): string[] {
	const names = new Set(report.throughput.map((run) => run.model));
	return VENDOR_MODELS.filter((model) => names.has(model.name)).map(
		(model) => `- **${model.name}**: ${model.description}`,
	);
}

function capChangeSection(changes: CapChangeRun[]): string[] {
	const caps = changes[0].phases.map((phase) => phase.cap);
	const lines = [
		`One execution of ${changes[0].items} items while the emulator's cap goes ${caps.join(' → ')}, ${changes[0].phases[0].toSecond - changes[0].phases[0].fromSecond} s each from the first request (the emulator's limit schedule), after an uncounted batch at the first cap:`,
		'',
		`| vendor model | failed items | requests refused | back above 90% of the last limit after the rise | ${changes[0].phases.map((phase) => `${phase.fromSecond}–${phase.toSecond} s: cap ${phase.cap}`).join(' | ')} |`,
		`| --- | --- | --- | --- | ${changes[0].phases.map(() => '---').join(' | ')} |`,
	];
	for (const change of changes)
		lines.push(
			`| ${change.model} | ${change.failed} | ${change.refused} of ${change.requests} | **${change.recoverySeconds === undefined ? 'never' : `${change.recoverySeconds} s`}** | ${change.phases.map((phase) => `${fixed(phase.itemsPerSecond)}/s (${percent(phase.itemsPerSecond / phase.limit)})`).join(' | ')} |`,
		);
	lines.push('', 'Good answers per second (answered/limit):', '');
	for (const change of changes)
		lines.push(
			`- ${change.model}: ${change.windows.map((window) => `${window.answered}/${fixed(window.limit, 0)}`).join(', ')}`,
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
		`Seconds from the POST to n8n to the first request to Argos, batch shape (${batches('node')[0]?.items ?? 0} items), median (min–max) over every model and round:`,
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
	const start = report.sendingStart;
	if (start)
		lines.push(
			'',
			`For ${start.items} items (no limit): the first request leaves ${fixed(start.continueFirstRequestSeconds, 2)} s after the POST when each item is sent once checked (continue on fail), ${fixed(start.stopFirstRequestSeconds, 2)} s when every item is checked before the first is sent (stop on failure), ${fixed(start.stopFirstRequestSeconds - start.continueFirstRequestSeconds, 2)} s later; Webhook → Read Files alone takes ${fixed(start.readOnlySeconds, 2)} s.`,
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
		`${rounds[0].items} items of 65 KB, no limit; CPU time of n8n's whole process group (server and task runner) per item, in ms, median (min–max) of ${rounds.length} round(s).`,
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

function kycSection(kyc: KycReport): string[] {
	const byFlavour = (flavour: Flavour) => kyc.runs.find((run) => run.flavour === flavour);
	const node = byFlavour('node');
	const diy = byFlavour('diy');
	const applicantsPerSecond = (run: KycRun) => run.applicants / run.seconds;
	const workflow = {
		node: 'the node: four Argos nodes at their defaults',
		diy: 'do-it-yourself: Extract From File → four HTTP Requests (8 per 300 ms)',
	};
	const lines = [
		`The KYC decision of [examples/kyc-decision.json](../examples/kyc-decision.json) on ${node?.applicants ?? diy?.applicants} applicants in one execution: Webhook → Read Files twice (ID fronts, selfies) → Merge by position (one item per applicant with both photos) → Read the ID (ID Recognition: USA, driver's license) → Check the ID photo (ID Liveness) → Check the selfie (Face Liveness) → Compare the faces (Face Compare: front against selfie) → each applicant's outcome; the same four calls built from n8n's own nodes after the same Merge: Extract From File twice (both photos to base64) → four HTTP Requests with hand-written JSON bodies and the \`x-api-key\` header, batches of 8 every 300 ms (as a careful user who knows the cap would set them), continuing on fail. Every applicant is Ada (\`samples/family\`: id-ada.jpg, selfie-ada.jpg), so every check passes and any failure is the limit's doing.`,
		'',
		`- Vendor model: **${kyc.model}**, ${levelText(kyc)}, one limit for the four APIs together (the emulator counts requests in flight to any of them against one cap); ${kyc.latencyMs} ms per request`,
		`- Run on ${kyc.date}: \`${kyc.command}\``,
		`- Load average (\`/proc/loadavg\`) before the measured runs: ${kyc.loadAverageBefore}; after: ${kyc.loadAverageAfter} (the machine was shared with other tests: every figure is slowed by that load)`,
		...kyc.machine.map((line) => `- ${line}`),
		'',
		'Applicants per second over the whole execution; Argos requests: good answers per second from the first request to the last good answer, as a share of the limit; CPU of n8n per applicant (four calls). After an uncounted round of 15 applicants of each workflow at the same limit.',
		'',
		'| workflow | applicants/s | Argos requests: % of the limit | failed applicants | failed calls | requests refused | CPU ms per applicant | seconds (first request after) |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const run of [node, diy])
		if (run)
			lines.push(
				`| ${workflow[run.flavour]} | **${fixed(applicantsPerSecond(run), 2)}** | **${percent(run.goodAnswers / run.sendingSeconds / kyc.limit)}** | ${run.failedApplicants} of ${run.applicants} | ${run.failedCalls} of ${run.calls} | ${run.refused} of ${run.requests} | ${fixed((run.cpuSeconds * 1000) / run.applicants)} | ${fixed(run.seconds, 2)} (${fixed(run.firstRequestSeconds, 2)}) |`,
			);
	if (node && diy) {
		// Good applicants only, so a workflow that loses applicants does not look fast.
		const goodApplicantsPerSecond = (run: KycRun) =>
			(run.applicants - run.failedApplicants) / run.seconds;
		lines.push(
			`| node ÷ DIY | ${fixed(applicantsPerSecond(node) / applicantsPerSecond(diy), 2)} (good applicants: ${fixed(goodApplicantsPerSecond(node) / goodApplicantsPerSecond(diy), 2)}) | | | | | ${fixed(node.cpuSeconds / node.applicants / (diy.cpuSeconds / diy.applicants), 2)} | |`,
		);
	}
	return lines;
}

function roundsTable(report: BenchReport): string[] {
	const lines = [
		"| vendor model | limit | shape | flavour | round | seconds | first request after (s) | items/s | seconds sending | good answers/s while sending | n8n alone (executions/s) | failed | refused (steady) | n8n's turnaround (ms) | CPU seconds (n8n) |",
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const run of report.throughput)
		lines.push(
			`| ${run.model} | ${levelText(run)} | ${run.shape} | ${run.flavour} | ${run.round} | ${fixed(run.seconds, 2)} | ${fixed(run.firstRequestSeconds, 2)} | ${fixed(run.items / run.seconds)} | ${fixed(run.sendingSeconds, 2)} | ${fixed((run.items - run.failed) / run.sendingSeconds)} | ${run.ceiling === undefined ? '–' : fixed(run.ceiling)} | ${run.failed} | ${run.refused} of ${run.requests} (${run.steadyRefused} of ${run.steadyRequests}) | ${run.fullWireTurnaroundMs === undefined ? '–' : fixed(run.fullWireTurnaroundMs, 0)} | ${fixed(run.cpuSeconds, 2)} |`,
		);
	return hasTurnaround(report) ? lines : withoutColumn(lines, 13);
}

/**
 * Every case side by side: the node's batch (share of the limit from the first request to the last answer), its
 * burst (share of the lower of the limit and n8n's own ceiling) and the do-it-yourself batch (good answers only, so a
 * workflow that loses items does not look fast), with the targets as lines.
 */
export function throughputChart(report: BenchReport): string {
	const cases = casesOf(report.throughput);
	const bars: Array<{ label: string; color: string; value: (c: Case) => number }> = [
		{
			label: 'node, batch of 200',
			color: '#1f77b4',
			value: (c) => median(pick(c, 'node', 'batch'), sendingShare),
		},
		{
			label: 'node, burst of 200 (of the lower of limit and n8n)',
			color: '#17becf',
			value: (c) => median(pick(c, 'node', 'burst'), burstShare),
		},
		{
			label: 'do-it-yourself, batch of 200 (good answers)',
			color: '#d62728',
			value: (c) => median(pick(c, 'diy', 'batch'), (run) => goodRate(run) / run.limit),
		},
	];
	const left = 260;
	const width = 820;
	const barHeight = 7;
	const rowHeight = bars.length * barHeight + 8;
	const top = 60;
	const height = top + cases.length * rowHeight + 40;
	const maxShare = 1.2;
	const x = (share: number) => left + ((width - left - 30) * Math.min(share, maxShare)) / maxShare;
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
		`<rect width="${width}" height="${height}" fill="white"/>`,
		`<text x="10" y="18" font-size="14">Share of the vendor's limit, per vendor model and limit (250 ms per request)</text>`,
	];
	bars.forEach((bar, index) =>
		parts.push(
			`<rect x="${10 + index * 270}" y="30" width="10" height="10" fill="${bar.color}"/>`,
			`<text x="${24 + index * 270}" y="39">${bar.label}</text>`,
		),
	);
	for (const share of [0, 0.5, 0.9, 0.95, 1])
		parts.push(
			`<line x1="${x(share)}" y1="${top - 6}" x2="${x(share)}" y2="${height - 30}" stroke="${share === 0.9 || share === 0.95 ? '#888' : '#ddd'}"${share === 0.9 || share === 0.95 ? ' stroke-dasharray="4 3"' : ''}/>`,
			`<text x="${x(share)}" y="${height - 16}" text-anchor="middle">${percent(share)}</text>`,
		);
	cases.forEach((c, row) => {
		const y = top + row * rowHeight;
		parts.push(
			`<text x="${left - 6}" y="${y + rowHeight / 2}" text-anchor="end">${c.model}, ${levelText(c)}</text>`,
		);
		bars.forEach((bar, index) => {
			const value = bar.value(c);
			if (!Number.isFinite(value)) return;
			parts.push(
				`<rect x="${left}" y="${y + index * barHeight}" width="${x(value) - left}" height="${barHeight - 1}" fill="${bar.color}"/>`,
			);
		});
	});
	parts.push('</svg>');
	return parts.join('\n') + '\n';
}

export function benchmarksMarkdown(report: BenchReport, kyc?: KycReport): string {
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
		'## Every vendor model side by side',
		'',
		'Argos documents neither its limit nor how it refuses, so the node runs against each plausible model (the',
		"emulator's limits), at its default settings:",
		'',
		...modelsList(report),
		'',
		'Batches: good answers per second from the first request to Argos to the last answer, as a share of the',
		'limit: the rate, or cap ÷ the time a request holds its place (250 ms; 270 ms where the vendor frees a place 20 ms',
		"after the answer has left). 1,000 items: items per second over the whole execution, n8n's own start and end",
		"included. Bursts: items per second from the first POST to the last answer, as a share of the lower of the limit and n8n's",
		'own ceiling, measured right before in the same run (the same burst into Webhook → Respond, no Argos node).',
		...(hasTurnaround(report)
			? [
					"n8n's turnaround (cap models): the median time from a good answer that left the wire full at the cap to",
					"the next request reaching Argos, in the node's batch of 200; the place stands empty that long, so no client",
					'inside this n8n gets more than cap ÷ (latency + turnaround), shown as a share of the limit beside it (–',
					'where no answer left the wire full: the cap never held the node back).',
				]
			: []),
		'Steady state: requests sent once a fifth of the answers were in. node ÷ DIY: good answers per second.',
		'Medians over the rounds; refused and failed items: the worst round.',
		'',
		...sideBySideTable(report),
		'',
		`![share of the limit per vendor model](${report.chartFile})`,
		'',
	];
	if (report.throughput.some((run) => run.shape === 'batch'))
		lines.push('## When sending starts', '', ...sendingStartSection(report), '');
	if (report.capChanges.length)
		lines.push('## A cap that changes mid-run', '', ...capChangeSection(report.capChanges), '');
	if (report.cpu.length) lines.push('## CPU per item', '', ...cpuSection(report.cpu), '');
	if (report.memory.length) lines.push('## Memory', '', ...memorySection(report.memory), '');
	if (kyc) lines.push('## The KYC decision: four calls per applicant', '', ...kycSection(kyc), '');
	lines.push('## Every run', '', ...roundsTable(report), '');
	return lines.join('\n');
}
