/**
 * Repeated callbacks at the Argos ID Liveness Trigger of a real n8n 2.40.7 (packed package): whatever the order,
 * the timing or a restart in between, each transaction starts exactly one execution (counted through REST).
 */
import { buildCallbackUrl } from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import { startArgosStack, type ArgosStack } from '../../tools/n8n/argosStack';
import { sleep } from '../../tools/n8n/poll';
import { nodeOutput } from '../../tools/n8n';
import {
	postCallback,
	TRIGGER_NODE,
	resultCallbackBody,
	settledExecutionsPerTransaction,
	triggerOnlyWorkflow,
	triggerUrl,
} from '../../tools/n8n/triggerCallbacks';

const SECRET = 'repeats-e2e-callback-secret-6f0c2a';
const WEBHOOK_ID = '7d1f0a52-3b8e-4c61-9a0d-5e2f4b7c8a10';
/** A second workflow whose executions keep running for RUN_SECONDS after the trigger. */
const SLOW_WEBHOOK_ID = '2a6c9e31-8f47-4b05-b1d2-6c3e7f9a0b24';
const RUN_SECONDS = 8;
const ALL_SCORES = { screenReplay: 90, paperPrinted: 90, replacePortraits: 90 };

let stack: ArgosStack;
let workflowId: string;
let slowWorkflowId: string;
beforeAll(async () => {
	stack = await startArgosStack({
		callbackSecret: SECRET,
		workflows: [
			triggerOnlyWorkflow('Repeats', WEBHOOK_ID),
			triggerOnlyWorkflow('Repeats, slow runs', SLOW_WEBHOOK_ID, {}, RUN_SECONDS),
		],
	});
	[workflowId, slowWorkflowId] = stack.workflowIds;
	await stack.rest.activateWorkflow(workflowId);
	await stack.rest.activateWorkflow(slowWorkflowId);
});
afterAll(async () => await stack?.stop());

/** The link the action node would give Argos for one case: signed, with its own reference. */
const signedLink = (reference: string, webhookId = WEBHOOK_ID) =>
	buildCallbackUrl(triggerUrl(stack.n8n.baseUrl, webhookId), {
		reference,
		secret: SECRET,
		expiresAt: Math.floor(Date.now() / 1000) + 3600,
		checks: ['screenReplay', 'paperPrinted', 'replacePortraits'],
	});
const deliver = (link: string, transactionId: string) =>
	postCallback(link, resultCallbackBody(transactionId, ALL_SCORES));
const DUPLICATE = { status: 200, body: { received: true, duplicate: true } };

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
			expect((await deliver(link, transactionId)).status).toBe(200);
			await sleep(2000);
			expect(await deliver(link, transactionId)).toEqual(DUPLICATE);
		}
		expect(await executionsOf(transactionIds)).toEqual(oncePerTransaction(transactionIds));
	});

	it('20 copies of one callback at the same instant', async () => {
		const transactionId = 'txn_simultaneous_1';
		const link = signedLink('REF-simultaneous');
		const answers = await Promise.all(
			Array.from({ length: 20 }, () => deliver(link, transactionId)),
		);
		expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
		expect(
			answers.filter((answer) => JSON.stringify(answer) !== JSON.stringify(DUPLICATE)),
		).toHaveLength(1);
		expect(await executionsOf([transactionId])).toEqual({ [transactionId]: 1 });
	});

	it('a restart of n8n between the first and the second delivery', async () => {
		const transactionIds = [1, 2, 3].map((n) => `txn_restart_${n}`);
		const links = transactionIds.map((id) => signedLink(`REF-${id}`));
		for (const [index, transactionId] of transactionIds.entries())
			expect((await deliver(links[index], transactionId)).status).toBe(200);
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
		expect(first.map((answer) => answer.status)).toEqual(Array(10).fill(200));
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
		expect(production.body).toEqual({ message: 'Workflow was started' });
		expect((await executionsOf([transactionId]))[transactionId]).toBe(2);
	});
});

describe('a restart while the first execution is still running (measured for the README)', () => {
	/** Delivers a callback to the slow workflow and waits until its execution runs. */
	async function deliverAndRun(transactionId: string): Promise<string> {
		const link = signedLink(`REF-${transactionId}`, SLOW_WEBHOOK_ID);
		expect((await deliver(link, transactionId)).status).toBe(200);
		await stack.rest.waitForExecution({ workflowId: slowWorkflowId, status: 'running' });
		return link;
	}

	it('graceful (SIGTERM): n8n lets the execution finish, the record is saved, the repeat starts nothing', async () => {
		const transactionId = 'txn_graceful_restart';
		const link = await deliverAndRun(transactionId);
		await stack.restart(60_000);
		expect(await deliver(link, transactionId)).toEqual(DUPLICATE);
		const all = await settledExecutionsPerTransaction(stack.rest, slowWorkflowId);
		expect(all[transactionId]).toBe(1);
	});

	it('killed (SIGKILL): the record dies with the execution, so the repeat starts a second one (a documented limit)', async () => {
		const transactionId = 'txn_killed';
		const before = (await stack.rest.listExecutions({ workflowId: slowWorkflowId })).length;
		const link = await deliverAndRun(transactionId);
		await stack.restart(0);
		const repeat = await deliver(link, transactionId);
		await settledExecutionsPerTransaction(stack.rest, slowWorkflowId);
		const after = await stack.rest.listExecutions({ workflowId: slowWorkflowId });
		// The measured figure: the killed execution plus one started by the repeat.
		expect({ repeat: repeat.body, executions: after.length - before }).toEqual({
			repeat: { message: 'Workflow was started' },
			executions: 2,
		});
	});
});
