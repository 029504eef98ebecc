import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { beforeRunIsSaved, takeRunNote } from '../../resultsAndCallbacks/n8nInternals';
import {
	deliveredCallbacks,
	rememberCallbacks,
	triggerMemory,
	type AcceptedCallback,
	type CallbackMemory,
} from './recentTransactions';

/** What webhook() tells the run it starts (carried in an extra item that execute() takes off). */
export interface RunNote {
	transactionId: string;
	nonce: string | null;
	/** Delivered callbacks the webhook's process has not seen saved yet: `[transactionId, nonce]`. */
	carried: Array<[string, string | null]>;
}

function readNote(note: unknown): RunNote | undefined {
	const { transactionId, nonce, carried } = (note ?? {}) as Partial<RunNote>;
	if (typeof transactionId !== 'string') return undefined;
	return {
		transactionId,
		nonce: typeof nonce === 'string' ? nonce : null,
		carried: (Array.isArray(carried) ? carried : []).filter(
			(entry): entry is [string, string | null] =>
				Array.isArray(entry) &&
				typeof entry[0] === 'string' &&
				(typeof entry[1] === 'string' || entry[1] === null),
		),
	};
}

/**
 * The trigger's execute(), inside the run its webhook() started: passes webhook()'s items on unchanged, and records
 * the callback in the workflow's static data, which n8n saves when this run ends (not when it dies). That static
 * data points at this process' memory of delivered callbacks, and the callback joins that memory just before n8n
 * saves the run, so every later save in this process keeps it too.
 */
export function recordDelivery(context: IExecuteFunctions): INodeExecutionData[][] {
	const { outputs, note } = takeRunNote(context);
	const run = readNote(note);
	// Test events (manual executions) are not recorded; n8n would not save their static data either.
	if (run === undefined || context.getMode() === 'manual') return outputs;

	const memory = triggerMemory(context.getWorkflow().id, context.getNode().id);
	const saved = context.getWorkflowStaticData('node') as CallbackMemory;
	const carried = run.carried.map(([transactionId, nonce]) => ({ transactionId, nonce }));
	rememberCallbacks(memory.delivered, [...deliveredCallbacks(saved), ...carried]);
	saved.recentTransactionIds = memory.delivered.recentTransactionIds;
	saved.usedLinks = memory.delivered.usedLinks;
	saved.thisRun = [run.transactionId, run.nonce];
	const thisCallback: AcceptedCallback = { transactionId: run.transactionId, nonce: run.nonce };
	beforeRunIsSaved(context, () => rememberCallbacks(memory.delivered, [thisCallback]));
	return outputs;
}
