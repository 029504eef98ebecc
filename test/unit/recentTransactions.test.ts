import {
	judgeCallback,
	mergeMemory,
	processMemory,
	rememberCallbacks,
	type CallbackMemory,
} from '../../package/nodes/ArgosIdLivenessTrigger/helpers/recentTransactions';

const callback = (transactionId: string, nonce: string | null = null) => ({ transactionId, nonce });

describe('judgeCallback and rememberCallbacks', () => {
	it('tells a first delivery from a repeat, in any of the memories', () => {
		const inProcess: CallbackMemory = {};
		const persisted: CallbackMemory = { recentTransactionIds: ['txn_old'] };
		expect(judgeCallback([inProcess, persisted], callback('txn_1'))).toBe('new');
		rememberCallbacks(inProcess, [callback('txn_1')]);
		expect(judgeCallback([inProcess, persisted], callback('txn_1'))).toBe('repeat');
		expect(judgeCallback([inProcess, persisted], callback('txn_old'))).toBe('repeat');
	});

	it('lets a signed link deliver one transaction: its repeats are repeats, another transaction is refused', () => {
		const memory: CallbackMemory = {};
		rememberCallbacks(memory, [callback('txn_1', 'link-1')]);
		expect(judgeCallback([memory], callback('txn_1', 'link-1'))).toBe('repeat');
		expect(judgeCallback([memory], callback('txn_2', 'link-1'))).toBe('linkUsed');
		expect(judgeCallback([memory], callback('txn_2', 'link-2'))).toBe('new');
		expect(memory.usedLinks).toEqual([['link-1', 'txn_1']]);
	});

	it('forgets the oldest beyond its capacity, so memory stays bounded', () => {
		const memory: CallbackMemory = {};
		for (let n = 0; n < 5; n++) rememberCallbacks(memory, [callback(`txn_${n}`, `link-${n}`)], 3);
		expect(memory.recentTransactionIds).toEqual(['txn_2', 'txn_3', 'txn_4']);
		expect(memory.usedLinks).toEqual([
			['link-2', 'txn_2'],
			['link-3', 'txn_3'],
			['link-4', 'txn_4'],
		]);
		expect(judgeCallback([memory], callback('txn_0'))).toBe('new');
	});

	it('recovers from static data that is not what it wrote', () => {
		const memory: CallbackMemory = { recentTransactionIds: 'corrupt', usedLinks: [1, ['a']] };
		expect(judgeCallback([memory], callback('txn_1', 'a'))).toBe('new');
		rememberCallbacks(memory, [callback('txn_1')]);
		expect(memory).toEqual({ recentTransactionIds: ['txn_1'], usedLinks: [] });
	});
});

describe('mergeMemory', () => {
	it('adds what another memory holds, links included, without doubles', () => {
		const target: CallbackMemory = { recentTransactionIds: ['txn_1'], usedLinks: [] };
		mergeMemory(target, {
			recentTransactionIds: ['txn_1', 'txn_2'],
			usedLinks: [['link-2', 'txn_2']],
		});
		expect(target).toEqual({
			recentTransactionIds: ['txn_1', 'txn_2'],
			usedLinks: [['link-2', 'txn_2']],
		});
	});
});

describe('processMemory', () => {
	it('is one memory per workflow and trigger node, shared by every call in the process', () => {
		expect(processMemory('wf1', 'node1')).toBe(processMemory('wf1', 'node1'));
		expect(processMemory('wf1', 'node1')).not.toBe(processMemory('wf2', 'node1'));
		expect(processMemory('wf1', 'node1')).not.toBe(processMemory('wf1', 'node2'));
	});
});
