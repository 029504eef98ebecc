/**
 * The Argos ID Liveness Trigger taking good callbacks through n8n's webhook layer: what each kind of callback
 * starts, on which output, under each "Failed Analyses" setting, and that a result reads like the action node's.
 */
import {
	ARGOS,
	imageItem,
	runArgos,
	startTestBed,
	TRIGGER_TYPE,
	type ArgosTestBed,
} from './support/argosTestBed';
import {
	callbackQuery,
	DERIVED_KEY,
	callTrigger,
	ENGINE_VERSION,
	failureCallback,
	resultCallback,
	TRIGGER,
	triggerOutputs,
	triggerWorkflow,
} from './support/callbackWorkflows';

let bed: ArgosTestBed;
beforeAll(async () => (bed = await startTestBed()));
afterAll(async () => await bed.close());

const GENUINE = { screenReplay: 97, paperPrinted: 91, replacePortraits: 95 };

const failures = {
	1003: {
		error: 'Argos could not process the image (1003 Fail to process data)',
		description: expect.stringContaining('clear JPEG or PNG photo'),
	},
	1009: {
		error: 'Argos could not analyze the document (1009 Fail to analyze document)',
		description: expect.stringContaining('route the case to manual review'),
	},
} as const;

describe('a result callback', () => {
	it('starts the workflow with exactly the fields of the action node\'s "Wait for Result" output, plus the reference', async () => {
		const sync = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')]);
		const [syncItem] = sync.output(ARGOS);
		const { transactionId, engineVersion } = syncItem.json as {
			transactionId: string;
			engineVersion: string;
		};

		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: resultCallback(transactionId, GENUINE, engineVersion),
		});

		// answered once the run has ended, with nothing from it
		expect(call.statusCode).toBe(200);
		expect(call.responseBody).toBeUndefined();
		expect(call.execution?.status).toBe('success');
		const outputs = triggerOutputs(call);
		expect(outputs).toHaveLength(1);
		expect(outputs[0].map((item) => item.json)).toEqual([syncItem.json]);
		// The same columns, in the same order, in n8n's table view.
		expect(Object.keys(outputs[0][0].json)).toEqual(Object.keys(syncItem.json));
	});

	it('reads a callback holding only the checks its link asked for, judging only those', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: resultCallback('txn_partial', { screenReplay: 12, replacePortraits: 88 }),
			query: callbackQuery({ secret: DERIVED_KEY, checks: ['screenReplay', 'replacePortraits'] }),
		});
		expect(triggerOutputs(call)[0][0].json).toEqual({
			transactionId: 'txn_partial',
			engineVersion: ENGINE_VERSION,
			verdict: 'review',
			summary: 'Needs review: screen replay scored 12, below 61',
			screenReplay: 12,
			screenReplayRisk: 'high risk',
			replacePortraits: 88,
			replacePortraitsRisk: 'very low risk',
			failedChecks: ['screenReplay'],
			minimumScores: { screenReplay: 61, replacePortraits: 61 },
		});
	});

	it('applies the minimum score options to the verdict', async () => {
		const body = resultCallback('txn_strict', {
			screenReplay: 70,
			paperPrinted: 65,
			replacePortraits: 40,
		});
		const strict = await callTrigger(
			bed.harness,
			triggerWorkflow(bed.harness, {
				options: { minimumScreenReplay: 75, minimumPaperPrinted: 65 },
			}),
			{ body },
		);
		expect(triggerOutputs(strict)[0][0].json).toMatchObject({
			verdict: 'review',
			failedChecks: ['screenReplay', 'replacePortraits'],
			minimumScores: { screenReplay: 75, paperPrinted: 65, replacePortraits: 61 },
		});

		const lenient = await callTrigger(
			bed.harness,
			triggerWorkflow(bed.harness, { options: { minimumReplacePortraits: 40 } }),
			{ body },
		);
		expect(triggerOutputs(lenient)[0][0].json).toMatchObject({
			verdict: 'pass',
			minimumScores: { screenReplay: 61, paperPrinted: 61, replacePortraits: 40 },
		});
	});

	it.each(['sameOutput', 'separateOutput', 'ignore'])(
		'comes out on the first output with Failed Analyses "%s"',
		async (failedAnalyses) => {
			const call = await callTrigger(
				bed.harness,
				triggerWorkflow(bed.harness, { failedAnalyses }),
				{
					body: resultCallback(`txn_result_${failedAnalyses}`, GENUINE),
				},
			);
			const outputs = triggerOutputs(call);
			expect(outputs.map((items) => items.length)).toEqual(
				failedAnalyses === 'separateOutput' ? [1, 0] : [1],
			);
			expect(outputs[0][0].json).toMatchObject({ verdict: 'pass', ...GENUINE });
		},
	);
});

