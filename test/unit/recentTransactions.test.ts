import {
	recordTransaction,
	type RecentTransactionsStore,
} from '../../nodes/ArgosIdLivenessTrigger/helpers/recentTransactions';

describe('recordTransaction', () => {
	it('tells a first delivery from a repeat', () => {
		const store: RecentTransactionsStore = {};
		expect(recordTransaction(store, 'txn_1')).toBe(true);
		expect(recordTransaction(store, 'txn_2')).toBe(true);
		expect(recordTransaction(store, 'txn_1')).toBe(false);
		expect(store.recentTransactionIds).toEqual(['txn_1', 'txn_2']);
	});

	it('forgets the oldest beyond its capacity, so memory stays bounded', () => {
		const store: RecentTransactionsStore = {};
		for (let n = 0; n < 5; n++) recordTransaction(store, `txn_${n}`, 3);
		expect(store.recentTransactionIds).toEqual(['txn_2', 'txn_3', 'txn_4']);
		expect(recordTransaction(store, 'txn_0', 3)).toBe(true);
	});

	it('recovers from static data that is not a list', () => {
		const store: RecentTransactionsStore = { recentTransactionIds: 'corrupt' };
		expect(recordTransaction(store, 'txn_1')).toBe(true);
		expect(store.recentTransactionIds).toEqual(['txn_1']);
	});
});
