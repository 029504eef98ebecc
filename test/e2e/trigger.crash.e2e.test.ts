/**
 * n8n stopping while the run a callback started is still going, in a real n8n 2.40.7 with the packed package: the
 * trigger → an 8-second step → a CRM (a capture server). Killed (SIGKILL, as a crash or an out-of-memory kill) or
 * stopped (SIGTERM) 2 s after the callback, restarted, and the callback delivered again: the CRM gets the result
 * exactly once and one execution succeeds. The figures are the README's ("Argos ID Liveness Trigger", "Repeats").
 */
import { startArgosStack, type ArgosStack } from '../../tools/argos-stack/argosStack';
import { startCaptureServer, type CaptureServer } from '../../tools/n8n/captureServer';
import { pollUntil, sleep } from '../../tools/n8n/poll';
import {
	ALL_SCORES,
	crmDeliveries,
	deliverResult,
	DUPLICATE,
	resultCallbackBody,
	RUN_ENDED,
	signedTriggerLink,
	triggerToCrmWorkflow,
	triggerUrl,
	type DeliveryOutcome,
} from '../../tools/argos-stack/triggerCallbacks';

const SECRET = 'crash-e2e-callback-secret-41b7d2';
const WEBHOOK_ID = '5c2e8f14-7a3b-4d90-8e61-2f0b9c4d7a35';
const RUN_SECONDS = 8;

let crm: CaptureServer;
let stack: ArgosStack;
let workflowId: string;
beforeAll(async () => {
	crm = await startCaptureServer();
	stack = await startArgosStack({
		callbackSecret: SECRET,
		workflows: [triggerToCrmWorkflow('Callback to CRM', WEBHOOK_ID, crm.url, RUN_SECONDS)],
	});
	[workflowId] = stack.workflowIds;
	await stack.rest.activateWorkflow(workflowId);
});
afterAll(async () => {
	await stack?.stop();
	await crm?.close();
});

const signedLink = (reference: string) =>
	signedTriggerLink(triggerUrl(stack.n8n.baseUrl, WEBHOOK_ID), reference, SECRET);

/**
 * Delivers the callbacks and returns their pending deliveries once 2 s have passed and `running` of the runs they
 * started are going (on this shared machine a run may take longer than 2 s to start).
 */
async function deliverAndLetRun(
	links: string[],
	transactionIds: string[],
	afterId: number,
	running = links.length,
): Promise<Array<Promise<DeliveryOutcome>>> {
	const sentAt = Date.now();
	const pending = links.map((link, n) => deliverResult(link, transactionIds[n]));
	await pollUntil(
		async () => {
			const going = (await stack.rest.listExecutions({ workflowId, status: ['running'] })).filter(
				(execution) => Number(execution.id) > afterId,
			);
			return going.length >= running ? true : undefined;
		},
		{ timeoutMs: 120_000, intervalMs: 100, description: `${running} runs going` },
	);
	await sleep(Math.max(0, sentAt + 2000 - Date.now()));
	return pending;
}

