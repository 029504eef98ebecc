/** The pure parts of the reliability matrices (tools/reliability): how a case is judged, the fault plan, the zeros. */
import { judgeBadInput, type BadInputRow } from '../../tools/reliability/badInputs';
import {
	emptyFaultRow,
	FAULT_KINDS,
	faultPlan,
	type FaultRow,
} from '../../tools/reliability/faultItems';
import type { CrashRow } from '../../tools/reliability/crashRedelivery';
import type { FloodRow } from '../../tools/reliability/floodLatency';
import { LINK_ZEROS } from '../../tools/reliability/hostileCallbacks';
import { cutRecognitionOutput } from '../../tools/reliability/personalData';
import {
	noResults,
	renderReport,
	requiredZeros,
	type ReliabilityResults,
} from '../../tools/reliability/report';
import type { ExecutionDetail } from '../../tools/n8n';

const refusal = { expect: 'refused' as const, mentions: /Max Retries/ };

describe('judgeBadInput', () => {
	it.each([
		[
			'a message naming the item and the parameter',
			'error',
			'Max Retries "x" is not a number from 0 to 10 [item 1]',
			'clear error',
		],
		['a message naming the item only', 'error', 'Something is wrong [item 1]', 'unclear error'],
		['the wrong item', 'error', 'Max Retries "x" is not a number [item 0]', 'crashed'],
		['no item at all', 'error', 'Max Retries "x" is not a number', 'crashed'],
		[
			'a JavaScript error',
			'error',
			"Cannot read properties of undefined (reading 'pairedItem') [item 1]",
			'crashed',
		],
		['a run that went through', 'success', undefined, 'not refused'],
		['an execution left waiting', 'waiting', undefined, 'not refused'],
		[
			'an attempt to reach Argos',
			'error',
			'Could not reach Argos and retries ran out [item 0]',
			'not refused',
		],
	])('%s: %s', (_, status, message, outcome) => {
		expect(judgeBadInput(refusal, status, message, 1)).toBe(outcome);
	});

	it("an item named by the error's item index, as n8n's own nodes do, without [item N] in the message", () => {
		const message = 'Max Retries "x" is not a number from 0 to 10';
		expect(judgeBadInput(refusal, 'error', message, 1, 1)).toBe('clear error');
		expect(judgeBadInput(refusal, 'error', message, 1, 0)).toBe('crashed');
	});

	it('a value that must be accepted: accepted when the run went through, else wrongly refused', () => {
		const accept = { expect: 'accepted' as const, mentions: /x/ };
		expect(judgeBadInput(accept, 'success', undefined, 1)).toBe('accepted');
		expect(
			judgeBadInput(accept, 'error', 'The minimum score "90" is not a number [item 1]', 1),
		).toBe('wrongly refused');
	});
});

describe('faultPlan', () => {
	it('faults about the given share of requests, every kind in turn, the same for the same seed', () => {
		const plan = faultPlan(2000, 0.2);
		const faults = plan.filter((kind) => kind !== undefined);
		expect(faults.length / plan.length).toBeGreaterThan(0.17);
		expect(faults.length / plan.length).toBeLessThan(0.23);
		expect(new Set(faults.map((kind) => kind!.name)).size).toBe(FAULT_KINDS.length);
		expect(faultPlan(2000, 0.2)).toEqual(plan);
	});
});

function results(overrides: Partial<ReliabilityResults>): ReliabilityResults {
	return { ...noResults(), ...overrides };
}

const badRow = (outcome: BadInputRow['outcome'], requests: number | null = 0): BadInputRow => ({
	group: 'parameter',
	title: `a case ${outcome}`,
	expect: outcome === 'accepted' || outcome === 'wrongly refused' ? 'accepted' : 'refused',
	outcome,
	message: 'message',
	requests,
});

const crashRow = (overrides: Partial<CrashRow>): CrashRow => ({
	stop: 'SIGKILL',
	round: 1,
	transactions: 3,
	runningAtStop: 3,
	firstAnswers: { 0: 3 },
	redeliveryAnswers: { 200: 3 },
	lost: [],
	twiceAfterSavedEnd: [],
	twiceInCrashWindow: [],
	startedByRepeats: 0,
	executions: { crashed: 3, success: 3 },
	...overrides,
});

const floodRow = (overrides: Partial<FloodRow>): FloodRow => ({
	target: 'trigger',
	phase: 'flooded',
	requests: 10,
	medianMs: 300,
	p99Ms: 900,
	forged: 200,
	forgedAnswers: { 401: 200 },
	cpuMsPerForged: 80,
	realRefused: 0,
	forgedStarted: 0,
	...overrides,
});

const faultRow = (overrides: Partial<FaultRow>): FaultRow => ({
	...emptyFaultRow('config', 3),
	itemsOut: 3,
	...overrides,
});

