/**
 * After "Submit and Wait for Result" resumes, nodes behind either output can still reach the item that went in:
 * `{{ $('Start').item.json.caseId }}` in a node after Pass or Review gives the case, whether the callback
 * or the wait limit resumed the execution.
 */
import { connect, type ExecutionResult } from '../../tools/harness';
import { ACTION_TYPE, imageItem, type ArgosTestBed } from './support/argosTestBed';
import { ARGOS, postJson, resultCallback } from './support/callbackWorkflows';
import { LOOKUP_TYPE, startLineageBed } from './support/lineageBed';

let bed: ArgosTestBed;
beforeAll(async () => {
	// no callback unless the test posts one
	bed = await startLineageBed({ callbackDelayMs: 3_600_000 });
	await bed.harness.listen();
});
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

async function waitWithLookups(): Promise<{ waiting: ExecutionResult; transactionId: string }> {
	const h = bed.harness;
	const waiting = await h.run({
		nodes: [
			h.startNode(),
			h.node({
				name: ARGOS,
				type: ACTION_TYPE,
				parameters: { operation: 'submitAndWait', routeByVerdict: true },
			}),
			h.node({ name: 'On Pass', type: LOOKUP_TYPE }),
			h.node({ name: 'On Review', type: LOOKUP_TYPE }),
		],
		connections: connect(['Start', ARGOS], [ARGOS, 'On Pass', 0], [ARGOS, 'On Review', 1]),
		input: [await imageItem(h, 'genuine.jpg', { caseId: 'C-1' })],
		mode: 'webhook',
	});
	expect(waiting.status).toBe('waiting');
	return { waiting, transactionId: bed.emulator.requests[0].transactionId! };
}

async function resumeWithScores(screenReplay: number): Promise<ExecutionResult> {
	const { waiting, transactionId } = await waitWithLookups();
	const answer = await postJson(
		waiting.resumeUrl,
		resultCallback(transactionId, { screenReplay, paperPrinted: 93, replacePortraits: 94 }),
	);
	expect(answer.status).toBe(200);
	return bed.harness.execution(waiting.id)!;
}

describe("$('Start').item in a node after the output an item took", () => {
	it('a pass resumed by the callback', async () => {
		const finished = await resumeWithScores(97);
		expect(finished.executedNodes).toEqual(['Start', ARGOS, ARGOS, 'On Pass']);
		expect(finished.json('On Pass')).toEqual([{ caseId: 'C-1' }]);
	});

	it('a review resumed by the callback', async () => {
		const finished = await resumeWithScores(12);
		expect(finished.executedNodes).toEqual(['Start', ARGOS, ARGOS, 'On Review']);
		expect(finished.json('On Review')).toEqual([{ caseId: 'C-1' }]);
	});

	it('an error item resumed by the wait limit', async () => {
		const { waiting } = await waitWithLookups();
		const timedOut = await bed.harness.resumeAfterWaitLimit(waiting);
		expect(timedOut.executedNodes).toEqual(['Start', ARGOS, ARGOS, 'On Review']);
		expect(timedOut.json('On Review')).toEqual([{ caseId: 'C-1' }]);
	});
});
