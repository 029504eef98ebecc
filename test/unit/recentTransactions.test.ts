import {
	confirmSaved,
	deliveredCallbacks,
	judgeCallback,
	rememberCallbacks,
	rememberUnconfirmed,
	triggerMemory,
	UNCONFIRMED_CARRIED,
	type CallbackMemory,
	type TriggerMemory,
} from '../../package/nodes/ArgosIdLivenessTrigger/helpers/recentTransactions';

const callback = (transactionId: string, nonce: string | null = null) => ({ transactionId, nonce });
const nothingInFlight = new Map<string, string | null>();
const freshMemory = (): TriggerMemory => ({
	delivered: {},
	inFlight: new Map(),
	unconfirmed: new Map(),
});

describe('judgeCallback and rememberCallbacks', () => {
	it('tells a first delivery from a repeat, in any of the memories', () => {
		const inProcess: CallbackMemory = {};
		const persisted: CallbackMemory = { recentTransactionIds: ['txn_old'] };
		expect(judgeCallback([inProcess, persisted], nothingInFlight, callback('txn_1'))).toBe('new');
		rememberCallbacks(inProcess, [callback('txn_1')]);
		expect(judgeCallback([inProcess, persisted], nothingInFlight, callback('txn_1'))).toBe(
			'repeat',
		);
		expect(judgeCallback([inProcess, persisted], nothingInFlight, callback('txn_old'))).toBe(
			'repeat',
		);
	});

	it('lets a signed link deliver one transaction: its repeats are repeats, another transaction is refused', () => {
		const memory: CallbackMemory = {};
		rememberCallbacks(memory, [callback('txn_1', 'link-1')]);
		expect(judgeCallback([memory], nothingInFlight, callback('txn_1', 'link-1'))).toBe('repeat');
		expect(judgeCallback([memory], nothingInFlight, callback('txn_2', 'link-1'))).toBe('linkUsed');
		expect(judgeCallback([memory], nothingInFlight, callback('txn_2', 'link-2'))).toBe('new');
		expect(memory.usedLinks).toEqual([['link-1', 'txn_1']]);
	});

	it('a callback whose run has not ended is in flight, and so is its link for another transaction', () => {
		const inFlight = new Map([['txn_1', 'link-1']]);
		expect(judgeCallback([{}], inFlight, callback('txn_1', 'link-1'))).toBe('inFlight');
		expect(judgeCallback([{}], inFlight, callback('txn_1'))).toBe('inFlight');
		expect(judgeCallback([{}], inFlight, callback('txn_2', 'link-1'))).toBe('linkUsed');
		expect(judgeCallback([{}], inFlight, callback('txn_2', 'link-2'))).toBe('new');
		// delivered wins over in flight: the run has ended
		expect(
			judgeCallback([{ recentTransactionIds: ['txn_1'] }], inFlight, callback('txn_1', 'link-1')),
		).toBe('repeat');
	});

	it('reads the run that saved the static data as delivered, with its link', () => {
		const saved: CallbackMemory = { recentTransactionIds: [], thisRun: ['txn_9', 'link-9'] };
		expect(judgeCallback([saved], nothingInFlight, callback('txn_9', 'link-9'))).toBe('repeat');
		expect(judgeCallback([saved], nothingInFlight, callback('txn_8', 'link-9'))).toBe('linkUsed');
		expect(deliveredCallbacks(saved)).toEqual([callback('txn_9', 'link-9')]);
		expect(deliveredCallbacks({ thisRun: ['txn_7', null] })).toEqual([callback('txn_7')]);
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
		expect(judgeCallback([memory], nothingInFlight, callback('txn_0'))).toBe('new');
	});

	it('changes its lists in place, so static data pointing at them saves what is remembered later', () => {
		const memory: CallbackMemory = {};
		rememberCallbacks(memory, [callback('txn_1', 'link-1')]);
		const staticData: CallbackMemory = {
			recentTransactionIds: memory.recentTransactionIds,
			usedLinks: memory.usedLinks,
		};
		rememberCallbacks(memory, [callback('txn_2', 'link-2')]);
		expect(JSON.parse(JSON.stringify(staticData))).toEqual({
			recentTransactionIds: ['txn_1', 'txn_2'],
			usedLinks: [
				['link-1', 'txn_1'],
				['link-2', 'txn_2'],
			],
		});
	});

	it('recovers from static data that is not what it wrote', () => {
		const memory: CallbackMemory = {
			recentTransactionIds: 'corrupt',
			usedLinks: [1, ['a']],
			thisRun: 7,
		};
		expect(judgeCallback([memory], nothingInFlight, callback('txn_1', 'a'))).toBe('new');
		expect(deliveredCallbacks(memory)).toEqual([]);
		rememberCallbacks(memory, [callback('txn_1')]);
		expect(memory).toEqual({ recentTransactionIds: ['txn_1'], usedLinks: [], thisRun: 7 });
	});
});

describe('delivered callbacks not seen saved yet', () => {
	it('are remembered as delivered until a save that holds them is read', () => {
		const memory = freshMemory();
		rememberUnconfirmed(memory, callback('txn_1', 'link-1'));
		rememberUnconfirmed(memory, callback('txn_2'));
		expect(judgeCallback([memory.delivered], nothingInFlight, callback('txn_1'))).toBe('repeat');
		expect([...memory.unconfirmed]).toEqual([
			['txn_1', 'link-1'],
			['txn_2', null],
		]);
		confirmSaved(memory, { recentTransactionIds: ['txn_2'] });
		expect([...memory.unconfirmed]).toEqual([['txn_1', 'link-1']]);
		confirmSaved(memory, { thisRun: ['txn_1', 'link-1'] });
		expect([...memory.unconfirmed]).toEqual([]);
		// still delivered: confirming only stops carrying them
		expect(judgeCallback([memory.delivered], nothingInFlight, callback('txn_1'))).toBe('repeat');
	});

	it(`keeps the newest ${UNCONFIRMED_CARRIED} to carry`, () => {
		const memory = freshMemory();
		for (let n = 0; n < UNCONFIRMED_CARRIED + 5; n++)
			rememberUnconfirmed(memory, callback(`txn_${n}`));
		expect(memory.unconfirmed.size).toBe(UNCONFIRMED_CARRIED);
		expect([...memory.unconfirmed.keys()][0]).toBe('txn_5');
	});
});

describe('triggerMemory', () => {
	it('is one memory per workflow and trigger node, shared by every call in the process', () => {
		expect(triggerMemory('wf1', 'node1')).toBe(triggerMemory('wf1', 'node1'));
		expect(triggerMemory('wf1', 'node1')).not.toBe(triggerMemory('wf2', 'node1'));
		expect(triggerMemory('wf1', 'node1')).not.toBe(triggerMemory('wf1', 'node2'));
	});
});