describe('requiredZeros and the report', () => {
	it('all zeros hold for clean results, and the report says PASS', () => {
		const clean = results({
			badInputs: [badRow('clear error'), badRow('accepted', 3)],
			faults: [faultRow({})],
			hostile: { legit: [{ target: 't', delivered: 2, started: 2 }], rows: [] },
			crash: [crashRow({}), crashRow({ stop: 'SIGTERM', firstAnswers: { 200: 3 } })],
			flood: [
				floodRow({}),
				floodRow({ target: 'floor', forgedStarted: undefined, realRefused: 1 }),
			],
			scan: [{ place: 'db', scanned: '1 table', hits: [] }],
		});
		expect(requiredZeros(clean).filter((zero) => zero.value !== 0)).toEqual([]);
		expect(
			renderReport(
				{ date: 'd', machine: 'm', command: 'c', commit: 'x', durationMinutes: 1, n8nVersion: 'v' },
				clean,
			),
		).toContain('**Overall: PASS**');
	});

	it('each failure counts in its zero, with the case named', () => {
		const failing = results({
			badInputs: [
				badRow('crashed'),
				badRow('clear error', 2),
				badRow('wrongly refused'),
				{ ...badRow('not refused'), group: 'callback host' },
			],
			faults: [
				faultRow({
					itemsOut: 2,
					missing: [1],
					retryPolicyViolations: [{ item: 0, problem: '5 requests' }],
					billedWithoutTransactionId: [2],
				}),
			],
			hostile: {
				legit: [{ target: 't', delivered: 2, started: 1 }],
				rows: [
					{
						target: 't',
						category: 'forged',
						kind: 'hostile',
						tried: 5,
						started: 5,
						statuses: { 200: 5 },
						example: '',
					},
					{
						target: 't',
						category: 're-split',
						kind: 'hostile',
						zero: LINK_ZEROS.resplit,
						tried: 5,
						started: 3,
						statuses: { 200: 3, 401: 2 },
						example: '',
					},
					{
						target: 't',
						category: 'at another trigger',
						kind: 'hostile',
						zero: LINK_ZEROS.otherTrigger,
						tried: 5,
						started: 1,
						statuses: { 200: 1, 401: 4 },
						example: '',
					},
					{
						target: 't',
						category: 'repeat',
						kind: 'duplicate',
						tried: 5,
						started: 2,
						statuses: { 200: 5 },
						example: '',
					},
				],
			},
			crash: [
				crashRow({
					lost: ['txn_1'],
					twiceAfterSavedEnd: ['txn_2', 'txn_3'],
					twiceInCrashWindow: ['txn_4'],
					startedByRepeats: 1,
				}),
			],
			flood: [floodRow({ forgedStarted: 2, realRefused: 1 })],
			scan: [{ place: 'db', scanned: '1 table', hits: [{ what: 'the API key', where: 'log' }] }],
		});
		const values = Object.fromEntries(
			requiredZeros(failing).map((zero) => [zero.what, zero.value]),
		);
		expect(values).toMatchObject({
			'crashed (an error without the item, or a JavaScript error)': 1,
			'bad inputs with requests sent to the emulator': 1,
			'valid values refused': 1,
			'items in minus items out': 1,
			'items missing from the output': 1,
			'requests outside the retry policy': 1,
			'billed checks whose error item lacks the transaction ID the answer carried': 1,
			'executions started or resumed by hostile callbacks': 9,
			[LINK_ZEROS.resplit]: 3,
			[LINK_ZEROS.otherTrigger]: 1,
			"callback hosts in IANA's special-purpose blocks not refused clearly before sending": 1,
			'duplicates started': 2,
			'real callbacks that did not start (or resume) exactly one run': 1,
			'results lost (never reached the CRM)': 1,
			'results that reached the CRM again after a run saved as ended': 2,
			'runs started by repeats of callbacks already delivered': 1,
			'forged callbacks that started a run': 2,
			'real callbacks not answered 200 at the trigger': 1,
			hits: 1,
		});
		const report = renderReport(
			{ date: 'd', machine: 'm', command: 'c', commit: 'x', durationMinutes: 1, n8nVersion: 'v' },
			failing,
		);
		expect(report).toContain('**Overall: FAIL**');
		expect(report).toContain('config: item 0 (5 requests)');
		expect(report).toContain('SIGKILL round 1: txn_1');
	});
});

describe('the personal-data scan', () => {
	const recognitionOutput = {
		verdict: 'review',
		summary: 'Needs review: the document has expired',
		fullName: 'CY EXAMPLE',
		documentNumber: 'P7654321',
	};
	const execution = {
		workflowData: {
			nodes: [
				{ name: 'Read', parameters: {} },
				{ name: 'Recognise', parameters: { resource: 'idRecognition' } },
			],
		},
		data: {
			resultData: {
				error: { message: 'stopped' },
				runData: {
					Read: [{ data: { main: [[{ json: { fileName: 'id-cy-expired.jpg' } }]] } }],
					Recognise: [{ data: { main: [[{ json: recognitionOutput }], null] } }],
				},
			},
		},
	} as unknown as ExecutionDetail;

	it("cuts the recognition node's items down to their words for people, and nothing else", () => {
		const { view, cut } = cutRecognitionOutput(execution);
		expect(cut).toEqual([JSON.stringify(recognitionOutput)]);
		expect(view.data.resultData.runData.Recognise[0].data!.main[0]![0].json).toEqual({
			summary: 'Needs review: the document has expired',
		});
		expect(view.data.resultData.runData.Read).toEqual(execution.data.resultData.runData.Read);
		expect(view.data.resultData.error).toEqual({ message: 'stopped' });
		// the execution itself is left as it was
		expect(execution.data.resultData.runData.Recognise[0].data!.main[0]![0].json).toBe(
			recognitionOutput,
		);
	});

	it('a value outside the output, or one the output does not hold, fails a zero of its own', () => {
		const zeros = requiredZeros(
			results({
				personalData: {
					values: 2,
					notInOutput: ['number of id-ada.jpg'],
					rows: [
						{ place: 'log', scanned: '1 file', hits: [{ what: 'fullName', where: 'n8n.log' }] },
					],
				},
			}),
		).filter((zero) => zero.matrix === 'personal-data scan');
		expect(zeros.map((zero) => zero.value)).toEqual([1, 1]);
		expect(zeros[0].failing).toEqual(['log: fullName in n8n.log']);
	});
});
