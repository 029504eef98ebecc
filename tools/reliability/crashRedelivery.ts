/**
 * Matrix 5, n8n stopped while callbacks run: the trigger → a step that keeps each run going → a CRM (a capture
 * server), n8n killed (SIGKILL, as a crash or an out-of-memory kill) or stopped (SIGTERM) while the runs go, started
 * again, and every callback delivered again, as a sender whose delivery got no answer does. Then n8n is restarted
 * once more and every callback delivered a third time: each must be a repeat by now. What counts is what the CRM
 * got: each result at least once, and never again after a run that n8n saved as ended. A run killed after its CRM
 * step and before n8n saved its end is, to n8n and the trigger, a run that never ended: its repeat runs again and
 * the CRM gets the result twice (the window the README names); those are counted apart.
 */
import { buildCallbackUrl } from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES } from '../../package/nodes/resultsAndCallbacks/checks';
import { asCustomNodes } from '../argos-stack/argosStack';
import { startCaptureServer } from '../n8n/captureServer';
import { nodeOutput } from '../n8n/executionData';
import { pollUntil, sleep } from '../n8n/poll';
import {
	TRIGGER_NODE,
	crmDeliveries,
	postCallback,
	triggerToCrmWorkflow,
	triggerUrl,
} from '../argos-stack/triggerCallbacks';
import { newTransactionId, resultBody } from './hostileCallbacks';
import type { ReliabilityStack } from './reliabilityStack';

export interface CrashPlan {
	/** Callbacks running when n8n is stopped, per round. */
	transactions: number;
	/** Rounds of each way of stopping. */
	rounds: number;
}

type StopKind = 'SIGKILL' | 'SIGTERM';

export interface CrashRow {
	stop: StopKind;
	round: number;
	transactions: number;
	/** Runs going when n8n was stopped. */
	runningAtStop: number;
	/** What the first deliveries got: HTTP status, or 0 when the connection broke without an answer. */
	firstAnswers: Record<number, number>;
	/** What the deliveries after the restart got. */
	redeliveryAnswers: Record<number, number>;
	/** Transactions whose result never reached the CRM. */
	lost: string[];
	/** Transactions whose result reached the CRM more than once after a run of theirs was saved as ended. */
	twiceAfterSavedEnd: string[];
	/**
	 * Transactions whose result reached the CRM twice because their first run was killed after its CRM step and
	 * before n8n saved its end (one successful run only).
	 */
	twiceInCrashWindow: string[];
	/** Deliveries after the second restart (all runs long ended) that started a run. */
	startedByRepeats: number;
	/** The workflow's executions of this round, by status. */
	executions: Record<string, number>;
}

const RUN_SECONDS = 8;
const WEBHOOK_ID = 'e1f2a3b4-0c5d-4e6f-8a7b-9c0d1e2f3a4b';

const tally = (values: number[]) =>
	values.reduce<Record<number, number>>((counts, value) => {
		counts[value] = (counts[value] ?? 0) + 1;
		return counts;
	}, {});

/** Runs the rounds: SIGKILL rounds, then SIGTERM rounds. */
export async function runCrashMatrix(
	stack: ReliabilityStack,
	signingKey: string,
	plan: CrashPlan,
	log: (line: string) => void = () => {},
): Promise<CrashRow[]> {
	const crm = await startCaptureServer();
	try {
		const workflowId = await stack.publish(
			asCustomNodes(
				triggerToCrmWorkflow('Reliability: callback to CRM', WEBHOOK_ID, crm.url, RUN_SECONDS),
			),
		);
		const link = (reference: string) =>
			buildCallbackUrl(triggerUrl(stack.argos.n8n.baseUrl, WEBHOOK_ID), {
				reference,
				secret: signingKey,
				expiresAt: Math.floor(Date.now() / 1000) + 3600,
				checks: CHECK_NAMES,
			});
		const deliver = async (url: string, transactionId: string) =>
			(await postCallback(url, resultBody(transactionId)).catch(() => ({ status: 0 }))).status;
		const crmCount = (transactionId: string) => crmDeliveries(crm, transactionId);
		const executions = async (afterId: number) =>
			(await stack.argos.rest.listExecutions({ workflowId })).filter(
				(execution) => Number(execution.id) > afterId,
			);
		const successfulRunsPerTransaction = async (ended: Array<{ id: string; status: string }>) => {
			const runs = new Map<string, number>();
			for (const { id } of ended.filter((execution) => execution.status === 'success')) {
				const { data } = await stack.argos.rest.getExecution(id);
				const transactionId = String(nodeOutput(data, TRIGGER_NODE)[0]?.transactionId);
				runs.set(transactionId, (runs.get(transactionId) ?? 0) + 1);
			}
			return runs;
		};
		const settled = async (afterId: number) =>
			await stack.argos.rest.settledExecutionsAfter(workflowId, afterId, 300_000);

		const rows: CrashRow[] = [];
		const stops: StopKind[] = ['SIGKILL', 'SIGTERM'];
		for (const stop of stops) {
			for (let round = 1; round <= plan.rounds; round++) {
				const before = await stack.argos.rest.newestExecutionId(workflowId);
				const transactionIds = Array.from({ length: plan.transactions }, () => newTransactionId());
				const links = transactionIds.map((id) => link(`REF-${id}`));
				const sentAt = Date.now();
				const pending = transactionIds.map((id, n) => deliver(links[n], id));
				// stopped once at least half the runs go and 2 s have passed
				const runningAtStop = await pollUntil(
					async () => {
						const going = (await executions(before)).filter(
							(execution) => execution.status === 'running',
						).length;
						return going >= Math.ceil(plan.transactions / 2) && Date.now() - sentAt >= 2000
							? going
							: undefined;
					},
					{ timeoutMs: 180_000, intervalMs: 100, description: 'the runs to go' },
				);
				await stack.argos.restart(stop === 'SIGKILL' ? 'kill' : 60_000);
				const firstAnswers = await Promise.all(pending);

				const redeliveryAnswers = await Promise.all(
					transactionIds.map((id, n) => deliver(links[n], id)),
				);
				await settled(before);
				const afterRedelivery = (await executions(before)).length;
				await stack.argos.restart();
				await Promise.all(transactionIds.map((id, n) => deliver(links[n], id)));
				const all = await settled(before);
				await sleep(1000);
				const successfulRuns = await successfulRunsPerTransaction(all);
				const twice = transactionIds.filter((id) => crmCount(id) > 1);
				const row: CrashRow = {
					stop,
					round,
					transactions: plan.transactions,
					runningAtStop,
					firstAnswers: tally(firstAnswers),
					redeliveryAnswers: tally(redeliveryAnswers),
					lost: transactionIds.filter((id) => crmCount(id) === 0),
					twiceAfterSavedEnd: twice.filter((id) => (successfulRuns.get(id) ?? 0) > 1),
					twiceInCrashWindow: twice.filter((id) => (successfulRuns.get(id) ?? 0) <= 1),
					startedByRepeats: all.length - afterRedelivery,
					executions: all.reduce<Record<string, number>>((counts, execution) => {
						counts[execution.status] = (counts[execution.status] ?? 0) + 1;
						return counts;
					}, {}),
				};
				log(
					`crash: ${stop} round ${round}: ${row.runningAtStop} running at the stop, ${row.lost.length} lost, ${row.twiceAfterSavedEnd.length} twice after a saved end, ${row.twiceInCrashWindow.length} twice from a run killed between its CRM step and its save, ${row.startedByRepeats} started by repeats`,
				);
				rows.push(row);
			}
		}
		return rows;
	} finally {
		await crm.close();
	}
}
