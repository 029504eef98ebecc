/**
 * The reliability matrices against a real n8n: see docs/RELIABILITY.md (written by `npm run reliability`,
 * scripts/reliability.ts) and test/e2e/reliability.e2e.test.ts (a sample of each, in `npm test`).
 */
import { callbackSigningKey } from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import { BAD_INPUT_CASES, runBadInputs, type BadInputCase } from './badInputs';
import { runCrashMatrix, type CrashPlan } from './crashRedelivery';
import { FAULT_CONFIGS, runFaultItems, writeFaultItems, type FaultConfig } from './faultItems';
import {
	FACE_COMPARE_LINKS,
	runResumeMatrix,
	runTriggerMatrix,
	type HostilePlan,
	type HostileRow,
	type LegitRow,
} from './hostileCallbacks';
import { runFloodMatrix, type FloodPlan } from './floodLatency';
import { readDocuments, scanForPersonalData } from './personalData';
import type { ReliabilityResults } from './report';
import type { ReliabilityStack } from './reliabilityStack';
import { scanForSecrets, secretsOf } from './secretScan';

export { startReliabilityStack, type ReliabilityStack } from './reliabilityStack';
export { renderReport, requiredZeros, type ReliabilityResults } from './report';

interface ReliabilityPlan {
	badInputs: BadInputCase[];
	faultItems: number;
	faultConfigs: FaultConfig[];
	trigger: HostilePlan;
	resume: { perCategory: number; repeats: number };
	crash: CrashPlan;
	flood: FloodPlan;
}

/** The report: every bad input, 1,000 items per fault configuration, over 2,000 hostile callbacks. */
export const FULL_PLAN: ReliabilityPlan = {
	badInputs: BAD_INPUT_CASES,
	faultItems: 1000,
	faultConfigs: FAULT_CONFIGS,
	trigger: { perCategory: 70, bursts: 5, delivered: 20 },
	resume: { perCategory: 50, repeats: 50 },
	crash: { transactions: 10, rounds: 3 },
	flood: { requests: 100, flood: 20 },
};

/** The test suite's sample: three cases of each bad-input group, 100 fault items, about 250 hostile callbacks. */
export const SAMPLE_PLAN: ReliabilityPlan = {
	badInputs: [...new Set(BAD_INPUT_CASES.map((testCase) => testCase.group))].flatMap((group) => {
		const cases = BAD_INPUT_CASES.filter((testCase) => testCase.group === group && !testCase.heavy);
		// The first, the middle and the last of the group.
		return [...new Set([0, cases.length >> 1, cases.length - 1])].map((index) => cases[index]);
	}),
	faultItems: 50,
	faultConfigs: FAULT_CONFIGS,
	trigger: { perCategory: 5, bursts: 2, delivered: 5 },
	resume: { perCategory: 3, repeats: 5 },
	crash: { transactions: 3, rounds: 1 },
	flood: { requests: 10, flood: 20 },
};

export async function runBadInputMatrix(
	stack: ReliabilityStack,
	plan: ReliabilityPlan,
	log: (line: string) => void,
): Promise<ReliabilityResults['badInputs']> {
	return runBadInputs(stack, plan.badInputs, (row) =>
		log(
			`bad input: ${row.group}: ${row.title} → ${row.outcome} (${row.requests ?? 'n/a'} requests)`,
		),
	);
}

export async function runFaultMatrix(
	stack: ReliabilityStack,
	plan: ReliabilityPlan,
	log: (line: string) => void,
): Promise<ReliabilityResults['faults']> {
	const items = writeFaultItems(stack, plan.faultItems);
	const rows = [];
	for (const config of plan.faultConfigs) {
		const row = await runFaultItems(stack, items, config);
		log(
			`faults: ${config.name}: ${row.itemsIn} in, ${row.itemsOut} out, ${row.requests} requests, ${row.durationMs} ms`,
		);
		rows.push(row);
	}
	return rows;
}

