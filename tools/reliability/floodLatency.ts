/**
 * Matrix 6, refusing forged callbacks under load: how long a real callback waits while 20 forged ones arrive at
 * every moment, next to n8n's own floor, a bare Webhook node under the same flood. Each target is measured idle, then
 * flooded: 20 senders post forged callbacks (a well-formed link with a wrong signature, a valid body, a new
 * transaction each) in a loop, while one sender posts real requests one after the other and times each answer. Both
 * workflows are one node answered when its run has ended ('lastNode', no data), so a real request costs the same run
 * in both. Also n8n's CPU time per forged request, from /proc (the n8n process and its task runner).
 */
import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';

import { buildCallbackUrl } from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES } from '../../package/nodes/resultsAndCallbacks/checks';
import { asCustomNodes } from '../argos-stack/argosStack';
import { processGroup } from '../n8n/processTree';
import { postCallback, triggerOnlyWorkflow, triggerUrl } from '../argos-stack/triggerCallbacks';
import { newTransactionId, resultBody } from './hostileCallbacks';
import type { ReliabilityStack } from './reliabilityStack';

export interface FloodPlan {
	/** Real requests timed per target and phase. */
	requests: number;
	/** Senders of forged callbacks at once. */
	flood: number;
}

export interface FloodRow {
	target: string;
	phase: 'idle' | 'flooded';
	requests: number;
	medianMs: number;
	p99Ms: number;
	/** Forged callbacks sent while the real ones were timed, and what n8n answered them. */
	forged: number;
	forgedAnswers: Record<number, number>;
	/** n8n's CPU time (ms) per forged callback, over the flood. */
	cpuMsPerForged?: number;
	/** Real requests not answered as a run that ended (200). */
	realRefused: number;
	/** Runs started beyond the real requests: forged callbacks let through (the trigger only; the floor takes all). */
	forgedStarted?: number;
}

const TRIGGER_WEBHOOK_ID = 'f10d1a7e-5c3b-4a2e-9d8f-7b6c5a4e3d2c';
const WEBHOOK_PATH = 'reliability-flood-floor';

/** A bare Webhook node answered when its one-node run has ended, with no data: n8n's floor. */
function bareWebhookWorkflow(): Record<string, unknown> {
	return {
		name: 'Reliability: bare Webhook (floor)',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'flood-floor-webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: 'reliability-flood-floor',
				parameters: {
					httpMethod: 'POST',
					path: WEBHOOK_PATH,
					responseMode: 'lastNode',
					responseData: 'noData',
					options: {},
				},
			},
		],
		connections: {},
	};
}

/** The n8n process group's CPU time so far, in ms (utime + stime of each process, 100 ticks a second). */
function cpuMs(pid: number): number {
	return processGroup(pid).reduce((total, process) => {
		try {
			const fields = readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
			return total + (Number(fields[11]) + Number(fields[12])) * 10;
		} catch {
			return total; // the process ended meanwhile
		}
	}, 0);
}

const percentile = (sorted: number[], fraction: number) =>
	sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;

interface Target {
	name: string;
	workflowId: string;
	/** Whether it refuses the forged requests (the trigger) or takes them all (the floor). */
	refuses: boolean;
	real: () => { url: string; body: unknown };
	forged: () => { url: string; body: unknown };
}

