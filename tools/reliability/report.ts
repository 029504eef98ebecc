/**
 * The figures of the seven matrices, the zeros they must show, and docs/RELIABILITY.md written from them.
 * Pure functions: the runners measure, these count and render.
 */
import type { BadInputRow } from './badInputs';
import type { CrashRow } from './crashRedelivery';
import type { FaultRow } from './faultItems';
import type { FloodRow } from './floodLatency';
import { LINK_ZEROS, type HostileRow, type LegitRow } from './hostileCallbacks';
import type { PersonalDataResults } from './personalData';
import type { ScanRow } from './secretScan';

export interface ReliabilityResults {
	badInputs: BadInputRow[];
	faults: FaultRow[];
	hostile: { legit: LegitRow[]; rows: HostileRow[] };
	crash: CrashRow[];
	flood: FloodRow[];
	scan: ScanRow[];
	personalData: PersonalDataResults;
}

/** Results with nothing measured: what a test fills in with the one matrix it ran. */
export function noResults(): ReliabilityResults {
	return {
		badInputs: [],
		faults: [],
		hostile: { legit: [], rows: [] },
		crash: [],
		flood: [],
		scan: [],
		personalData: { values: 0, notInOutput: [], rows: [] },
	};
}

interface RequiredZero {
	matrix: string;
	what: string;
	value: number;
	/** The cases behind a non-zero value, briefly. */
	failing: string[];
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

export function requiredZeros(results: ReliabilityResults): RequiredZero[] {
	const bad = results.badInputs;
	const refusals = bad.filter((row) => row.expect === 'refused');
	const caseName = (row: BadInputRow) => `${row.group}: ${row.title} → ${row.message}`;
	const badZero = (what: string, rows: BadInputRow[]): RequiredZero => ({
		matrix: 'bad inputs',
		what,
		value: rows.length,
		failing: rows.map(caseName),
	});
	const zeros: RequiredZero[] = [
		badZero(
			'crashed (an error without the item, or a JavaScript error)',
			refusals.filter((row) => row.outcome === 'crashed'),
		),
		badZero(
			'not refused (ran, or tried to reach Argos)',
			refusals.filter((row) => row.outcome === 'not refused'),
		),
		badZero(
			'refused without saying what was wrong',
			refusals.filter((row) => row.outcome === 'unclear error'),
		),
		badZero(
			'bad inputs with requests sent to the emulator',
			refusals.filter((row) => (row.requests ?? 0) > 0),
		),
		badZero(
			'valid values refused',
			bad.filter((row) => row.outcome === 'wrongly refused'),
		),
		badZero(
			"callback hosts in IANA's special-purpose blocks not refused clearly before sending",
			refusals.filter(
				(row) =>
					row.group === 'callback host' &&
					(row.outcome !== 'clear error' || (row.requests ?? 0) > 0),
			),
		),
	];

	const faultZero = (
		what: string,
		pick: (row: FaultRow) => Array<number | { item: number; problem?: string }>,
	) => {
		const failing = results.faults.flatMap((row) =>
			pick(row).map(
				(entry) =>
					`${row.config}: item ${typeof entry === 'number' ? entry : `${entry.item} (${entry.problem})`}`,
			),
		);
		zeros.push({ matrix: 'faults', what, value: failing.length, failing });
	};
	zeros.push({
		matrix: 'faults',
		what: 'items in minus items out',
		value: sum(results.faults.map((row) => Math.abs(row.itemsIn - row.itemsOut))),
		failing: results.faults
			.filter((row) => row.itemsIn !== row.itemsOut)
			.map(
				(row) => `${row.config}: ${row.itemsIn} in, ${row.itemsOut} out (${row.executionStatus})`,
			),
	});
	faultZero('items missing from the output', (row) => row.missing);
	faultZero('items output more than once', (row) => row.duplicated);
	faultZero('results not from a request for their own item', (row) => row.wrongPairing);
	faultZero('requests outside the retry policy', (row) => row.retryPolicyViolations);
	faultZero('items on Pass without a scored pass', (row) => row.passWithoutScores);
	faultZero('errors naming another item', (row) => row.errorsNotNamingItem);
	faultZero('outcomes contradicting the last answer', (row) => row.outcomeMismatches);
	faultZero(
		'billed checks whose error item lacks the transaction ID the answer carried',
		(row) => row.billedWithoutTransactionId,
	);

	const hostile = results.hostile.rows;
	const hostileZero = (what: string, counts: (row: HostileRow) => boolean) => {
		const rows = hostile.filter((row) => counts(row) && row.started > 0);
		zeros.push({
			matrix: 'hostile callbacks',
			what,
			value: sum(rows.map((row) => row.started)),
			failing: rows.map((row) => `${row.target}: ${row.category} started ${row.started}`),
		});
	};
	hostileZero(
		'executions started or resumed by hostile callbacks',
		(row) => row.kind === 'hostile',
	);
	for (const what of Object.values(LINK_ZEROS)) hostileZero(what, (row) => row.zero === what);
	hostileZero('duplicates started', (row) => row.kind === 'duplicate');
	const unstarted = results.hostile.legit.filter((row) => row.started !== row.delivered);
	zeros.push({
		matrix: 'hostile callbacks',
		what: 'real callbacks that did not start (or resume) exactly one run',
		value: sum(unstarted.map((row) => Math.abs(row.delivered - row.started))),
		failing: unstarted.map(
			(row) => `${row.target}: ${row.delivered} delivered, ${row.started} started`,
		),
	});

	const crashZero = (what: string, count: (row: CrashRow) => string[]) => {
		const failing = results.crash.flatMap((row) =>
			count(row).map((entry) => `${row.stop} round ${row.round}: ${entry}`),
		);
		zeros.push({ matrix: 'crash and redelivery', what, value: failing.length, failing });
	};
	crashZero('results lost (never reached the CRM)', (row) => row.lost);
	crashZero(
		'results that reached the CRM again after a run saved as ended',
		(row) => row.twiceAfterSavedEnd,
	);
	crashZero('runs started by repeats of callbacks already delivered', (row) =>
		Array.from({ length: row.startedByRepeats }, () => 'a repeat started a run'),
	);
	const floodZero = (what: string, count: (row: FloodRow) => number) => {
		const rows = results.flood.filter((row) => count(row) > 0);
		zeros.push({
			matrix: 'forged flood',
			what,
			value: sum(results.flood.map(count)),
			failing: rows.map((row) => `${row.target}, ${row.phase}: ${count(row)}`),
		});
	};
	floodZero('forged callbacks that started a run', (row) => row.forgedStarted ?? 0);
	floodZero('real callbacks not answered 200 at the trigger', (row) =>
		row.forgedStarted === undefined ? 0 : row.realRefused,
	);

	const hits = results.scan.flatMap((row) =>
		row.hits.map((hit) => `${row.place}: ${hit.what} in ${hit.where}`),
	);
	zeros.push({ matrix: 'secret scan', what: 'hits', value: hits.length, failing: hits });

	const personal = results.personalData;
	const personalHits = personal.rows.flatMap((row) =>
		row.hits.map((hit) => `${row.place}: ${hit.what} in ${hit.where}`),
	);
	zeros.push({
		matrix: 'personal-data scan',
		what: 'document values outside the ID Recognition output (log, errors, summaries, database, answers)',
		value: personalHits.length,
		failing: personalHits,
	});
	zeros.push({
		matrix: 'personal-data scan',
		what: 'document values the ID Recognition output did not hold (the scan would prove nothing of them)',
		value: personal.notInOutput.length,
		failing: personal.notInOutput,
	});
	return zeros;
}

// ---- Markdown --------------------------------------------------------------------------------------------------

const cell = (text: string | number) => String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const row = (cells: Array<string | number>) => `| ${cells.map(cell).join(' | ')} |`;
function table(header: string[], rows: Array<Array<string | number>>): string {
	return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}
const clip = (text: string, length = 160) =>
	text.length > length ? `${text.slice(0, length - 1)}…` : text;
const statuses = (counts: Record<number, number>) =>
	Object.entries(counts)
		.map(([status, count]) => `${status === '0' ? 'closed' : status}×${count}`)
		.join(', ');

/** Each place a scan read, what it read there, and its hits. */
function scanTable(rows: ScanRow[]): string {
	return table(
		['place', 'scanned', 'hits'],
		rows.map((entry) => [
			entry.place,
			entry.scanned,
			entry.hits.length ? entry.hits.map((hit) => `${hit.what} in ${hit.where}`).join('; ') : 0,
		]),
	);
}

interface ReportMeta {
	date: string;
	machine: string;
	command: string;
	commit: string;
	durationMinutes: number;
	n8nVersion: string;
}

export function renderReport(meta: ReportMeta, results: ReliabilityResults): string {
	const zeros = requiredZeros(results);
	const failed = zeros.filter((zero) => zero.value !== 0);
	const out: string[] = [];
	out.push('# Reliability report');
	out.push('');
	out.push(
		`Generated by \`${meta.command}\` on ${meta.date} (commit ${meta.commit}, ${meta.durationMinutes.toFixed(1)} min). ` +
			`Machine: ${meta.machine}. n8n ${meta.n8nVersion} (real process, the packed package loaded as a custom extension), ` +
			'the local Argos emulator. Do not edit: run the command again.',
	);
	out.push('');
	out.push(
		`**Overall: ${failed.length === 0 ? 'PASS' : 'FAIL'}** - ${zeros.length - failed.length} of ${zeros.length} required zeros hold.`,
	);
	out.push('');
	out.push('## Required zeros');
	out.push('');
	out.push(
		table(
			['matrix', 'must be 0', 'measured', 'result'],
			zeros.map((zero) => [zero.matrix, zero.what, zero.value, zero.value === 0 ? 'PASS' : 'FAIL']),
		),
	);
	if (failed.length) {
		out.push('');
		out.push('### What failed');
		for (const zero of failed) {
			out.push('');
			out.push(`**${zero.matrix}: ${zero.what} (${zero.value})**`);
			out.push('');
			for (const line of zero.failing.slice(0, 40)) out.push(`- ${clip(line, 220)}`);
			if (zero.failing.length > 40) out.push(`- … and ${zero.failing.length - 40} more`);
		}
	}

	// Bad inputs
	const bad = results.badInputs;
	out.push('');
	out.push('## 1. Bad inputs');
	out.push('');
	out.push(
		'Each case sends three items through Webhook → Split Out → Read Files → Argos ID Liveness: the bad value on item 1, ' +
			'good items 0 and 2 (Submit and Wait: one item, item 0; "on every item": all three, item 0 named). Parameters are set by expressions, per item, as strings ' +
			'or numbers as written. A refusal must be an error naming the item (its index in the error, or "[item 1]" in the message) and what was wrong, with no request ' +
			'sent (the emulator counts them; "n/a": the Base URL is Argos on the internet, unreachable here, so a case that ' +
			'was not refused shows as "Could not reach Argos"). Callback-host rules apply when the Base URL is public, so those ' +
			'cases use such a credential. Base64 cases are made from a sample no file case reads. Face Liveness, Face Compare ' +
			'and ID Recognition run in version 3 of the node (its Resource), binary images only; the two-image ones read a ' +
			'second file per item (the target face, the back), good unless the case makes that side bad, and the error must ' +
			'name the side ("Target image: …").',
	);
	out.push('');
	const groups = [...new Set(bad.map((entry) => entry.group))];
	out.push(
		table(
			[
				'group',
				'tried',
				'clear error naming the item',
				'unclear error',
				'crashed',
				'not refused',
				'valid values accepted',
				'valid values refused',
				'requests sent',
			],
			[...groups, 'total'].map((group) => {
				const rows = group === 'total' ? bad : bad.filter((entry) => entry.group === group);
				const count = (outcome: string) => rows.filter((entry) => entry.outcome === outcome).length;
				return [
					group,
					rows.length,
					count('clear error'),
					count('unclear error'),
					count('crashed'),
					count('not refused'),
					count('accepted'),
					count('wrongly refused'),
					sum(
						rows.filter((entry) => entry.expect === 'refused').map((entry) => entry.requests ?? 0),
					),
				];
			}),
		),
	);
	out.push('');
	out.push('<details><summary>Every case</summary>');
	out.push('');
	out.push(
		table(
			['group', 'case', 'expected', 'outcome', 'requests', 'message'],
			bad.map((entry) => [
				entry.group,
				entry.title,
				entry.expect,
				entry.outcome,
				entry.requests ?? 'n/a',
				clip(entry.message),
			]),
		),
	);
	out.push('');
	out.push('</details>');

	// Faults
	out.push('');
	out.push('## 2. Faults');
	out.push('');
	out.push(
		'All items in one execution (Wait for Result, Max Retries 3, Request Timeout 4 s, Max Retry Wait 2 s, at most 10 ' +
			'concurrent requests; a 429 is no retry: it waits its turn, up to Max Wait on Rate Limits), each a distinct file (80% genuine, 10% screen replay, 10% an analysis the emulator fails with 1009). ' +
			'The emulator serves a fault to about one request in five, the kinds taking turns. The emulator records each ' +
			"request's image digest, so every request is tied to its item.",
	);
	out.push('');
	const kinds = [...new Set(results.faults.flatMap((entry) => Object.keys(entry.injected)))];
	out.push(
		table(
			[
				'configuration',
				'items in',
				'items out',
				'outputs',
				'requests',
				'max per item',
				'missing',
				'twice',
				'wrong pairing',
				'retry policy broken',
				'Pass without scores',
				'errors naming another item',
				'outcome contradicts answers',
				'billed without transaction ID',
				'duration',
			],
			results.faults.map((entry) => [
				entry.config,
				entry.itemsIn,
				entry.itemsOut,
				Object.entries(entry.outputs)
					.map(([name, count]) => `${name} ${count}`)
					.join(', '),
				entry.requests,
				entry.maxRequestsPerItem,
				entry.missing.length,
				entry.duplicated.length,
				entry.wrongPairing.length,
				entry.retryPolicyViolations.length,
				entry.passWithoutScores.length,
				entry.errorsNotNamingItem.length,
				entry.outcomeMismatches.length,
				entry.billedWithoutTransactionId.length,
				`${(entry.durationMs / 1000).toFixed(0)} s`,
			]),
		),
	);
	out.push('');
	out.push('Faults served:');
	out.push('');
	out.push(
		table(
			['fault', ...results.faults.map((entry) => entry.config)],
			kinds.map((kind) => [kind, ...results.faults.map((entry) => entry.injected[kind] ?? 0)]),
		),
	);

	// Hostile callbacks
	const hostile = results.hostile.rows;
	out.push('');
	out.push('## 3. Hostile callbacks');
	out.push('');
	out.push(
		'Real links come from the package (an Argos node in "Send Result to Callback URL" mode, the emulator\'s recording); ' +
			'the real callbacks are delivered first and must each start one run. Then each category is sent and the ' +
			"workflow's executions are counted through the REST API before and after (once the count is steady). " +
			'"started" is what the category started (or resumed) beyond what it may: nothing for hostile ones, one per ' +
			'burst of simultaneous copies. Face Compare links (`argosApi=compare`, the minimum similarity signed in ' +
			'`argosMinSim`) meet the same categories with compare bodies at a trigger and a Submit and Wait of their own, ' +
			"plus the other API's body on a link and the link's API terms tampered with (on ID Liveness links too).",
	);
	out.push('');
	out.push(
		table(
			['target', 'real callbacks delivered', 'runs started'],
			results.hostile.legit.map((entry) => [entry.target, entry.delivered, entry.started]),
		),
	);
	out.push('');
	out.push(
		table(
			['target', 'category', 'kind', 'tried', 'started', 'n8n answered', 'first answer'],
			hostile.map((entry) => [
				entry.target,
				entry.category,
				entry.kind,
				entry.tried,
				entry.started,
				statuses(entry.statuses),
				clip(entry.example, 100),
			]),
		),
	);
	out.push('');
	out.push(
		`Total: ${sum(hostile.map((entry) => entry.tried))} callbacks, ${sum(hostile.filter((entry) => entry.kind === 'hostile').map((entry) => entry.started))} hostile starts, ${sum(hostile.filter((entry) => entry.kind === 'duplicate').map((entry) => entry.started))} duplicates started.`,
	);

	// Crash and redelivery
	out.push('');
	out.push('## 4. n8n stopped while callbacks run');
	out.push('');
	out.push(
		'The trigger → an 8-second step → a CRM (a capture server). The callbacks of a round are delivered at once; once ' +
			'half their runs go and 2 s have passed, n8n is killed (SIGKILL, as a crash or an out-of-memory kill) or stopped ' +
			'(SIGTERM: n8n lets running executions end) and started again; every callback is then delivered again, as a ' +
			'sender whose delivery got no answer does, and once more after a further restart, when every run has long ended. ' +
			'"0" in the answers: the connection broke without one. The CRM must get each result at least once, and never ' +
			'again after a run of it that n8n saved as ended. A run killed after its CRM step and before n8n saved its end ' +
			'is a run that never ended, to n8n and to the trigger: its repeat runs again and the CRM gets the result twice ' +
			'(the window the README names). Such results are counted apart ("twice, killed between CRM and save"): one ' +
			'successful run of the transaction, and the CRM reached twice.',
	);
	out.push('');
	out.push(
		table(
			[
				'stop',
				'round',
				'callbacks',
				'running at the stop',
				'first deliveries answered',
				'redeliveries answered',
				'lost',
				'twice after a saved end',
				'twice, killed between CRM and save',
				'started by repeats',
				'executions',
			],
			results.crash.map((entry) => [
				entry.stop,
				entry.round,
				entry.transactions,
				entry.runningAtStop,
				statuses(entry.firstAnswers).replace('closed', 'no answer'),
				statuses(entry.redeliveryAnswers).replace('closed', 'no answer'),
				entry.lost.length,
				entry.twiceAfterSavedEnd.length,
				entry.twiceInCrashWindow.length,
				entry.startedByRepeats,
				Object.entries(entry.executions)
					.map(([status, count]) => `${status} ${count}`)
					.join(', '),
			]),
		),
	);

	// Flood
	out.push('');
	out.push('## 5. Refusing forged callbacks under a flood');
	out.push('');
	out.push(
		'One sender posts real requests one after the other and times each answer, idle and while 20 senders post forged ' +
			'callbacks in a loop (a well-formed link with a wrong signature, a valid body, a new transaction each). The trigger ' +
			"answers a real callback when its one-node run has ended; n8n's floor is a bare Webhook node answered the same " +
			"way (lastNode, no data), which takes every forged request as a run. CPU: n8n's own (its process and task " +
			'runner, from /proc) per forged request over the flood, the real requests included.',
	);
	out.push('');
	out.push(
		table(
			[
				'target',
				'phase',
				'real requests',
				'median',
				'p99',
				'forged sent',
				'n8n answered them',
				'n8n CPU per forged',
				'forged that started a run',
			],
			results.flood.map((entry) => [
				entry.target,
				entry.phase,
				entry.requests,
				`${entry.medianMs} ms`,
				`${entry.p99Ms} ms`,
				entry.forged,
				entry.forged ? statuses(entry.forgedAnswers) : '',
				entry.cpuMsPerForged === undefined ? '' : `${entry.cpuMsPerForged} ms`,
				entry.forgedStarted ?? 'all (by design)',
			]),
		),
	);

	// Scan
	out.push('');
	out.push('## 6. Secret scan');
	out.push('');
	out.push(
		'Looked for: the API key, the Callback Secret, the signing key derived from the API key, and pieces of the base64 of every image that entered n8n as a ' +
			'file: 200 characters from its start and from its middle (the copies the matrices make of a sample differ ' +
			'only in a comment near the start, so for them the start piece is the 24 characters all copies begin with).',
	);
	out.push('');
	out.push(scanTable(results.scan));

	// Personal data
	const personal = results.personalData;
	out.push('');
	out.push('## 7. Personal-data scan');
	out.push('');
	out.push(PERSONAL_DATA_RULE);
	out.push('');
	out.push(
		`${personal.values} values looked for; ${personal.values - personal.notInOutput.length} of them found in the ID Recognition output, where they belong.`,
	);
	out.push('');
	out.push(scanTable(personal.rows));
	out.push('');
	return out.join('\n');
}

/** The rule of the personal-data scan in words (tools/reliability/personalData.ts holds it in code). */
const PERSONAL_DATA_RULE =
	"ID Recognition reads Ada's licence (with its back), Cy's expired passport and Dee's identity card from " +
	'samples/family (Minimum Age 18, "On Error: continue"), then Ada\'s front with a back Argos cannot read, once as an ' +
	'error item and once stopping its run. Looked for: each name, document number, birth date (as the document writes ' +
	"it and as the node gives it) and address. They are the output by design, and n8n keeps each node's output in its " +
	"execution data: the one place they may be is the `json` of the ID Recognition node's output items. So the scan " +
	'cuts out exactly that: the execution data is read as the REST API serves it (the newest 100 runs of each ' +
	"workflow; those that read documents are a few), with each such item's `json` " +
	'cut down to its words for people (`summary`, `error`, `message`, `description`, which must hold no value, as ' +
	"must the execution's error); the database is read whole but `execution_data.data` (the same data in n8n's " +
	'flatted form, where an item cannot be cut out soundly: read through the REST API instead); the user folder (the ' +
	'n8n log) and every HTTP answer are read whole. The values must also be found in what was cut out, or the scan ' +
	'would prove nothing.';
