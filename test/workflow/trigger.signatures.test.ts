/**
 * Signed callback URLs at the Argos ID Liveness Trigger: only a URL signed with the credential's key (the Callback
 * Secret, or a key derived from the API key), not expired, not altered, starts the workflow, unless unsigned
 * callbacks are accepted explicitly. The checks a link names decide the verdict; a link delivers one result.
 */
import { startTestBed, type ArgosTestBed } from './support/argosTestBed';
import {
	callbackQuery,
	callTrigger,
	DERIVED_KEY,
	resultCallback,
	triggerOutputs,
	triggerWorkflow,
} from './support/callbackWorkflows';

const SECRET = 'a-long-random-callback-secret';
const OTHER_TRIGGER = 'b7e1c0de-5a1e-4c0d-9e11-0000000000b2';
const now = () => Math.floor(Date.now() / 1000);
let sequence = 0;
const body = () =>
	resultCallback(`txn_signed_${++sequence}`, {
		screenReplay: 90,
		paperPrinted: 90,
		replacePortraits: 90,
	});

describe('with a Callback Secret in the credential', () => {
	let bed: ArgosTestBed;
	beforeAll(async () => (bed = await startTestBed({ credential: { callbackSecret: SECRET } })));
	afterAll(async () => await bed.close());

	it('starts the workflow for a callback URL signed with the secret, passing its reference through', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: body(),
			query: callbackQuery({ reference: 'CRM-4711', secret: SECRET }),
		});
		expect(call.statusCode).toBe(200);
		expect(triggerOutputs(call)[0][0].json).toMatchObject({
			verdict: 'pass',
			reference: 'CRM-4711',
		});
	});

	it('accepts a signed URL without a reference, outputting no reference', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: body(),
			query: callbackQuery({ secret: SECRET }),
		});
		const [[item]] = triggerOutputs(call);
		expect(item.json.verdict).toBe('pass');
		expect(item.json).not.toHaveProperty('reference');
	});

	const signed = () => callbackQuery({ reference: 'CRM-4711', secret: SECRET });
	const signedWithout = (key: string) => () =>
		Object.fromEntries(Object.entries(signed()).filter(([name]) => name !== key));
	it.each([
		['an unsigned URL', () => ({}), 'missing signature'],
		[
			'a reference without signature',
			() => callbackQuery({ reference: 'CRM-4711' }),
			'missing signature',
		],
		['a signature without expiry', signedWithout('argosExp'), 'missing signature'],
		[
			'a URL signed with another secret',
			() => callbackQuery({ reference: 'CRM-4711', secret: 'another-secret' }),
			'invalid signature',
		],
		['a changed reference', () => ({ ...signed(), argosRef: 'CRM-4712' }), 'invalid signature'],
		['a removed reference', signedWithout('argosRef'), 'invalid signature'],
		[
			'a prolonged expiry',
			() => ({ ...signed(), argosExp: String(now() + 999_999) }),
			'invalid signature',
		],
		[
			'a garbled signature',
			() => ({ ...signed(), argosSig: `v3.${'f'.repeat(64)}` }),
			'invalid signature',
		],
		[
			'a link made for another trigger on the same credential',
			() => callbackQuery({ reference: 'CRM-4711', secret: SECRET, webhookId: OTHER_TRIGGER }),
			'invalid signature',
		],
		[
			'a link of the previous format (signature a bare HMAC)',
			() => ({ ...signed(), argosSig: 'f'.repeat(64) }),
			'outdated link format',
		],
		[
			'an expired link',
			() => callbackQuery({ reference: 'CRM-4711', secret: SECRET, expiresAt: now() - 60 }),
			'expired signature',
		],
	])('refuses %s with 401 and starts nothing', async (_case, query, reason) => {
		const workflow = triggerWorkflow(bed.harness);
		const call = await callTrigger(bed.harness, workflow, { body: body(), query: query() });
		expect(call).toMatchObject({
			statusCode: 401,
			started: false,
			responseBody: { error: `Callback refused: ${reason}` },
		});
		expect(call.execution).toBeUndefined();
		// a refused callback is not remembered, so the genuine one still gets through
		expect(workflow.staticData).toEqual({});
	});

	it('verifies the signature before reading the body: a forged URL learns nothing about what a callback must look like', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: { hello: 'world' },
			query: {},
		});
		expect(call).toMatchObject({
			statusCode: 401,
			responseBody: { error: 'Callback refused: missing signature' },
		});
	});
});

describe('without a Callback Secret: links signed with a key derived from the API key', () => {
	let bed: ArgosTestBed;
	beforeAll(async () => (bed = await startTestBed()));
	afterAll(async () => await bed.close());

	it('starts the workflow for a link signed with the derived key', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: body(),
			query: callbackQuery({ reference: 'CRM-1', secret: DERIVED_KEY }),
		});
		expect(triggerOutputs(call)[0][0].json).toMatchObject({ verdict: 'pass', reference: 'CRM-1' });
	});

	it.each([
		['an unsigned callback', { argosRef: 'Case 42' }, 'missing signature'],
		[
			'a link signed with another key',
			callbackQuery({ reference: 'CRM-1', secret: 'some-secret' }),
			'invalid signature',
		],
		[
			'an expired link',
			callbackQuery({ reference: 'CRM-1', secret: DERIVED_KEY, expiresAt: now() - 60 }),
			'expired signature',
		],
	])('refuses %s with 401', async (_case, query, reason) => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: body(),
			query,
		});
		expect(call).toMatchObject({
			statusCode: 401,
			started: false,
			responseBody: { error: `Callback refused: ${reason}` },
		});
	});
});

