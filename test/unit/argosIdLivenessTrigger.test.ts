/**
 * The trigger's webhook() and execute() with mocked n8n contexts, as n8n tests its own triggers: what each callback
 * is answered, when a run starts, and what is recorded where. "A process" is a fresh copy of the node's module (its
 * memory); "n8n saving" is the run's 'workflowExecuteAfter' handlers (support/triggerContexts.ts).
 */
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { callbackFailureBody, callbackSuccessBody } from '../../emulator/vendorContract';
import {
	buildCallbackUrl,
	callbackSigningKey,
} from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES } from '../../package/nodes/resultsAndCallbacks/checks';
import {
	endRun,
	runContext,
	triggerSetup,
	webhookContext,
	type TriggerSetup,
} from './support/triggerContexts';

const API_KEY = 'unit-api-key';
const KEY = callbackSigningKey({ apiKey: API_KEY }) as string;
const SCORES = {
	screenReplay: { liveness_score: 97 },
	paperPrinted: { liveness_score: 91 },
	replacePortraits: { liveness_score: 95 },
};

type Trigger = Required<Pick<INodeType, 'webhook' | 'execute'>>;

/** The trigger as one n8n process has it: a fresh module, so a fresh memory (a restart). */
function newProcess(): Trigger {
	let trigger: Trigger | undefined;
	jest.isolateModules(() => {
		const {
			ArgosIdLivenessTrigger,
		} = require('../../package/nodes/ArgosIdLivenessTrigger/ArgosIdLivenessTrigger.node');
		trigger = new ArgosIdLivenessTrigger() as Trigger;
	});
	return trigger!;
}

let workflows = 0;
function newSetup(): TriggerSetup {
	return triggerSetup(`wf-${++workflows}`, { apiKey: API_KEY });
}

/** A link signed as the action node signs it, for the trigger of `setup` (its webhook ID). */
function signedQuery(setup: TriggerSetup, reference = 'REF-1', key = KEY): IDataObject {
	const url = buildCallbackUrl(`http://n8n.test/webhook/${setup.webhookId}/callback`, {
		reference,
		secret: key,
		expiresAt: Math.floor(Date.now() / 1000) + 3600,
		checks: CHECK_NAMES,
	});
	return Object.fromEntries(new URL(url).searchParams);
}

const resultBody = (transactionId: string) =>
	callbackSuccessBody(transactionId, 'id_liveness@3.4.2', SCORES);

/** One webhook call: what webhook() returned, and what was answered. */
async function call(
	trigger: Trigger,
	setup: TriggerSetup,
	query: IDataObject,
	body: unknown,
	mode: 'webhook' | 'manual' = 'webhook',
) {
	const { context, response, staticData } = webhookContext(setup, { query, body, mode });
	const returned = await trigger.webhook.call(context);
	return { returned, response, staticData };
}

/** Its answer as the caller sees it, for calls answered at once. */
const answer = (result: Awaited<ReturnType<typeof call>>) =>
	result.returned.noWebhookResponse
		? {
				status: result.response.statusCode,
				body: result.response.body,
				...(result.response.headers['retry-after'] && {
					retryAfter: result.response.headers['retry-after'],
				}),
			}
		: { status: 200, body: result.returned.webhookResponse };

const DUPLICATE = { status: 200, body: { received: true, duplicate: true } };
const IN_FLIGHT = {
	status: 503,
	body: {
		error:
			'Callback not taken yet: the run its first delivery started has not ended; send it again later',
	},
	retryAfter: '30',
};

/** The run a call started: execute() in it, then n8n ending it and answering the call. */
async function runToEnd(
	trigger: Trigger,
	setup: TriggerSetup,
	started: Awaited<ReturnType<typeof call>>,
	answerStatus = 200,
) {
	const run = runContext(setup, started.returned.workflowData!);
	const outputs = await trigger.execute.call(run.context);
	await endRun(run);
	started.response.status(answerStatus).end();
	return outputs;
}