describe.each([1003, 1009] as const)(
	'a failure callback with errorCode %i (a number)',
	(errorCode) => {
		const expected = (transactionId: string) => ({
			verdict: 'review',
			summary: `Not checked: ${failures[errorCode].error}`,
			errorType: 'argosError',
			...failures[errorCode],
			errorCode: String(errorCode),
			transactionId,
		});

		it('starts the workflow on the one output with verdict "review" when Failed Analyses Output is "Result Output"', async () => {
			const transactionId = `txn_same_${errorCode}`;
			const call = await callTrigger(
				bed.harness,
				triggerWorkflow(bed.harness, { failedAnalyses: 'sameOutput' }),
				{
					body: failureCallback(transactionId, errorCode),
				},
			);
			expect(call.statusCode).toBe(200);
			const outputs = triggerOutputs(call);
			expect(outputs.map((items) => items.map((item) => item.json))).toEqual([
				[expected(transactionId)],
			]);
		});

		it('is the default: a new trigger outputs failures like results', async () => {
			const transactionId = `txn_default_${errorCode}`;
			const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
				body: failureCallback(transactionId, errorCode),
			});
			expect(triggerOutputs(call).map((items) => items.length)).toEqual([1]);
		});

		it('goes to the second output, "Failed Analysis", when Failed Analyses Output is "Extra Output"', async () => {
			const transactionId = `txn_separate_${errorCode}`;
			const call = await callTrigger(
				bed.harness,
				triggerWorkflow(bed.harness, { failedAnalyses: 'separateOutput' }),
				{
					body: failureCallback(transactionId, errorCode),
				},
			);
			const outputs = triggerOutputs(call);
			expect(outputs.map((items) => items.map((item) => item.json))).toEqual([
				[],
				[expected(transactionId)],
			]);
		});

		it('reaches the second output in a workflow on the legacy execution order (v0) too, and is recorded', async () => {
			const transactionId = `txn_v0_${errorCode}`;
			const workflow = bed.harness.workflow({
				nodes: [
					bed.harness.node({
						name: TRIGGER,
						type: TRIGGER_TYPE,
						parameters: { failedAnalyses: 'separateOutput' },
					}),
				],
				connections: {},
				settings: { executionOrder: 'v0' },
			});
			const call = await callTrigger(bed.harness, workflow, {
				body: failureCallback(transactionId, errorCode),
			});
			expect(triggerOutputs(call).map((items) => items.map((item) => item.json))).toEqual([
				[],
				[expected(transactionId)],
			]);
			expect(workflow.nodeStaticData(TRIGGER)).toMatchObject({
				recentTransactionIds: [transactionId],
			});
		});

		it('is answered 200 and starts nothing when Failed Analyses is "Ignore Them"', async () => {
			const call = await callTrigger(
				bed.harness,
				triggerWorkflow(bed.harness, { failedAnalyses: 'ignore' }),
				{
					body: failureCallback(`txn_ignored_${errorCode}`, errorCode),
				},
			);
			expect(call).toMatchObject({
				statusCode: 200,
				started: false,
				responseBody: { received: true, ignored: 'failed analysis' },
			});
			expect(call.execution).toBeUndefined();
		});
	},
);
