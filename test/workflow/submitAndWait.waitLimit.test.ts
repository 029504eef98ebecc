/**
 * "Submit and Wait for Result" when Argos never calls back: the execution waits until the wait limit, and the node
 * leaves the error item it must output then where n8n takes it from (setOutputsOnResume in n8nInternals.ts): once the
 * wait time passes, n8n resumes the node switched off and forwards that data, so the item comes out as an error, never
 * as a pass. That n8n does so is proven in the real n8n: test/e2e/submitAndWait.binding.e2e.test.ts.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { ExecutionResult } from '../../tools/harness';
import { imageItem, startTestBed, type ArgosTestBed } from './support/argosTestBed';
import { ARGOS, runSubmitAndWait } from './support/callbackWorkflows';

let bed: ArgosTestBed;
beforeAll(async () => {
	// Argos "loses" the callback: it would come only after an hour
	bed = await startTestBed({ emulator: { callbackDelayMs: 3_600_000 } });
});
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

async function waitAndTimeOut(
	parameters: INodeParameters,
	onError?: 'continueErrorOutput',
	typeVersion: 1 | 2 = 2,
) {
	const startedAt = Date.now();
	const waiting = await runSubmitAndWait(
		bed.harness,
		[await imageItem(bed.harness, 'genuine.jpg', { caseId: 'C-9' })],
		parameters,
		onError,
		typeVersion,
	);
	expect(waiting.status).toBe('waiting');
	const transactionId = bed.emulator.requests[0].transactionId!;
	return { waiting, transactionId, startedAt, timedOut: leftForWaitLimit(waiting) };
}

/**
 * What n8n forwards as the node's outputs when the wait limit passes: the data of the waiting node's execution-stack
 * entry, every output of it as the entry's metadata asks (forwardAllOutputs), with the source each output's items
 * are paired through.
 */
function leftForWaitLimit(waiting: ExecutionResult) {
	const [entry] = waiting.run.data.executionData!.nodeExecutionStack;
	expect(entry.node.name).toBe(ARGOS);
	expect(entry.metadata?.forwardAllOutputs).toBe(true);
	const outputs = entry.data.main as INodeExecutionData[][];
	// Every output is paired through the node's own input, so `$('Start').item` works behind Review as behind Pass.
	expect(entry.source?.main).toEqual(
		outputs.map(() => expect.objectContaining({ previousNode: 'Start', previousNodeOutput: 0 })),
	);
	return { outputs, json: outputs.map((items) => items.map((item) => item.json)) };
}

/** n8n's "Limit Wait Time" option of version 2, as the editor stores it. */
function limitWaitTime(values: INodeParameters) {
	return { limitWaitTime: { values } };
}

function timeoutFields(minutes: number | string, transactionId: string) {
	const limit = typeof minutes === 'number' ? `within ${minutes} minutes` : `by ${minutes}`;
	return {
		verdict: 'review',
		summary: `Not checked: Argos did not call back ${limit}`,
		errorType: 'argosUnavailable',
		description: expect.stringContaining(`(transaction ID: ${transactionId})`),
		transactionId,
	};
}

function timeoutItem(minutes: number | string, transactionId: string) {
	const limit = typeof minutes === 'number' ? `within ${minutes} minutes` : `by ${minutes}`;
	return { ...timeoutFields(minutes, transactionId), error: `Argos did not call back ${limit}` };
}

