/**
 * Matrix 2, faults: many items in one execution while the emulator injects a fault into about one request in five,
 * of every kind it offers. Each item is a distinct file, so the emulator's recording (image SHA-256 per request) ties
 * every request to its item. Then: items in = items out, each item exactly once with its own pairedItem, a result
 * only from a request for that very image, requests per item within the retry policy, and nothing on Pass that Argos
 * did not score as a pass.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Fault, RecordedRequest } from '../../emulator';
import { CHECK_NAMES } from '../../package/nodes/resultsAndCallbacks/checks';
import { scoresOf } from '../argos-stack/argosOutput';
import type { CaseFile } from './caseFiles';
import { CASE_NODE, caseWorkflow } from './caseWorkflows';
import type { ReliabilityStack } from './reliabilityStack';

export interface FaultConfig {
	name: string;
	routeByVerdict: boolean;
	onError: 'continueErrorOutput' | 'continueRegularOutput';
}

export const FAULT_CONFIGS: FaultConfig[] = [
	{
		name: 'Continue on Fail (error output)',
		routeByVerdict: false,
		onError: 'continueErrorOutput',
	},
	{
		name: 'Route by Verdict, Continue on Fail (errors on Review)',
		routeByVerdict: true,
		onError: 'continueRegularOutput',
	},
];

/** The node's options in this matrix: the retry policy every item is held to. */
const FAULT_RUN_OPTIONS = {
	maxRetries: 3,
	timeoutSeconds: 4,
	maxRetryWaitSeconds: 2,
	concurrency: 10,
};

interface FaultKind {
	name: string;
	fault: Fault;
	/** What the node must do after it: retry (429, 5xx, network), give up at once, or nothing (a good answer). */
	after: 'retry' | 'final' | 'answer';
}

export const FAULT_KINDS: FaultKind[] = [
	{
		name: '429 with Retry-After',
		fault: { type: 'status', status: 429, retryAfter: '1' },
		after: 'retry',
	},
	{ name: '429 without Retry-After', fault: { type: 'status', status: 429 }, after: 'retry' },
	{ name: '500', fault: { type: 'status', status: 500 }, after: 'retry' },
	{ name: '502', fault: { type: 'status', status: 502 }, after: 'retry' },
	{ name: '503', fault: { type: 'status', status: 503 }, after: 'retry' },
	{ name: 'connection reset', fault: { type: 'drop' }, after: 'retry' },
	{
		name: 'timeout (answer after the Request Timeout)',
		fault: { type: 'slow', ms: FAULT_RUN_OPTIONS.timeoutSeconds * 1000 + 1500 },
		after: 'retry',
	},
	{ name: 'slow answer (within the timeout)', fault: { type: 'slow', ms: 1500 }, after: 'answer' },
	{ name: 'malformed 200 (JSON cut off)', fault: { type: 'malformed' }, after: 'final' },
	{
		name: 'malformed 200 (JSON of another shape)',
		fault: { type: 'malformed', shape: 'nested' },
		after: 'final',
	},
	{
		name: "malformed 200 (inside a proxy's page)",
		fault: { type: 'malformed', shape: 'page' },
		after: 'final',
	},
	{ name: '200 without result', fault: { type: 'noResult' }, after: 'final' },
];

/** A request the emulator answers as it would without faults. */
const NO_FAULT: Fault = { type: 'slow', ms: 0 };

/** A small deterministic generator (mulberry32), so a report can be run again with the same faults. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The queue of faults, one per request in arrival order: `rate` of them faults, the kinds taking turns. */
export function faultPlan(requests: number, rate: number, seed = 8): Array<FaultKind | undefined> {
	const random = seededRandom(seed);
	let turn = 0;
	return Array.from({ length: requests }, () =>
		random() < rate ? FAULT_KINDS[turn++ % FAULT_KINDS.length] : undefined,
	);
}

/** What the images are: the emulator's answer for each (with all three checks). */
const IMAGE_MIX = [
	{ sample: 'genuine.jpg', share: 8, expected: 'pass' },
	{ sample: 'screen-replay.jpg', share: 1, expected: 'review' },
	{ sample: 'analysis-fails.jpg', share: 1, expected: 'error' },
] as const;
type Expected = (typeof IMAGE_MIX)[number]['expected'];

interface FaultItem {
	file: CaseFile;
	expected: Expected;
}