describe('n8n stopped while the run a callback started is going', () => {
	it('killed (SIGKILL) 2 s in: no answer; after the restart the redelivery runs it again, the CRM gets it once', async () => {
		const transactionId = 'txn_crash_kill';
		const link = signedLink('REF-kill');
		const before = await stack.rest.newestExecutionId(workflowId);
		const [first] = await deliverAndLetRun([link], [transactionId], before);
		expect(crmDeliveries(crm, transactionId)).toBe(0);
		await stack.restart('kill');
		expect(await first).toEqual({ noAnswer: expect.any(String) });

		expect(await deliverResult(link, transactionId)).toEqual(RUN_ENDED);
		expect(crmDeliveries(crm, transactionId)).toBe(1);
		expect(await deliverResult(link, transactionId)).toEqual(DUPLICATE);
		expect(await stack.rest.executionStatusesAfter(workflowId, before)).toEqual([
			'crashed',
			'success',
		]);
		expect(crmDeliveries(crm, transactionId)).toBe(1);
	});

	it('stopped (SIGTERM) 2 s in: n8n lets the run end, the redelivery after the restart is a repeat, the CRM gets it once', async () => {
		const transactionId = 'txn_crash_term';
		const link = signedLink('REF-term');
		const before = await stack.rest.newestExecutionId(workflowId);
		const [first] = await deliverAndLetRun([link], [transactionId], before);
		expect(crmDeliveries(crm, transactionId)).toBe(0);
		await stack.restart(60_000);
		// n8n finished the run before exiting; whether its answer still reached the caller does not matter
		expect(crmDeliveries(crm, transactionId)).toBe(1);
		await first;

		expect(await deliverResult(link, transactionId)).toEqual(DUPLICATE);
		expect(await stack.rest.executionStatusesAfter(workflowId, before)).toEqual(['success']);
		expect(crmDeliveries(crm, transactionId)).toBe(1);
	});

	it('a copy while the run is going is told to come back (503, Retry-After); no result lost, none twice', async () => {
		const transactionId = 'txn_crash_copy';
		const link = signedLink('REF-copy');
		const before = await stack.rest.newestExecutionId(workflowId);
		const [first] = await deliverAndLetRun([link], [transactionId], before);
		const copy = await fetch(link, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(resultCallbackBody(transactionId, ALL_SCORES)),
		});
		expect({ status: copy.status, retryAfter: copy.headers.get('retry-after') }).toEqual({
			status: 503,
			retryAfter: '30',
		});
		expect(await first).toEqual(RUN_ENDED);
		expect(await deliverResult(link, transactionId)).toEqual(DUPLICATE);
		expect(await stack.rest.executionStatusesAfter(workflowId, before)).toEqual(['success']);
		expect(crmDeliveries(crm, transactionId)).toBe(1);
	});

	it('10 callbacks running when n8n is killed, all 10 delivered again after the restart: each reaches the CRM once', async () => {
		const transactionIds = Array.from({ length: 10 }, (_, n) => `txn_crash_many_${n}`);
		const links = transactionIds.map((id) => signedLink(`REF-${id}`));
		const before = await stack.rest.newestExecutionId(workflowId);
		// killed once most runs are going: on this machine the first may end before the last starts
		const pending = await deliverAndLetRun(links, transactionIds, before, 5);
		await stack.restart('kill');
		const first = await Promise.all(pending);
		const killed = first.filter((outcome) => 'noAnswer' in outcome).length;
		expect(killed).toBeGreaterThanOrEqual(5);

		// A run that ended before the kill is a repeat; one killed runs again (or is a repeat, had it ended just
		// before the kill without its answer getting out).
		const again = await Promise.all(transactionIds.map((id, n) => deliverResult(links[n], id)));
		const expected = first.map((outcome) =>
			'noAnswer' in outcome ? ['run ended', 'duplicate'] : ['duplicate'],
		);
		const named = (outcome: DeliveryOutcome) =>
			JSON.stringify(outcome) === JSON.stringify(RUN_ENDED)
				? 'run ended'
				: JSON.stringify(outcome) === JSON.stringify(DUPLICATE)
					? 'duplicate'
					: JSON.stringify(outcome);
		again.forEach((outcome, n) => expect(expected[n]).toContain(named(outcome)));
		expect(transactionIds.map((id) => crmDeliveries(crm, id))).toEqual(Array(10).fill(1));
		// and after a graceful restart every one of them is a repeat
		await stack.restart();
		const repeats = await Promise.all(transactionIds.map((id, n) => deliverResult(links[n], id)));
		expect(repeats).toEqual(Array(10).fill(DUPLICATE));
		const statuses = await stack.rest.executionStatusesAfter(workflowId, before);
		expect(statuses.filter((status) => status === 'success')).toHaveLength(10);
		expect(statuses.filter((status) => status !== 'success')).toEqual(
			Array(killed).fill('crashed'),
		);
		expect(transactionIds.map((id) => crmDeliveries(crm, id))).toEqual(Array(10).fill(1));
		console.log(
			`CRASH FIGURE: 10 callbacks, n8n killed with ${killed} runs going; after the restart each reached the CRM once`,
		);
	});
});