export async function runHostileMatrix(
	stack: ReliabilityStack,
	plan: ReliabilityPlan,
	log: (line: string) => void,
): Promise<ReliabilityResults['hostile']> {
	const legit: LegitRow[] = [];
	const rows: HostileRow[] = [];
	const triggers = [
		{
			target: 'trigger, credential without Callback Secret',
			credential: stack.credentials.emulator,
			signingKey: callbackSigningKey({ apiKey: stack.secrets.apiKey }),
			otherCredential: stack.credentials.withSecret,
		},
		{
			target: 'trigger, credential with Callback Secret',
			credential: stack.credentials.withSecret,
			signingKey: stack.secrets.callbackSecret,
			otherCredential: stack.credentials.emulator,
		},
		{
			target: 'trigger, Face Compare links, credential without Callback Secret',
			api: FACE_COMPARE_LINKS,
			credential: stack.credentials.emulator,
			signingKey: callbackSigningKey({ apiKey: stack.secrets.apiKey }),
			otherCredential: stack.credentials.withSecret,
		},
	];
	for (const setup of triggers) {
		const result = await runTriggerMatrix(stack, setup, plan.trigger);
		legit.push(result.legit);
		rows.push(...result.rows);
		for (const row of result.rows)
			log(`hostile: ${row.target}: ${row.category}: ${row.tried} tried, ${row.started} started`);
	}
	for (const api of [undefined, FACE_COMPARE_LINKS]) {
		const resume = await runResumeMatrix(stack, plan.resume.perCategory, plan.resume.repeats, api);
		legit.push(resume.legit);
		rows.push(...resume.rows);
		for (const row of resume.rows)
			log(`hostile: ${row.target}: ${row.category}: ${row.tried} tried, ${row.started} started`);
	}
	return { legit, rows };
}

/** n8n stopped (SIGKILL, SIGTERM) while callbacks run, then every callback delivered again. */
export async function runCrashRedeliveryMatrix(
	stack: ReliabilityStack,
	plan: ReliabilityPlan,
	log: (line: string) => void,
): Promise<ReliabilityResults['crash']> {
	return runCrashMatrix(
		stack,
		callbackSigningKey({ apiKey: stack.secrets.apiKey })!,
		plan.crash,
		log,
	);
}

/** A real callback's wait under a flood of forged ones, next to a bare Webhook node under the same flood. */
export async function runFloodLatencyMatrix(
	stack: ReliabilityStack,
	plan: ReliabilityPlan,
	log: (line: string) => void,
): Promise<ReliabilityResults['flood']> {
	return runFloodMatrix(
		stack,
		callbackSigningKey({ apiKey: stack.secrets.apiKey })!,
		plan.flood,
		log,
	);
}

export async function runSecretScan(stack: ReliabilityStack): Promise<ReliabilityResults['scan']> {
	return scanForSecrets(stack, secretsOf(stack));
}

/** ID Recognition reads Ada's, Cy's and Dee's documents; their values must then be nowhere but its output. */
export async function runPersonalDataScan(
	stack: ReliabilityStack,
): Promise<ReliabilityResults['personalData']> {
	await readDocuments(stack);
	return scanForPersonalData(stack);
}

/** All seven matrices, in this order (the scans last, over everything the others left behind). */
export async function runReliability(
	stack: ReliabilityStack,
	plan: ReliabilityPlan,
	log: (line: string) => void = () => {},
): Promise<ReliabilityResults> {
	const badInputs = await runBadInputMatrix(stack, plan, log);
	const faults = await runFaultMatrix(stack, plan, log);
	const hostile = await runHostileMatrix(stack, plan, log);
	const flood = await runFloodLatencyMatrix(stack, plan, log);
	const crash = await runCrashRedeliveryMatrix(stack, plan, log);
	const personalData = await runPersonalDataScan(stack);
	const scan = await runSecretScan(stack);
	return { badInputs, faults, hostile, crash, flood, scan, personalData };
}