describe('the wait limit running out', () => {
	it('outputs the item as an error naming the default 45 minutes of "Limit Wait Time"', async () => {
		const { waiting, transactionId, startedAt, timedOut } = await waitAndTimeOut({});
		expect(waiting.waitTill!.getTime() - startedAt).toBeGreaterThanOrEqual(45 * 60_000);
		expect(waiting.waitTill!.getTime() - Date.now()).toBeLessThanOrEqual(45 * 60_000);

		expect(waiting.status).toBe('waiting');
		expect(timedOut.json).toEqual([[timeoutItem(45, transactionId)]]);
		const [item] = timedOut.outputs[0];
		expect(item.json.description as string).toContain('raise "Limit Wait Time"');
		expect(item.pairedItem).toEqual({ item: 0 });
		// the photo stays with the item, so a person can still look at it
		expect(item.binary?.data?.fileName).toBe('genuine.jpg');
	});

	it('with Route by Verdict, puts the error item on Review and nothing on Pass, naming the configured minutes', async () => {
		const { waiting, transactionId, startedAt, timedOut } = await waitAndTimeOut({
			routeByVerdict: true,
			options: limitWaitTime({
				limitType: 'afterTimeInterval',
				resumeAmount: '=0.5',
				resumeUnit: 'hours',
			}),
		});
		expect(waiting.waitTill!.getTime() - startedAt).toBeGreaterThanOrEqual(30 * 60_000);
		expect(waiting.waitTill!.getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000);

		const [pass, review] = timedOut.json;
		expect(pass).toEqual([]);
		expect(review).toEqual([timeoutItem(30, transactionId)]);
	});

	it('waits until the date and time "At Specified Time" gives, and names it', async () => {
		const at = new Date(Date.now() + 2 * 3_600_000);
		at.setMilliseconds(0);
		const { waiting, transactionId, timedOut } = await waitAndTimeOut({
			routeByVerdict: true,
			options: limitWaitTime({ limitType: 'atSpecifiedTime', maxDateAndTime: at.toISOString() }),
		});
		expect(waiting.waitTill).toEqual(at);
		expect(timedOut.json).toEqual([[], [timeoutItem(at.toISOString(), transactionId)]]);
	});

	it.each([
		[
			'a date in the past',
			{ limitType: 'atSpecifiedTime', maxDateAndTime: '2020-01-01T00:00:00Z' },
		],
		['an amount of 0', { limitType: 'afterTimeInterval', resumeAmount: 0, resumeUnit: 'hours' }],
	])('refuses %s before anything is sent to Argos', async (_case, values) => {
		const refused = await runSubmitAndWait(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg')],
			{ options: limitWaitTime(values) },
		);
		expect(refused.status).toBe('error');
		expect(refused.error?.message).toMatch(
			/^"Limit Wait Time" ends before Argos could call back \(.+\)$/,
		);
		expect(bed.emulator.requests).toEqual([]);
	});

	it('keeps "Wait Limit (Minutes)" for version 1 workflows, which store the mode as `mode`', async () => {
		const { waiting, transactionId, startedAt, timedOut } = await waitAndTimeOut(
			{ routeByVerdict: true, options: { waitLimitMinutes: 5 } },
			undefined,
			1,
		);
		expect(waiting.waitTill!.getTime() - startedAt).toBeGreaterThanOrEqual(5 * 60_000);
		expect(waiting.waitTill!.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
		const [pass, review] = timedOut.json;
		expect(pass).toEqual([]);
		expect(review).toEqual([timeoutItem(5, transactionId)]);
		expect(timedOut.outputs[1][0].json.description as string).toContain(
			'raise "Wait Limit (Minutes)"',
		);
	});

	it("with the node's error output on, leaves the error item as error and details, which n8n moves to the error output (merged with its input item), never to Pass", async () => {
		const { transactionId, timedOut } = await waitAndTimeOut(
			{ routeByVerdict: true },
			'continueErrorOutput',
		);
		const [pass, review] = timedOut.json;
		expect(pass).toEqual([]);
		expect(review).toEqual([
			{
				error: 'Argos did not call back within 45 minutes',
				details: timeoutFields(45, transactionId),
			},
		]);
	});

	it('drops the photo from the error item when Keep Input Binary is off', async () => {
		const { timedOut } = await waitAndTimeOut({ options: { keepBinary: false } });
		expect(timedOut.outputs[0][0].binary).toBeUndefined();
	});
});