describe('webhook(): refusals before anything costly', () => {
	it('a forged signature is refused with 401, and 20 of them read the credential once', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, n) =>
				call(
					trigger,
					setup,
					{ ...signedQuery(setup), argosSig: `v3.${'f'.repeat(64)}` },
					resultBody(`txn_${n}`),
				),
			),
		);
		expect(answers.map(answer)).toEqual(
			Array(20).fill({ status: 401, body: { error: 'Callback refused: invalid signature' } }),
		);
		expect(setup.credentialReads).toBe(1);
	});

	it('a callback without a signature is refused without reading the credential', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		const unsigned = await call(trigger, setup, { argosRef: 'REF-1' }, resultBody('txn_1'));
		expect(answer(unsigned)).toEqual({
			status: 401,
			body: { error: 'Callback refused: missing signature' },
		});
		expect(setup.credentialReads).toBe(0);
	});

	it('valid links keep using the key read once', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		for (let n = 0; n < 5; n++) {
			const started = await call(
				trigger,
				setup,
				signedQuery(setup, `REF-${n}`),
				resultBody(`txn_${n}`),
			);
			expect(started.returned.workflowData).toBeDefined();
		}
		expect(setup.credentialReads).toBe(1);
	});
});

describe('webhook(): a callback is delivered once the run it started has ended', () => {
	it('starts a run; a copy while it runs is told to come back (503, Retry-After); after the run a copy is a repeat', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		const query = signedQuery(setup);
		const started = await call(trigger, setup, query, resultBody('txn_1'));
		const [items] = started.returned.workflowData!;
		expect(items[0].json).toEqual(
			expect.objectContaining({ transactionId: 'txn_1', verdict: 'pass', reference: 'REF-1' }),
		);
		expect(started.response.ended).toBe(false); // n8n answers when the run has ended

		expect(answer(await call(trigger, setup, query, resultBody('txn_1')))).toEqual(IN_FLIGHT);
		const outputs = await runToEnd(trigger, setup, started);
		expect(outputs).toEqual([[items[0]]]);
		expect(answer(await call(trigger, setup, query, resultBody('txn_1')))).toEqual(DUPLICATE);
	});

	it('20 copies at the same instant start one run; the others are told to come back', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		const query = signedQuery(setup);
		const copies = await Promise.all(
			Array.from({ length: 20 }, () => call(trigger, setup, query, resultBody('txn_1'))),
		);
		const started = copies.filter((copy) => copy.returned.workflowData !== undefined);
		expect(started).toHaveLength(1);
		expect(copies.filter((copy) => copy !== started[0]).map(answer)).toEqual(
			Array(19).fill(IN_FLIGHT),
		);
	});

	it('n8n answering with an error leaves it undelivered (the run failed to start, or its job was given up): a copy starts it again', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		const query = signedQuery(setup);
		const first = await call(trigger, setup, query, resultBody('txn_1'));
		first.response.status(500).end();
		const again = await call(trigger, setup, query, resultBody('txn_1'));
		expect(again.returned.workflowData).toBeDefined();
	});

	it('a crash (n8n dies mid-run: no answer, no save) leaves nothing: after the restart a copy starts it again', async () => {
		const setup = newSetup();
		const query = signedQuery(setup);
		const beforeCrash = newProcess();
		const started = await call(beforeCrash, setup, query, resultBody('txn_1'));
		await beforeCrash.execute.call(runContext(setup, started.returned.workflowData!).context);
		// the process dies here: n8n neither saves the run nor answers

		const afterRestart = newProcess();
		const again = await call(afterRestart, setup, query, resultBody('txn_1'));
		expect(again.returned.workflowData).toBeDefined();
		await runToEnd(afterRestart, setup, again);
		expect(answer(await call(newProcess(), setup, query, resultBody('txn_1')))).toEqual(DUPLICATE);
	});

	it('a repeat of a run that ended in another process (saved static data) starts nothing', async () => {
		const setup = newSetup();
		setup.saved = { recentTransactionIds: ['txn_old'], thisRun: ['txn_last', null] };
		const trigger = newProcess();
		expect(answer(await call(trigger, setup, signedQuery(setup), resultBody('txn_old')))).toEqual(
			DUPLICATE,
		);
		expect(answer(await call(trigger, setup, signedQuery(setup), resultBody('txn_last')))).toEqual(
			DUPLICATE,
		);
	});

	it('a link delivers one transaction: another one on it is refused (409), also while the first is in flight', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		const query = signedQuery(setup);
		const started = await call(trigger, setup, query, resultBody('txn_1'));
		const conflict = {
			status: 409,
			body: {
				error:
					'Callback refused: this signed link already delivered the result of another transaction',
			},
		};
		expect(answer(await call(trigger, setup, query, resultBody('txn_2')))).toEqual(conflict);
		await runToEnd(trigger, setup, started);
		expect(answer(await call(newProcess(), setup, query, resultBody('txn_2')))).toEqual(conflict);
	});

	it('webhook() never changes static data (n8n would save it when it answers, before the run has ended)', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		setup.saved = { recentTransactionIds: ['txn_old'] };
		const query = signedQuery(setup);
		const calls = [
			await call(trigger, setup, query, resultBody('txn_1')),
			await call(trigger, setup, query, resultBody('txn_1')),
			await call(trigger, setup, query, resultBody('txn_old')),
		];
		for (const { staticData } of calls) expect(staticData).toEqual(setup.saved);
	});

	it('test events (the editor listening) are neither judged nor recorded', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		const query = signedQuery(setup);
		for (let n = 0; n < 2; n++) {
			const test = await call(trigger, setup, query, resultBody('txn_1'), 'manual');
			expect(test.returned.workflowData).toBeDefined();
			const run = runContext(setup, test.returned.workflowData!, 'manual');
			await trigger.execute.call(run.context);
			await endRun(run);
			test.response.end();
		}
		expect(setup.saved).toEqual({});
		expect(
			(await call(trigger, setup, query, resultBody('txn_1'))).returned.workflowData,
		).toBeDefined();
	});

	it('an ignored failed analysis starts nothing, counts as delivered, and is saved by the next run', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		setup.failedAnalyses = 'ignore';
		const query = signedQuery(setup, 'REF-failed');
		const ignored = await call(trigger, setup, query, callbackFailureBody('txn_failed', '1009'));
		expect(answer(ignored)).toEqual({
			status: 200,
			body: { received: true, ignored: 'failed analysis' },
		});
		expect(answer(await call(trigger, setup, query, resultBody('txn_failed')))).toEqual(DUPLICATE);
		await runToEnd(
			trigger,
			setup,
			await call(trigger, setup, signedQuery(setup, 'REF-2'), resultBody('txn_2')),
		);
		expect(setup.saved.recentTransactionIds).toEqual(['txn_failed', 'txn_2']);
	});
});