describe('"Accept Unsigned Callbacks"', () => {
	let bed: ArgosTestBed;
	beforeAll(async () => (bed = await startTestBed()));
	afterAll(async () => await bed.close());
	const accepting = (options: Record<string, unknown> = {}) =>
		triggerWorkflow(bed.harness, { options: { acceptUnsigned: true, ...options } });

	it('accepts an unsigned callback and passes its reference through as it came', async () => {
		const call = await callTrigger(bed.harness, accepting(), {
			body: body(),
			query: { argosRef: 'Case 42 & co/ü' },
		});
		expect(triggerOutputs(call)[0][0].json).toMatchObject({
			verdict: 'pass',
			reference: 'Case 42 & co/ü',
		});
	});

	it('requires all three scores by default: a missing one is a review naming it', async () => {
		const call = await callTrigger(bed.harness, accepting(), {
			body: resultCallback('txn_unsigned_sr_only', { screenReplay: 99 }),
			query: {},
		});
		expect(triggerOutputs(call)[0][0].json).toMatchObject({
			verdict: 'review',
			failedChecks: ['paperPrinted', 'replacePortraits'],
			screenReplay: 99,
			paperPrintedRisk: 'no score',
			replacePortraitsRisk: 'no score',
		});
	});

	it('requires only the checks it is told to', async () => {
		const call = await callTrigger(
			bed.harness,
			accepting({ unsignedRequiredChecks: ['screenReplay'] }),
			{ body: resultCallback('txn_unsigned_sr', { screenReplay: 99 }), query: {} },
		);
		expect(triggerOutputs(call)[0][0].json).toMatchObject({ verdict: 'pass' });
	});

	it('refuses to run with no required check at all (a callback would pass on nothing)', async () => {
		const call = await callTrigger(bed.harness, accepting({ unsignedRequiredChecks: [] }), {
			body: body(),
			query: {},
		});
		expect(call).toMatchObject({ statusCode: 500, started: false });
	});

	it('still refuses a link whose signature is wrong', async () => {
		const call = await callTrigger(bed.harness, accepting(), {
			body: body(),
			query: { ...callbackQuery({ reference: 'CRM-1', secret: DERIVED_KEY }), argosRef: 'CRM-2' },
		});
		expect(call).toMatchObject({ statusCode: 401, started: false });
	});
});

describe('the checks a signed link asked for', () => {
	let bed: ArgosTestBed;
	beforeAll(async () => (bed = await startTestBed()));
	afterAll(async () => await bed.close());

	it('a callback missing a requested score is a review naming the missing check', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: resultCallback('txn_partial', { screenReplay: 99 }),
			query: callbackQuery({ secret: DERIVED_KEY }),
		});
		expect(triggerOutputs(call)[0][0].json).toMatchObject({
			verdict: 'review',
			failedChecks: ['paperPrinted', 'replacePortraits'],
		});
	});

	it('a score for a check that was not requested decides nothing and is left out', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: resultCallback('txn_extra', { screenReplay: 95, paperPrinted: 10 }),
			query: callbackQuery({ secret: DERIVED_KEY, checks: ['screenReplay'] }),
		});
		expect(triggerOutputs(call)[0][0].json).toMatchObject({
			verdict: 'pass',
			screenReplay: 95,
			minimumScores: { screenReplay: 61 },
		});
		expect(triggerOutputs(call)[0][0].json).not.toHaveProperty('paperPrinted');
	});
});

describe('one link, one result', () => {
	let bed: ArgosTestBed;
	beforeAll(async () => (bed = await startTestBed()));
	afterAll(async () => await bed.close());

	it('refuses another transaction on a link already used (409), takes its own repeat as a duplicate', async () => {
		const workflow = triggerWorkflow(bed.harness);
		const query = callbackQuery({ reference: 'CRM-1', secret: DERIVED_KEY });
		const first = await callTrigger(bed.harness, workflow, {
			body: resultCallback('txn_link_1', {
				screenReplay: 90,
				paperPrinted: 90,
				replacePortraits: 90,
			}),
			query,
		});
		expect(first.started).toBe(true);
		const other = await callTrigger(bed.harness, workflow, {
			body: resultCallback('txn_link_2', {
				screenReplay: 99,
				paperPrinted: 99,
				replacePortraits: 99,
			}),
			query,
		});
		expect(other).toMatchObject({
			statusCode: 409,
			started: false,
			responseBody: {
				error:
					'Callback refused: this signed link already delivered the result of another transaction',
			},
		});
		const repeat = await callTrigger(bed.harness, workflow, {
			body: resultCallback('txn_link_1', {
				screenReplay: 90,
				paperPrinted: 90,
				replacePortraits: 90,
			}),
			query,
		});
		expect(repeat).toMatchObject({ statusCode: 200, responseBody: { duplicate: true } });
	});
});
