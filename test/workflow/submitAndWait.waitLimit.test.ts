/**
 * "Submit and Wait for Result" when Argos never calls back: once the wait limit runs out, n8n resumes the
 * node switched off (harness.resumeAfterWaitLimit, as n8n's WaitTracker) and the item comes out as an error,
 * never as a pass.
 */
import type { INodeParameters } from 'n8n-workflow';

import { imageItem, startTestBed, type ArgosTestBed } from './support/argosTestBed';
import {
	ARGOS,
	jsonPerOutput,
	postJson,
	resultCallback,
	runSubmitAndWait,
} from './support/callbackWorkflows';

let bed: ArgosTestBed;
beforeAll(async () => {
	// Argos "loses" the callback: it would come only after an hour
	bed = await startTestBed({ emulator: { callbackDelayMs: 3_600_000 } });
	await bed.harness.listen();
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
	return {
		waiting,
		transactionId,
		startedAt,
		timedOut: await bed.harness.resumeAfterWaitLimit(waiting),
	};
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
		reference: null,
		errorType: 'argosUnavailable',
		description: expect.stringContaining(`(transaction ID: ${transactionId})`),
		errorCode: null,
		httpCode: null,
		transactionId,
		engineVersion: null,
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

		expect(timedOut.status).toBe('success');
		expect(timedOut.id).toBe(waiting.id);
		expect(jsonPerOutput(timedOut, ARGOS)).toEqual([[timeoutItem(45, transactionId)]]);
		const [item] = timedOut.output(ARGOS);
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

		const [pass, review] = jsonPerOutput(timedOut, ARGOS);
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
		expect(jsonPerOutput(timedOut, ARGOS)).toEqual([
			[],
			[timeoutItem(at.toISOString(), transactionId)],
		]);
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
		const [pass, review] = jsonPerOutput(timedOut, ARGOS);
		expect(pass).toEqual([]);
		expect(review).toEqual([timeoutItem(5, transactionId)]);
		expect(timedOut.output(ARGOS, 1)[0].json.description as string).toContain(
			'raise "Wait Limit (Minutes)"',
		);
	});

	it("with the node's error output on, sends the error item there (merged with its input item), never to Pass", async () => {
		const { transactionId, timedOut } = await waitAndTimeOut(
			{ routeByVerdict: true },
			'continueErrorOutput',
		);
		const [pass, review, errors] = jsonPerOutput(timedOut, ARGOS);
		expect(pass).toEqual([]);
		expect(review).toEqual([]);
		expect(errors).toEqual([
			{
				file: 'genuine.jpg',
				caseId: 'C-9',
				error: 'Argos did not call back within 45 minutes',
				details: timeoutFields(45, transactionId),
			},
		]);
	});

	it('drops the photo from the error item when Keep Input Binary is off', async () => {
		const { timedOut } = await waitAndTimeOut({ options: { keepBinary: false } });
		expect(timedOut.output(ARGOS)[0].binary).toBeUndefined();
	});

	it('leaves a callback that comes too late nothing to resume: n8n answers 409', async () => {
		const { waiting, transactionId, timedOut } = await waitAndTimeOut({ routeByVerdict: true });
		const late = await postJson(
			waiting.resumeUrl,
			resultCallback(transactionId, { screenReplay: 97, paperPrinted: 91, replacePortraits: 95 }),
		);
		expect(late).toEqual({
			status: 409,
			body: { code: 409, message: `The execution "${waiting.id} has finished already.` },
		});
		expect(bed.harness.execution(waiting.id)).toBe(timedOut);
		expect(timedOut.output(ARGOS, 0)).toEqual([]);
	});
});
