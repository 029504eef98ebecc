/**
 * Argos may deliver the same callback more than once. The trigger remembers the most recent transaction IDs
 * in the workflow's static data (saved by n8n after each call, so it survives restarts), capped so it never grows.
 */
export const REMEMBERED_TRANSACTIONS = 1000;

export interface RecentTransactionsStore {
	recentTransactionIds?: unknown;
}

/** Records `transactionId`; returns false when it was already seen (a duplicate delivery). */
export function recordTransaction(
	store: RecentTransactionsStore,
	transactionId: string,
	capacity = REMEMBERED_TRANSACTIONS,
): boolean {
	const recent = Array.isArray(store.recentTransactionIds)
		? (store.recentTransactionIds as string[])
		: [];
	if (recent.includes(transactionId)) return false;
	recent.push(transactionId);
	store.recentTransactionIds = recent.slice(-capacity);
	return true;
}
