/**
 * Argos may deliver the same callback more than once, and a signed link must deliver one result only. A callback
 * counts as delivered once the run it started has ended (succeeded, or failed as n8n recorded): only then is it a
 * repeat, and its link used. Until then it is in flight: a copy is told to come back later, and if the run dies with
 * n8n (a crash, an out-of-memory kill) nothing says it was delivered, so the next copy starts it again.
 *
 * What the trigger knows lives in three places, in the same shape (CallbackMemory):
 * - the workflow's static data, read on every callback; written only inside the run a callback started, which n8n
 *   saves when that run ends (see n8nInternals.ts). The run's static data points at this process' memory of
 *   delivered callbacks, so whatever ended before the save is in it (n8n saves static data whole: a run saving
 *   only its own callback would erase the ones that ended while it ran).
 * - this process' memory (`triggerMemory`): delivered callbacks, callbacks in flight (checked and marked in one
 *   synchronous step, so copies arriving at the same instant start one run), and delivered callbacks not yet seen in
 *   the saved static data (in queue mode another worker's save may have left them out: the next run adds them).
 * Capped, so memory stays bounded.
 */
export const REMEMBERED_CALLBACKS = 1000;
/** Delivered callbacks a run is asked to add to the saved record, at most (the newest). */
export const UNCONFIRMED_CARRIED = 100;

export interface CallbackMemory {
	recentTransactionIds?: unknown;
	/** `[nonce, transactionId]` of the signed links that delivered a result. */
	usedLinks?: unknown;
	/** `[transactionId, nonce]` of the run that saved this static data. */
	thisRun?: unknown;
}

export interface AcceptedCallback {
	transactionId: string;
	/** The signed link's nonce; null for an unsigned callback. */
	nonce: string | null;
}

export type CallbackJudgement = 'new' | 'repeat' | 'inFlight' | 'linkUsed';

function rememberedTransactionIds(memory: CallbackMemory): string[] {
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

function thisRunOf(memory: CallbackMemory): AcceptedCallback[] {
	const [transactionId, nonce] = Array.isArray(memory.thisRun) ? memory.thisRun : [];
	if (typeof transactionId !== 'string') return [];
	return [{ transactionId, nonce: typeof nonce === 'string' ? nonce : null }];
}

/** Every delivered callback `memory` holds, oldest first. */
export function deliveredCallbacks(memory: CallbackMemory): AcceptedCallback[] {
	const linkOf = new Map(usedLinksOf(memory).map(([nonce, id]) => [id, nonce]));
	return [
		...rememberedTransactionIds(memory).map((transactionId) => ({
			transactionId,
			nonce: linkOf.get(transactionId) ?? null,
		})),
		...thisRunOf(memory),
	];
}

function isDelivered(memory: CallbackMemory, transactionId: string): boolean {
	return (
		rememberedTransactionIds(memory).includes(transactionId) ||
		thisRunOf(memory).some((callback) => callback.transactionId === transactionId)
	);
}

function linkUsedIn(memory: CallbackMemory, nonce: string): boolean {
	return (
		usedLinksOf(memory).some(([used]) => used === nonce) ||
		thisRunOf(memory).some((callback) => callback.nonce === nonce)
	);
}

/**
 * A repeat when the transaction was delivered before (whatever the link); in flight while the run its first copy
 * started has not ended; a used link when the link delivered, or is delivering, another transaction; else new.
 */
export function judgeCallback(
	delivered: CallbackMemory[],
	inFlight: ReadonlyMap<string, string | null>,
	callback: AcceptedCallback,
): CallbackJudgement {
	const { transactionId, nonce } = callback;
	if (delivered.some((memory) => isDelivered(memory, transactionId))) return 'repeat';
	if (inFlight.has(transactionId)) return 'inFlight';
	if (nonce === null) return 'new';
	if (delivered.some((memory) => linkUsedIn(memory, nonce))) return 'linkUsed';
	if ([...inFlight.values()].includes(nonce)) return 'linkUsed';
	return 'new';
}

/**
 * Adds the callbacks to `memory` (oldest first), keeping the newest `capacity` of each list. The lists are changed
 * in place: static data that points at them sees the change.
 */
export function rememberCallbacks(
	memory: CallbackMemory,
	callbacks: AcceptedCallback[],
	capacity = REMEMBERED_CALLBACKS,
): void {
	// Sets and maps keep insertion order, so the oldest entries come first and are the ones cut.
	const ids = new Set(rememberedTransactionIds(memory));
	const links = new Map(usedLinksOf(memory));
	for (const { transactionId, nonce } of callbacks) {
		ids.add(transactionId);
		if (nonce !== null && !links.has(nonce)) links.set(nonce, transactionId);
	}
	replaceInPlace(memory, 'recentTransactionIds', [...ids].slice(-capacity));
	replaceInPlace(memory, 'usedLinks', [...links].slice(-capacity));
}

function replaceInPlace(
	memory: CallbackMemory,
	list: 'recentTransactionIds' | 'usedLinks',
	values: unknown[],
): void {
	const current = memory[list];
	if (Array.isArray(current)) current.splice(0, current.length, ...values);
	else memory[list] = values;
}

/** What one process knows about one trigger. */
export interface TriggerMemory {
	/** Callbacks whose run ended, and links used by them. */
	delivered: CallbackMemory;
	/** transactionId → nonce of callbacks whose run has not ended yet. */
	inFlight: Map<string, string | null>;
	/** Delivered callbacks (as n8n's answer said) not yet seen in the saved static data. */
	unconfirmed: Map<string, string | null>;
}

/** Forgets the unconfirmed callbacks that `saved` holds: a save has them. */
export function confirmSaved(memory: TriggerMemory, saved: CallbackMemory): void {
	for (const transactionId of [...memory.unconfirmed.keys()])
		if (isDelivered(saved, transactionId)) memory.unconfirmed.delete(transactionId);
}

/** A delivered callback that may be missing from the saved static data: remembered, and kept to be saved. */
export function rememberUnconfirmed(memory: TriggerMemory, callback: AcceptedCallback): void {
	rememberCallbacks(memory.delivered, [callback]);
	memory.unconfirmed.delete(callback.transactionId);
	memory.unconfirmed.set(callback.transactionId, callback.nonce);
	for (const transactionId of [...memory.unconfirmed.keys()].slice(0, -UNCONFIRMED_CARRIED))
		memory.unconfirmed.delete(transactionId);
}

const triggerMemories = new Map<string, TriggerMemory>();

/**
 * This process' memory of one trigger node of one workflow. n8n builds a fresh workflow for every webhook request
 * and every run, so nothing else is shared between them; a module-level map is (n8n loads a node's module once per
 * process).
 */
export function triggerMemory(workflowId: string | undefined, nodeId: string): TriggerMemory {
	const key = `${workflowId ?? ''}:${nodeId}`;
	let memory = triggerMemories.get(key);
	if (memory === undefined) {
		memory = { delivered: {}, inFlight: new Map(), unconfirmed: new Map() };
		triggerMemories.set(key, memory);
	}
	return memory;
}