/** `count` distinct files, mostly genuine, some for review, some the emulator cannot analyse. */
export function writeFaultItems(stack: ReliabilityStack, count: number): FaultItem[] {
	const cycle = IMAGE_MIX.flatMap((entry) => Array<typeof entry>(entry.share).fill(entry));
	return Array.from({ length: count }, (_, index) => {
		const entry = cycle[index % cycle.length];
		return {
			file: stack.files.uniqueJpeg(`faults/${index}.jpg`, entry.sample, `fault item ${index}`),
			expected: entry.expected,
		};
	});
}

export interface FaultRow {
	config: string;
	itemsIn: number;
	itemsOut: number;
	/** Items on each output, by the output's name. */
	outputs: Record<string, number>;
	requests: number;
	/** Faults the emulator actually served, by kind. */
	injected: Record<string, number>;
	maxRequestsPerItem: number;
	missing: number[];
	duplicated: number[];
	/** Results whose transactionId is not from a scored request for that item's own image. */
	wrongPairing: number[];
	/** More requests than 1 + Max Retries, a request after a final answer, or giving up before retries ran out. */
	retryPolicyViolations: Array<{ item: number; problem: string }>;
	/** Items on Pass that are not a scored pass of a genuine image. */
	passWithoutScores: number[];
	/** Error items whose message names another item than the one they are paired to. */
	errorsNotNamingItem: number[];
	/** Items whose result or error contradicts what the emulator last answered for them. */
	outcomeMismatches: Array<{ item: number; problem: string }>;
	/** Error items without the transaction ID of the billed check whose answer (which carried it) they report. */
	billedWithoutTransactionId: number[];
	durationMs: number;
	executionStatus: string;
}

/** A row before anything was counted. */
export function emptyFaultRow(config: string, itemsIn: number): FaultRow {
	return {
		config,
		itemsIn,
		itemsOut: 0,
		outputs: {},
		requests: 0,
		injected: {},
		maxRequestsPerItem: 0,
		missing: [],
		duplicated: [],
		wrongPairing: [],
		retryPolicyViolations: [],
		passWithoutScores: [],
		errorsNotNamingItem: [],
		outcomeMismatches: [],
		billedWithoutTransactionId: [],
		durationMs: 0,
		executionStatus: 'unknown',
	};
}

interface RequestSeen {
	request: RecordedRequest;
	kind: FaultKind | undefined;
}

function pairedIndex(item: INodeExecutionData): number | undefined {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	if (typeof paired === 'number') return paired;
	return paired?.item;
}

/** What the node should make of its last request for an item: a result, or an error. */
function finalAnswer(seen: RequestSeen[]): 'result' | 'error' {
	const last = seen[seen.length - 1];
	if (last === undefined) return 'error';
	const scored = last.request.status === 200 && last.kind?.after !== 'final';
	return scored ? 'result' : 'error';
}

/** Rate limits, server errors and no answer at all are retried; any other answer is final. */
function retryable({ request, kind }: RequestSeen): boolean {
	if (kind?.after === 'final') return false;
	const status = request.status;
	return status === null || status === 429 || status >= 500;
}

const rateLimited = ({ request }: RequestSeen) => request.status === 429;

/**
 * The node's policy: a 429 is no failure, it waits its turn and asks again (for up to "Max Wait on Rate Limits",
 * 300 s by default, far longer than a run here); server and network errors are retried up to Max Retries times;
 * any other answer is final.
 */
function retryProblem(seen: RequestSeen[]): string | undefined {
	const allowed = FAULT_RUN_OPTIONS.maxRetries + 1;
	const counted = seen.filter((answer) => !rateLimited(answer)).length;
	if (counted > allowed)
		return `${counted} requests besides rate limits, the policy allows ${allowed}`;
	const finalAt = seen.findIndex((answer) => !retryable(answer));
	if (finalAt >= 0 && finalAt < seen.length - 1)
		return `sent again after a final answer (request ${finalAt + 1} of ${seen.length})`;
	const last = seen[seen.length - 1];
	if (last !== undefined && rateLimited(last))
		return 'gave up on a rate limit before Max Wait on Rate Limits';
	if (last !== undefined && retryable(last) && counted < allowed)
		return `gave up after ${counted} requests with retries left`;
	return undefined;
}