async function measure(
	stack: ReliabilityStack,
	target: Target,
	phase: FloodRow['phase'],
	plan: FloodPlan,
): Promise<FloodRow> {
	const before = await stack.settledCount(target.workflowId);
	let flooding = phase === 'flooded';
	const forgedAnswers: number[] = [];
	const pid = stack.argos.n8n.pid;
	const cpuBefore = cpuMs(pid);
	const senders = Array.from({ length: flooding ? plan.flood : 0 }, async () => {
		while (flooding) {
			const { url, body } = target.forged();
			const answer = await postCallback(url, body).catch(() => ({ status: 0 }));
			forgedAnswers.push(answer.status);
		}
	});
	const latencies: number[] = [];
	let realRefused = 0;
	for (let n = 0; n < plan.requests; n++) {
		const { url, body } = target.real();
		const startedAt = performance.now();
		const answer = await postCallback(url, body).catch(() => ({ status: 0 }));
		latencies.push(performance.now() - startedAt);
		if (answer.status !== 200) realRefused++;
	}
	flooding = false;
	await Promise.all(senders);
	const cpu = cpuMs(pid) - cpuBefore;
	const after = await stack.settledCount(target.workflowId);
	latencies.sort((a, b) => a - b);
	return {
		target: target.name,
		phase,
		requests: plan.requests,
		medianMs: Math.round(percentile(latencies, 0.5)),
		p99Ms: Math.round(percentile(latencies, 0.99)),
		forged: forgedAnswers.length,
		forgedAnswers: forgedAnswers.reduce<Record<number, number>>((counts, status) => {
			counts[status] = (counts[status] ?? 0) + 1;
			return counts;
		}, {}),
		...(forgedAnswers.length > 0 && {
			// the real requests' own share is small beside hundreds of forged ones, and counted against the flood
			cpuMsPerForged: Math.round(cpu / forgedAnswers.length),
		}),
		realRefused,
		...(target.refuses && {
			forgedStarted: Math.max(0, after - before - (plan.requests - realRefused)),
		}),
	};
}

/** The trigger, then the bare Webhook node; each idle, then flooded. */
export async function runFloodMatrix(
	stack: ReliabilityStack,
	signingKey: string,
	plan: FloodPlan,
	log: (line: string) => void = () => {},
): Promise<FloodRow[]> {
	const triggerWorkflowId = await stack.publish(
		asCustomNodes(triggerOnlyWorkflow('Reliability: trigger under a flood', TRIGGER_WEBHOOK_ID)),
	);
	const floorWorkflowId = await stack.publish(bareWebhookWorkflow());
	const triggerLink = (signature?: string) => {
		const url = new URL(
			buildCallbackUrl(triggerUrl(stack.argos.n8n.baseUrl, TRIGGER_WEBHOOK_ID), {
				reference: 'REF-flood',
				secret: signingKey,
				expiresAt: Math.floor(Date.now() / 1000) + 3600,
				checks: CHECK_NAMES,
			}),
		);
		if (signature !== undefined) url.searchParams.set('argosSig', signature);
		return url.toString();
	};
	const forgedSignature = () => `v3.${randomBytes(32).toString('hex')}`;
	const targets: Target[] = [
		{
			name: 'Argos ID Liveness Trigger: a real callback; forged ones refused (401)',
			workflowId: triggerWorkflowId,
			refuses: true,
			real: () => ({ url: triggerLink(), body: resultBody(newTransactionId()) }),
			forged: () => ({ url: triggerLink(forgedSignature()), body: resultBody(newTransactionId()) }),
		},
		{
			name: "n8n's floor: a bare Webhook node (every request starts its one-node run)",
			workflowId: floorWorkflowId,
			refuses: false,
			real: () => ({
				url: stack.argos.n8n.webhookUrl(WEBHOOK_PATH),
				body: resultBody(newTransactionId()),
			}),
			forged: () => ({
				url: `${stack.argos.n8n.webhookUrl(WEBHOOK_PATH)}?argosSig=${forgedSignature()}`,
				body: resultBody(newTransactionId()),
			}),
		},
	];
	const rows: FloodRow[] = [];
	for (const target of targets) {
		for (const phase of ['idle', 'flooded'] as const) {
			const row = await measure(stack, target, phase, plan);
			log(
				`flood: ${target.name}, ${phase}: median ${row.medianMs} ms, p99 ${row.p99Ms} ms, ${row.forged} forged`,
			);
			rows.push(row);
		}
	}
	return rows;
}