describe('execute(): recorded where n8n saves it when the run ends', () => {
	it("passes webhook()'s items on without the note, and is in the lists n8n saves, not only as this run", async () => {
		const trigger = newProcess();
		const setup = newSetup();
		const started = await call(trigger, setup, signedQuery(setup), resultBody('txn_1'));
		const run = runContext(setup, started.returned.workflowData!);
		const outputs = (await trigger.execute.call(run.context)) as INodeExecutionData[][];
		expect(outputs).toHaveLength(1);
		expect(outputs[0].map((item) => item.json.transactionId)).toEqual(['txn_1']);
		await endRun(run);
		expect(setup.saved).toEqual({
			recentTransactionIds: ['txn_1'],
			usedLinks: [[expect.any(String), 'txn_1']],
			thisRun: ['txn_1', expect.any(String)],
		});
	});

	it('runs that overlap keep each other: a run saving later holds the one that ended before it', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		const runs = [];
		for (const id of ['txn_A', 'txn_B', 'txn_C']) {
			const started = await call(trigger, setup, signedQuery(setup, `REF-${id}`), resultBody(id));
			const run = runContext(setup, started.returned.workflowData!);
			await trigger.execute.call(run.context);
			runs.push(run);
		}
		// all three loaded the same saved data; they end in another order than they started
		for (const index of [1, 0, 2]) await endRun(runs[index]);
		expect(setup.saved.recentTransactionIds).toEqual(['txn_B', 'txn_A', 'txn_C']);
	});

	it('a cancelled run is not recorded, and nothing it holds is saved', async () => {
		const trigger = newProcess();
		const setup = newSetup();
		const query = signedQuery(setup);
		const started = await call(trigger, setup, query, resultBody('txn_1'));
		const run = runContext(setup, started.returned.workflowData!);
		await trigger.execute.call(run.context);
		await endRun(run, 'cancelled');
		started.response.status(500).end();
		expect(setup.saved).toEqual({});
		expect(
			(await call(trigger, setup, query, resultBody('txn_1'))).returned.workflowData,
		).toBeDefined();
	});

	it("saves what another process' run may have left out: delivered callbacks the note carries", async () => {
		const webhookProcess = newProcess();
		const setup = newSetup();
		const first = await call(
			webhookProcess,
			setup,
			signedQuery(setup, 'REF-A'),
			resultBody('txn_A'),
		);
		// the run ended on a worker whose save another worker's later save overwrote: n8n answered 200, nothing saved
		first.response.status(200).end();
		const next = await call(
			webhookProcess,
			setup,
			signedQuery(setup, 'REF-B'),
			resultBody('txn_B'),
		);
		const worker = newProcess();
		const run = runContext(setup, next.returned.workflowData!);
		await worker.execute.call(run.context);
		await endRun(run);
		expect(setup.saved.recentTransactionIds).toEqual(['txn_A', 'txn_B']);
	});
});
