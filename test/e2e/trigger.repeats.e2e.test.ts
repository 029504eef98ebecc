/**
 * Repeated callbacks at the Argos ID Liveness Trigger of a real n8n 2.40.7 (packed package): whatever the order,
 * the timing or a restart in between, each transaction starts exactly one execution (counted through REST).
 * n8n stopping while a run goes: trigger.crash.e2e.test.ts.
 */
import { buildCallbackUrl } from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import { startArgosStack, type ArgosStack } from '../../tools/argos-stack/argosStack';
import { sleep } from '../../tools/n8n/poll';
import { nodeOutput } from '../../tools/n8n';
import {
	postCallback,
	TRIGGER_NODE,
	resultCallbackBody,
	settledExecutionsPerTransaction,
	triggerOnlyWorkflow,
	triggerUrl,
} from '../../tools/argos-stack/triggerCallbacks';

const SECRET = 'repeats-e2e-callback-secret-6f0c2a';
const WEBHOOK_ID = '7d1f0a52-3b8e-4c61-9a0d-5e2f4b7c8a10';
const ALL_SCORES = { screenReplay: 90, paperPrinted: 90, replacePortraits: 90 };

let stack: ArgosStack;
let workflowId: string;
beforeAll(async () => {
	stack = await startArgosStack({
		callbackSecret: SECRET,
		workflows: [triggerOnlyWorkflow('Repeats', WEBHOOK_ID)],
	});
	[workflowId] = stack.workflowIds;
	await stack.rest.activateWorkflow(workflowId);
});
afterAll(async () => await stack?.stop());

/** The link the action node would give Argos for one case: signed, with its own reference. */
const signedLink = (reference: string) =>
	buildCallbackUrl(triggerUrl(stack.n8n.baseUrl, WEBHOOK_ID), {
		reference,
		secret: SECRET,
		expiresAt: Math.floor(Date.now() / 1000) + 3600,
		checks: ['screenReplay', 'paperPrinted', 'replacePortraits'],
	});
const deliver = (link: string, transactionId: string) =>
	postCallback(link, resultCallbackBody(transactionId, ALL_SCORES));
const DUPLICATE = { status: 200, body: { received: true, duplicate: true } };
/** The delivery that started a run is answered when the run has ended, with nothing from it. */
const RUN_ENDED = { status: 200, body: '' };
const IN_FLIGHT = {
	status: 503,
	body: {
		error:
			'Callback not taken yet: the run its first delivery started has not ended; send it again later',
	},
};

/** Executions per transaction, only for the transactions of one test. */
async function executionsOf(transactionIds: string[]): Promise<Record<string, number>> {
	const all = await settledExecutionsPerTransaction(stack.rest, workflowId);
	return Object.fromEntries(transactionIds.map((id) => [id, all[id] ?? 0]));
}
const oncePerTransaction = (transactionIds: string[]) =>
	Object.fromEntries(transactionIds.map((id) => [id, 1]));

describe('repeated callbacks start one execution per transaction', () => {
	it('5 transactions, each delivered twice a few seconds apart', async () => {
		const transactionIds = ['A', 'B', 'C', 'D', 'E'].map((name) => `txn_repeat_${name}`);
		for (const transactionId of transactionIds) {
			const link = signedLink(`REF-${transactionId}`);
			expect(await deliver(link, transactionId)).toEqual(RUN_ENDED);
			await sleep(2000);
			expect(await deliver(link, transactionId)).toEqual(DUPLICATE);
		}
		expect(await executionsOf(transactionIds)).toEqual(oncePerTransaction(transactionIds));
	});

	it('20 copies of one callback at the same instant: one run; the others come back later or are repeats', async () => {
		const transactionId = 'txn_simultaneous_1';
		const link = signedLink('REF-simultaneous');
		const answers = await Promise.all(
			Array.from({ length: 20 }, () => deliver(link, transactionId)),
		);
		const kinds = answers.map((answer) =>
			[RUN_ENDED, IN_FLIGHT, DUPLICATE].findIndex(
				(kind) => JSON.stringify(kind) === JSON.stringify(answer),
			),
		);
		// the run is short: copies judged after it ended are repeats, the ones before it told to come back
		expect(kinds.filter((kind) => kind === 0)).toHaveLength(1);
		expect(kinds.filter((kind) => kind === -1)).toEqual([]);
		expect(await executionsOf([transactionId])).toEqual({ [transactionId]: 1 });
	});

	it('a restart of n8n between the first and the second delivery', async () => {
		const transactionIds = [1, 2, 3].map((n) => `txn_restart_${n}`);
		const links = transactionIds.map((id) => signedLink(`REF-${id}`));
		for (const [index, transactionId] of transactionIds.entries())
			expect(await deliver(links[index], transactionId)).toEqual(RUN_ENDED);
		expect(await executionsOf(transactionIds)).toEqual(oncePerTransaction(transactionIds));

		await stack.restart();
		for (const [index, transactionId] of transactionIds.entries())
			expect(await deliver(links[index], transactionId)).toEqual(DUPLICATE);
		// the used links are remembered across the restart too: one link, one result
		expect(await deliver(links[0], 'txn_restart_other')).toEqual({
			status: 409,
			body: {
				error:
					'Callback refused: this signed link already delivered the result of another transaction',
			},
		});
		expect(await executionsOf([...transactionIds, 'txn_restart_other'])).toEqual({
			...oncePerTransaction(transactionIds),
			txn_restart_other: 0,
		});
	});

	it('10 transactions at once (overlapping executions), a restart, then all 10 again', async () => {
		const transactionIds = Array.from({ length: 10 }, (_, n) => `txn_overlap_${n}`);
		const links = transactionIds.map((id) => signedLink(`REF-${id}`));
		const first = await Promise.all(transactionIds.map((id, n) => deliver(links[n], id)));
		expect(first).toEqual(Array(10).fill(RUN_ENDED));
		expect(await executionsOf(transactionIds)).toEqual(oncePerTransaction(transactionIds));

		await stack.restart();
		const again = await Promise.all(transactionIds.map((id, n) => deliver(links[n], id)));
		expect(again).toEqual(Array(10).fill(DUPLICATE));
		expect(await executionsOf(transactionIds)).toEqual(oncePerTransaction(transactionIds));
	});
});

describe('test events (the editor listening on the Test URL)', () => {
	it('run through the trigger unchanged in a manual execution, and are not recorded: production still starts', async () => {
		const transactionId = 'txn_test_event';
		const testLink = signedLink('REF-test').replace('/webhook/', '/webhook-test/');
		expect(await stack.rest.runManually(workflowId, TRIGGER_NODE)).toEqual({
			waitingForWebhook: true,
		});
		expect((await deliver(testLink, transactionId)).status).toBe(200);
		const manual = await stack.rest.waitForExecution({ workflowId, status: 'success' });
		expect(manual.mode).toBe('manual');
		expect(nodeOutput(manual.data, TRIGGER_NODE)).toEqual([
			expect.objectContaining({ transactionId, verdict: 'pass', reference: 'REF-test' }),
		]);

		const production = await deliver(signedLink('REF-test'), transactionId);
		expect(production).toEqual(RUN_ENDED);
		expect((await executionsOf([transactionId]))[transactionId]).toBe(2);
	});
});
