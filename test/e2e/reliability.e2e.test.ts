/**
 * The fast part of the reliability report (`npm run reliability` writes docs/RELIABILITY.md from the full matrices):
 * a sample of each matrix against a real n8n with the packed package, asserting the zeros the report requires, so a
 * regression fails CI. A failure lists the cases behind each non-zero figure.
 */
import {
	SAMPLE_PLAN,
	requiredZeros,
	runBadInputMatrix,
	runFaultMatrix,
	runCrashRedeliveryMatrix,
	runFloodLatencyMatrix,
	runHostileMatrix,
	runPersonalDataScan,
	runSecretScan,
	startReliabilityStack,
	type ReliabilityResults,
	type ReliabilityStack,
} from '../../tools/reliability';
import { LINK_ZEROS } from '../../tools/reliability/hostileCallbacks';
import { noResults } from '../../tools/reliability/report';

let stack: ReliabilityStack;
beforeAll(async () => (stack = await startReliabilityStack()));
afterAll(async () => await stack?.stop());

const log = () => {};

/** The required zeros of one matrix that do not hold, with their cases (an empty list when all hold). */
function failures(matrix: string, measured: Partial<ReliabilityResults>) {
	const results: ReliabilityResults = { ...noResults(), ...measured };
	return requiredZeros(results)
		.filter((zero) => zero.matrix === matrix && zero.value !== 0)
		.map(({ what, value, failing }) => ({ what, value, failing }));
}

describe('reliability sample in a real n8n', () => {
	it('bad inputs: each refused with an error naming the item and what was wrong, nothing sent; valid text accepted', async () => {
		const badInputs = await runBadInputMatrix(stack, SAMPLE_PLAN, log);
		expect(badInputs.length).toBeGreaterThanOrEqual(15);
		// the callback hosts in IANA's special-purpose blocks have a zero of their own: it must have cases
		expect(badInputs.filter((row) => row.group === 'callback host')).toHaveLength(3);
		// each Verify family resource has its cases
		for (const group of ['face liveness', 'face compare', 'ID recognition'])
			expect(badInputs.filter((row) => row.group === group)).toHaveLength(3);
		expect(failures('bad inputs', { badInputs })).toEqual([]);
	});

	it('100 items under injected faults: each item out once with its own pairedItem, retries within policy, nothing unscored on Pass', async () => {
		const faults = await runFaultMatrix(stack, SAMPLE_PLAN, log);
		expect(faults.reduce((total, row) => total + row.itemsIn, 0)).toBe(100);
		// Faults were really served, of most kinds, or the zeros would prove nothing.
		const served = faults.flatMap((row) => Object.keys(row.injected));
		expect(new Set(served).size).toBeGreaterThanOrEqual(6);
		expect(failures('faults', { faults })).toEqual([]);
	});

	it('hostile callbacks at three triggers (one for Face Compare links) and two resume URLs: real ones start one run each, hostile ones and repeats none', async () => {
		const hostile = await runHostileMatrix(stack, SAMPLE_PLAN, log);
		expect(hostile.rows.reduce((total, row) => total + row.tried, 0)).toBeGreaterThanOrEqual(200);
		// the attacks on the links have zeros of their own: each must have been tried at every trigger
		for (const zero of Object.values(LINK_ZEROS)) {
			const rows = hostile.rows.filter((row) => row.zero === zero && row.tried > 0);
			expect(new Set(rows.map((row) => row.target)).size).toBe(3);
		}
		// Face Compare's links met the attacks only two APIs allow, at the trigger and at the resume URL
		const compareRows = hostile.rows.filter((row) => /Face Compare/.test(row.target));
		expect(compareRows.filter((row) => /other API|API terms/.test(row.category)).length).toBe(3);
		expect(hostile.legit.map((row) => row.delivered > 0)).toEqual([true, true, true, true, true]);
		expect(failures('hostile callbacks', { hostile })).toEqual([]);
	});

	it('a flood of forged callbacks: none starts a run, the real ones are answered; their wait next to a bare Webhook node', async () => {
		const flood = await runFloodLatencyMatrix(stack, SAMPLE_PLAN, log);
		expect(flood.map((row) => [row.phase, row.forged > 0])).toEqual([
			['idle', false],
			['flooded', true],
			['idle', false],
			['flooded', true],
		]);
		expect(failures('forged flood', { flood })).toEqual([]);
	});

	it('n8n killed and stopped while callbacks run, every callback delivered again: each result reaches the CRM once', async () => {
		const crash = await runCrashRedeliveryMatrix(stack, SAMPLE_PLAN, log);
		// the stops really caught runs going, or the zeros would prove nothing
		expect(crash.map((row) => row.runningAtStop > 0)).toEqual([true, true]);
		expect(failures('crash and redelivery', { crash })).toEqual([]);
	});

	it("the names, document numbers, birth dates and addresses ID Recognition read are in its output only: not in n8n's log, errors, summaries, database or answers", async () => {
		const personalData = await runPersonalDataScan(stack);
		// the name, number and birth date of Ada, Cy and Dee, and Ada's address
		expect(personalData.values).toBe(10);
		expect(personalData.rows).toHaveLength(4);
		expect(failures('personal-data scan', { personalData })).toEqual([]);
	});
	it("neither the API key, the Callback Secret nor any image's base64 is in n8n's database, files, log, executions or answers", async () => {
		const scan = await runSecretScan(stack);
		expect(scan.map((row) => row.place)).toHaveLength(4);
		expect(failures('secret scan', { scan })).toEqual([]);
	});
});
