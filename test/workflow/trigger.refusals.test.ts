/**
 * The Argos ID Liveness Trigger refusing what is not a callback, and taking a repeated callback once:
 * the HTTP status the caller gets, and that no execution starts.
 */
import { MAX_CALLBACK_BYTES } from '../../package/nodes/resultsAndCallbacks/callbackBody';
import { REMEMBERED_CALLBACKS } from '../../package/nodes/ArgosIdLivenessTrigger/helpers/recentTransactions';
import { startTestBed, type ArgosTestBed } from './support/argosTestBed';
import {
	callTrigger,
	failureCallback,
	resultCallback,
	TRIGGER,
	triggerOutputs,
	triggerWorkflow,
} from './support/callbackWorkflows';

let bed: ArgosTestBed;
beforeAll(async () => (bed = await startTestBed()));
afterAll(async () => await bed.close());

const GOOD = resultCallback('txn_good', {
	screenReplay: 90,
	paperPrinted: 90,
	replacePortraits: 90,
});

function refusedAs(reason: string) {
	return {
		statusCode: 400,
		started: false,
		responseBody: { error: `Not an Argos ID Liveness callback: ${reason}` },
	};
}

describe('a body that is not an Argos callback', () => {
	it.each([
		[
			'plain text',
			{ rawBody: 'transactionId=txn_1', headers: { 'content-type': 'text/plain' } },
			'the body is not a JSON object',
		],
		['no body at all', { rawBody: '' }, 'the body is not a JSON object'],
		['a JSON array', { body: [GOOD] }, 'the body is not a JSON object'],
		[
			'no transactionId',
			{ body: { ...GOOD, transactionId: undefined } },
			'the body has no transactionId',
		],
		[
			'an empty transactionId',
			{ body: { ...GOOD, transactionId: '' } },
			'the body has no transactionId',
		],
		[
			"another API's callback",
			{ body: { ...GOOD, apiType: 'id_live_face' } },
			'apiType is not "id_live_doc"',
		],
		['no apiType', { body: { ...GOOD, apiType: undefined } }, 'apiType is not "id_live_doc"'],
		[
			'a score above 100',
			{ body: resultCallback('txn_1', { screenReplay: 101 }) },
			'the screenReplay score is not a number from 0 to 100',
		],
		[
			'a negative score',
			{ body: resultCallback('txn_1', { paperPrinted: -1 }) },
			'the paperPrinted score is not a number from 0 to 100',
		],
		[
			'a score as text',
			{ body: { ...GOOD, result: { replacePortraits: { liveness_score: '90' } } } },
			'the replacePortraits score is not a number from 0 to 100',
		],
		['no scores', { body: { ...GOOD, result: {} } }, 'the answer has no scores'],
		[
			'a failure without errorCode',
			{ body: { ...failureCallback('txn_1', 1009), errorCode: undefined } },
			'a failed analysis without an errorCode',
		],
	])('is refused with 400: %s', async (_case, request, reason) => {
		const workflow = triggerWorkflow(bed.harness);
		const call = await callTrigger(bed.harness, workflow, request);
		expect(call).toMatchObject(refusedAs(reason));
		expect(call.execution).toBeUndefined();
		// a refused body leaves no trace, so it cannot shadow the real callback as a "duplicate"
		expect(workflow.staticData).toEqual({});
	});

	it(`is refused with 400 when larger than ${MAX_CALLBACK_BYTES} bytes, even when well-formed`, async () => {
		const body = { ...GOOD, padding: 'x'.repeat(MAX_CALLBACK_BYTES) };
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), { body });
		expect(call).toMatchObject(refusedAs(`the body is larger than ${MAX_CALLBACK_BYTES} bytes`));
	});

	it('that claims JSON but is not is answered by n8n itself (422), before the trigger runs', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			rawBody: '{"transactionId": "txn_1", ',
			headers: { 'content-type': 'application/json' },
		});
		expect(call).toMatchObject({
			statusCode: 422,
			started: false,
			responseBody: { code: 422, message: 'Failed to parse request body' },
		});
		expect(call.webhookResult).toBeUndefined();
	});
});

describe('a callback delivered twice', () => {
	it('starts the workflow once; the repeat is answered 200 and starts nothing', async () => {
		const workflow = triggerWorkflow(bed.harness);
		const first = await callTrigger(bed.harness, workflow, { body: GOOD });
		expect(triggerOutputs(first)[0]).toHaveLength(1);

		const repeat = await callTrigger(bed.harness, workflow, { body: GOOD });
		expect(repeat).toMatchObject({
			statusCode: 200,
			started: false,
			responseBody: { received: true, duplicate: true },
		});

		// another transaction is not a repeat
		const other = await callTrigger(bed.harness, workflow, {
			body: { ...GOOD, transactionId: 'txn_other' },
		});
		expect(other.started).toBe(true);
		expect(workflow.nodeStaticData(TRIGGER)).toMatchObject({
			recentTransactionIds: ['txn_good', 'txn_other'],
		});
	});

	it('is recognised for failure callbacks too', async () => {
		const workflow = triggerWorkflow(bed.harness, { failedAnalyses: 'separateOutput' });
		const body = failureCallback('txn_failed', 1009);
		expect((await callTrigger(bed.harness, workflow, { body })).started).toBe(true);
		expect(await callTrigger(bed.harness, workflow, { body })).toMatchObject({
			started: false,
			responseBody: { duplicate: true },
		});
	});

	it(`remembers at most the last ${REMEMBERED_CALLBACKS} transactions, so static data stays bounded`, async () => {
		const remembered = Array.from(
			{ length: REMEMBERED_CALLBACKS },
			(_, index) => `txn_old_${index}`,
		);
		const workflow = triggerWorkflow(
			bed.harness,
			{},
			{ [`node:${TRIGGER}`]: { recentTransactionIds: remembered } },
		);

		const repeat = await callTrigger(bed.harness, workflow, {
			body: { ...GOOD, transactionId: 'txn_old_999' },
		});
		expect(repeat.started).toBe(false);

		for (const transactionId of ['txn_new_1', 'txn_new_2']) {
			expect(
				(await callTrigger(bed.harness, workflow, { body: { ...GOOD, transactionId } })).started,
			).toBe(true);
		}
		const { recentTransactionIds } = workflow.nodeStaticData(TRIGGER) as {
			recentTransactionIds: string[];
		};
		expect(recentTransactionIds).toHaveLength(REMEMBERED_CALLBACKS);
		expect(recentTransactionIds.slice(0, 2)).toEqual(['txn_old_2', 'txn_old_3']);
		expect(recentTransactionIds.slice(-2)).toEqual(['txn_new_1', 'txn_new_2']);
	});
});