/** Runs one configuration over the items and checks every item against the emulator's recording. */
export async function runFaultItems(
	stack: ReliabilityStack,
	items: FaultItem[],
	config: FaultConfig,
	faultRate = 0.2,
): Promise<FaultRow> {
	const path = `rel-faults-${FAULT_CONFIGS.indexOf(config)}`;
	const workflowId = await stack.publish(
		caseWorkflow({
			name: `Reliability: faults (${config.name})`,
			path,
			mode: 'waitForResult',
			imageSource: 'binary',
			credential: stack.credentials.emulator,
			routeByVerdict: config.routeByVerdict,
			onError: config.onError,
			fixedOptions: FAULT_RUN_OPTIONS,
		}),
	);
	const emulator = stack.argos.emulator;
	emulator.reset();
	const plan = faultPlan(Math.ceil(items.length * 1.4), faultRate);
	emulator.injectFaults(plan.map((kind) => kind?.fault ?? NO_FAULT));

	const startedAt = Date.now();
	const execution = await stack.runCase(
		workflowId,
		path,
		items.map((item) => ({ file: item.file.path })),
	);
	const durationMs = Date.now() - startedAt;
	const requests = [...emulator.requests];
	emulator.reset();

	const bySha = new Map<string, RequestSeen[]>();
	requests.forEach((request, index) => {
		const image = (request.body as { idImage?: { sha256?: string } }).idImage;
		const seen = bySha.get(image?.sha256 ?? '') ?? [];
		seen.push({ request, kind: plan[index] });
		bySha.set(image?.sha256 ?? '', seen);
	});
	const injected: Record<string, number> = {};
	for (const kind of plan.slice(0, requests.length))
		if (kind) injected[kind.name] = (injected[kind.name] ?? 0) + 1;

	const outputs = execution.data.resultData.runData[CASE_NODE.argos]?.[0]?.data?.main ?? [];
	const outputNames = config.routeByVerdict ? ['Pass', 'Review'] : ['Results'];
	if (config.onError === 'continueErrorOutput') outputNames.push('Error');

	const row: FaultRow = {
		...emptyFaultRow(config.name, items.length),
		requests: requests.length,
		injected,
		durationMs,
		executionStatus: execution.status,
	};
	const seenCount = new Array<number>(items.length).fill(0);
	outputs.forEach((output, outputIndex) => {
		const name = outputNames[outputIndex] ?? `output ${outputIndex}`;
		row.outputs[name] = (output ?? []).length;
		for (const item of output ?? []) {
			row.itemsOut++;
			const index = pairedIndex(item);
			if (index === undefined || index < 0 || index >= items.length) {
				row.wrongPairing.push(-1);
				continue;
			}
			seenCount[index]++;
			const json = item.json as IDataObject;
			const seen = bySha.get(items[index].file.sha256) ?? [];
			const isError = typeof json.error === 'string';
			if (isError) {
				// Paired to its item; a message that names an item ("[item N]") must name that one.
				const named = /\[item (\d+)\]/.exec(json.error as string);
				if (named && Number(named[1]) !== index) row.errorsNotNamingItem.push(index);
				// Argos took the last request and its answer reached the node: the check can be looked up.
				const last = seen[seen.length - 1]?.request;
				const fields = (json.details as IDataObject | undefined) ?? json;
				if (
					last?.transactionId !== undefined &&
					last.status !== null &&
					fields.transactionId !== last.transactionId
				)
					row.billedWithoutTransactionId.push(index);
			} else {
				const source = seen.find(
					({ request, kind }) =>
						request.transactionId === json.transactionId &&
						request.status === 200 &&
						kind?.after !== 'final',
				);
				if (source === undefined) row.wrongPairing.push(index);
			}
			const expectedFate = finalAnswer(seen);
			if ((expectedFate === 'result') === isError)
				row.outcomeMismatches.push({
					item: index,
					problem: `${isError ? 'error' : 'result'} where the last answer was ${expectedFate === 'result' ? 'a result' : 'a failure'}`,
				});
			if (name === 'Pass') {
				const scored =
					!isError &&
					json.verdict === 'pass' &&
					Object.keys(scoresOf(json)).length === CHECK_NAMES.length;
				if (!scored || items[index].expected !== 'pass') row.passWithoutScores.push(index);
			}
		}
	});
	seenCount.forEach((count, index) => {
		if (count === 0) row.missing.push(index);
		if (count > 1) row.duplicated.push(index);
		const seen = bySha.get(items[index].file.sha256) ?? [];
		row.maxRequestsPerItem = Math.max(row.maxRequestsPerItem, seen.length);
		const problem = retryProblem(seen);
		if (problem) row.retryPolicyViolations.push({ item: index, problem });
	});
	return row;
}
