/**
 * Argos may deliver the same callback more than once, and a signed link must deliver one result only. The trigger
 * remembers the callbacks it accepted: the most recent transaction IDs, and which transaction each signed link
 * (its nonce) delivered. Capped, so memory stays bounded.
 *
 * Two copies of that memory, in the same shape:
 * - in the process (`processMemory`): checked and updated in one synchronous step, so copies of a callback arriving
 *   at the same instant start one run. n8n builds a fresh workflow for every webhook request, so nothing else
 *   is shared between them; a module-level map is (n8n loads a node's module once per process).
 * - in the workflow's static data, read on every callback, so repeats are recognised after a restart. n8n does not
 *   save static data changed by a webhook call that starts a run, so the trigger's execute() writes it inside the
 *   run, where n8n saves it when the run ends (see ArgosIdLivenessTrigger.node.ts).
 */
export const REMEMBERED_CALLBACKS = 1000;

export interface CallbackMemory {
	recentTransactionIds?: unknown;
	/** `[nonce, transactionId]` of the signed links that delivered a result. */
	usedLinks?: unknown;
}

export interface AcceptedCallback {
	transactionId: string;
	/** The signed link's nonce; null for an unsigned callback. */
	nonce: string | null;
}

export type CallbackJudgement = 'new' | 'repeat' | 'linkUsed';

function transactionIdsOf(memory: CallbackMemory): string[] {
	const ids = Array.isArray(memory.recentTransactionIds) ? memory.recentTransactionIds : [];
	return ids.filter((id): id is string => typeof id === 'string');
}

function usedLinksOf(memory: CallbackMemory): Array<[string, string]> {
	const links = Array.isArray(memory.usedLinks) ? memory.usedLinks : [];
	return links.filter(
		(link): link is [string, string] =>
			Array.isArray(link) && typeof link[0] === 'string' && typeof link[1] === 'string',
	);
}

/**
 * A repeat when the transaction was accepted before (whatever the link); a used link when the link already
 * delivered another transaction; otherwise new.
 */
export function judgeCallback(
	memories: CallbackMemory[],
	callback: AcceptedCallback,
): CallbackJudgement {
	for (const memory of memories) {
		if (transactionIdsOf(memory).includes(callback.transactionId)) return 'repeat';
	}
	if (callback.nonce === null) return 'new';
	for (const memory of memories) {
		if (usedLinksOf(memory).some(([nonce]) => nonce === callback.nonce)) return 'linkUsed';
	}
	return 'new';
}

/** Adds the callbacks to `memory` (oldest first), keeping the newest `capacity` of each list. */
export function rememberCallbacks(
	memory: CallbackMemory,
	callbacks: AcceptedCallback[],
	capacity = REMEMBERED_CALLBACKS,
): void {
	// Sets and maps keep insertion order, so the oldest entries come first and are the ones cut.
	const ids = new Set(transactionIdsOf(memory));
	const links = new Map(usedLinksOf(memory));
	for (const { transactionId, nonce } of callbacks) {
		ids.add(transactionId);
		if (nonce !== null && !links.has(nonce)) links.set(nonce, transactionId);
	}
	memory.recentTransactionIds = [...ids].slice(-capacity);
	memory.usedLinks = [...links].slice(-capacity);
}

/** Everything `source` remembers, added to `target`. */
export function mergeMemory(target: CallbackMemory, source: CallbackMemory): void {
	const linkOf = new Map(usedLinksOf(source).map(([nonce, id]) => [id, nonce]));
	rememberCallbacks(
		target,
		transactionIdsOf(source).map((transactionId) => ({
			transactionId,
			nonce: linkOf.get(transactionId) ?? null,
		})),
	);
}

const processMemories = new Map<string, CallbackMemory>();

/** This process' memory of one trigger node of one workflow. */
export function processMemory(workflowId: string | undefined, nodeId: string): CallbackMemory {
	const key = `${workflowId ?? ''}:${nodeId}`;
	let memory = processMemories.get(key);
	if (memory === undefined) {
		memory = {};
		processMemories.set(key, memory);
	}
	return memory;
}
