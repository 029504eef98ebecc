/**
 * Signed callback URLs at the Argos ID Liveness Trigger: with a Callback Secret in the credential only a URL
 * signed with it (and not expired, not altered) starts the workflow; without one, any callback does and its
 * reference is passed through as it came.
 */
import { startTestBed, type ArgosTestBed } from './support/argosTestBed';
import {
	callbackQuery,
	callTrigger,
	resultCallback,
	triggerOutputs,
	triggerWorkflow,
} from './support/callbackWorkflows';

const SECRET = 'a-long-random-callback-secret';
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

	it('accepts a signed URL without a reference, outputting reference null', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: body(),
			query: callbackQuery({ secret: SECRET }),
		});
		expect(triggerOutputs(call)[0][0].json.reference).toBeNull();
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
		['a garbled signature', () => ({ ...signed(), argosSig: 'f'.repeat(64) }), 'invalid signature'],
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
		});
		expect(call).toMatchObject({
			statusCode: 401,
			responseBody: { error: 'Callback refused: missing signature' },
		});
	});
});

describe('without a Callback Secret', () => {
	let bed: ArgosTestBed;
	beforeAll(async () => (bed = await startTestBed()));
	afterAll(async () => await bed.close());

	it('accepts an unsigned callback and passes its reference through as it came', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: body(),
			query: { argosRef: 'Case 42 & co/ü' },
		});
		expect(triggerOutputs(call)[0][0].json).toMatchObject({
			verdict: 'pass',
			reference: 'Case 42 & co/ü',
		});
	});

	it('accepts a callback with no query at all, with reference null', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), { body: body() });
		expect(triggerOutputs(call)[0][0].json.reference).toBeNull();
	});

	it('ignores a signature it has no secret to verify it with', async () => {
		const call = await callTrigger(bed.harness, triggerWorkflow(bed.harness), {
			body: body(),
			query: callbackQuery({ reference: 'CRM-1', secret: 'some-secret', expiresAt: now() - 60 }),
		});
		expect(triggerOutputs(call)[0][0].json.reference).toBe('CRM-1');
	});
});
