/**
 * The signed callback links of the packed package in a real n8n 2.40.7, attacked as someone holding one genuine link
 * would: the link is made by an Argos ID Liveness node ("Send Result to Callback URL") with a Reference holding line
 * breaks, the signed message's separators and control characters, and the emulator records it (its own callbacks
 * are held back: the test delivers them). Re-split copies of the link, and the link carried to a second trigger on
 * the same credential and to one on another credential, are refused with 401 and start nothing (executions counted
 * through REST in all three workflows).
 */
import { createHmac } from 'crypto';

import {
	buildCallbackUrl,
	callbackSigningKey,
	CALLBACK_QUERY,
} from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import { nodeOutput, type ExecutionDetail } from '../../tools/n8n';
import {
	asCustomNodes,
	EMULATOR_API_KEY,
	startArgosStack,
	type ArgosStack,
} from '../../tools/argos-stack/argosStack';
import { postRawFile } from '../../tools/n8n/binaryUpload';
import { livenessWorkflow, NODE } from '../../tools/argos-stack/livenessWorkflow';
import { loadSamples, type Sample } from '../../tools/argos-stack/sampleImages';
import {
	postCallback,
	resultCallbackBody,
	settledExecutionsPerTransaction,
	TRIGGER_NODE,
	triggerOnlyWorkflow,
	triggerUrl,
} from '../../tools/argos-stack/triggerCallbacks';
import {
	atAnotherTrigger,
	FAR_EXPIRY,
	resplitAtLineBreaks,
	resplitAtSeparators,
	resplittableReference,
	spreadOver,
} from '../../tools/reliability/linkForgeries';

const TRIGGER_A = '3c9e5b1a-7d42-4f08-9a61-2b8c0d4e6f10';
/** Another trigger on the same credential. */
const TRIGGER_B = '3c9e5b1a-7d42-4f08-9a61-2b8c0d4e6f20';
/** A trigger on another credential (same API key, with a Callback Secret). */
const TRIGGER_C = '3c9e5b1a-7d42-4f08-9a61-2b8c0d4e6f30';
const SENDER_PATH = 'links-sender';
const ALL_SCORES = { screenReplay: 90, paperPrinted: 90, replacePortraits: 90 };
const REFUSED = { status: 401, body: { error: 'Callback refused: invalid signature' } };

/** What a form field can carry, besides a re-split's material. */
const CONTROL_CHARACTERS = '\r\n\t\u0000\u001b\u007f\u0085\u2028 😀 %0A&argosExp=1#';

let stack: ArgosStack;
let sample: (fileName: string) => Sample;
let senderId: string;
let workflowIds: Record<'A' | 'B' | 'C', string>;
let sequence = 0;

beforeAll(async () => {
	sample = await loadSamples();
	stack = await startArgosStack({
		// Argos' callbacks are held back: the test delivers them, and the forged copies.
		emulator: { callbackDelayMs: 60 * 60 * 1000 },
		workflows: [
			triggerOnlyWorkflow('Links: trigger A', TRIGGER_A),
			triggerOnlyWorkflow('Links: trigger B, same credential', TRIGGER_B),
			livenessWorkflow({
				name: 'Links: sender',
				path: SENDER_PATH,
				upload: 'raw',
				argos: {
					operation: 'sendToCallbackUrl',
					callbackUrl: '={{ $json.query.to }}',
					reference: '={{ $json.query.ref }}',
					routeByVerdict: false,
				},
			}),
		],
	});
	const [a, b, sender] = stack.workflowIds;
	senderId = sender;
	for (const id of [a, b, sender]) await stack.rest.activateWorkflow(id);
	const otherCredential = {
		id: await stack.rest.createCredential({
			name: 'Argos (with Callback Secret)',
			type: 'argosIdentityApi',
			data: {
				apiKey: EMULATOR_API_KEY,
				baseUrl: stack.emulator.url,
				callbackSecret: 'links-e2e-other-credential-secret',
			},
		}),
		name: 'Argos (with Callback Secret)',
	};
	const c = triggerOnlyWorkflow('Links: trigger C, another credential', TRIGGER_C);
	const cNodes = (c.nodes as Array<Record<string, unknown>>).map((node) => ({
		...node,
		credentials: { argosIdentityApi: otherCredential },
	}));
	const created = await stack.rest.createAndActivateWorkflow(
		asCustomNodes({ ...c, nodes: cNodes }),
	);
	workflowIds = { A: a, B: b, C: created.id };
});
afterAll(async () => await stack?.stop());

const urlOf = (webhookId: string) => triggerUrl(stack.n8n.baseUrl, webhookId);

/** Sends one photo through the sender to `to` with `reference`; returns its execution and the link Argos got. */
async function send(
	to: string,
	reference: string,
): Promise<{ execution: ExecutionDetail; link?: string; transactionId?: string }> {
	const [previous] = await stack.rest.listExecutions({ workflowId: senderId });
	const before = stack.emulator.requests.length;
	const query = new URLSearchParams({ to, ref: reference });
	const answer = await postRawFile(
		`${stack.n8n.webhookUrl(SENDER_PATH)}?${query}`,
		sample('genuine.jpg'),
	);
	expect(answer.status).toBe(200);
	const execution = await stack.rest.waitForExecution({
		workflowId: senderId,
		afterExecutionId: previous?.id,
		status: ['success', 'error'],
	});
	const [request] = stack.emulator.requests.slice(before);
	return {
		execution,
		link: request && String((request.body as { callbackUrl?: unknown }).callbackUrl),
		transactionId: request?.transactionId,
	};
}

const newTransactionId = () => `txn_links_${++sequence}`;
const deliver = (link: string, transactionId: string) =>
	postCallback(link, resultCallbackBody(transactionId, ALL_SCORES));

/** Each workflow's executions per transaction, once they stopped changing. */
async function executions(): Promise<Record<'A' | 'B' | 'C', Record<string, number>>> {
	const [a, b, c] = await Promise.all(
		[workflowIds.A, workflowIds.B, workflowIds.C].map((id) =>
			settledExecutionsPerTransaction(stack.rest, id),
		),
	);
	return { A: a, B: b, C: c };
}

/** The reference the trigger output for `transactionId` in workflow A. */
async function referenceDelivered(transactionId: string): Promise<unknown> {
	for (const summary of await stack.rest.listExecutions({ workflowId: workflowIds.A })) {
		const execution = await stack.rest.getExecution(summary.id);
		const [item] = nodeOutput(execution.data, TRIGGER_NODE);
		if (item?.transactionId === transactionId) return item.reference;
	}
	return undefined;
}

describe('a genuine link whose Reference holds line breaks, separators and control characters', () => {
	const started: string[] = [];
	const links: Array<{ link: string; transactionId: string; reference: string }> = [];

	beforeAll(async () => {
		for (const index of [0, 1]) {
			const reference = `${resplittableReference(index)}${CONTROL_CHARACTERS}`;
			const sent = await send(urlOf(TRIGGER_A), reference);
			expect(sent.execution.status).toBe('success');
			links.push({ link: sent.link!, transactionId: sent.transactionId!, reference });
		}
	});

	it('delivers its result once, with the Reference exactly as it was sent', async () => {
		for (const { link, transactionId } of links) {
			expect((await deliver(link, transactionId)).status).toBe(200);
			started.push(transactionId);
		}
		const counts = await executions();
		expect(counts.A).toEqual(Object.fromEntries(started.map((id) => [id, 1])));
		for (const { transactionId, reference } of links)
			expect(await referenceDelivered(transactionId)).toBe(reference);
	});

	it('re-split at its line breaks (the attack on the previous format) or at ":" and ",": 401 each, nothing starts', async () => {
		// every re-split at line breaks (22), and 40 of the 372 at ":" and "," spread over them
		const forged = [
			...links.flatMap(({ link }) => resplitAtLineBreaks(link)),
			...spreadOver(
				links.flatMap(({ link }) => resplitAtSeparators(link)),
				40,
			),
		];
		// among them the previous format's winner: the first line as reference, an expiry centuries away
		expect(
			forged.some((url) => new URL(url).searchParams.get(CALLBACK_QUERY.expires) === FAR_EXPIRY),
		).toBe(true);
		const answers = [];
		for (const url of forged) answers.push(await deliver(url, newTransactionId()));
		expect(answers.filter((answer) => answer.status !== 401)).toEqual([]);
		expect(forged).toHaveLength(62);
		const counts = await executions();
		expect(counts.A).toEqual(Object.fromEntries(started.map((id) => [id, 1])));
	});

	it('carried to another trigger on the same credential, or to one on another credential: 401, nothing starts', async () => {
		for (const { link, transactionId } of links) {
			expect(await deliver(atAnotherTrigger(link, urlOf(TRIGGER_B)), transactionId)).toEqual(
				REFUSED,
			);
			expect(await deliver(atAnotherTrigger(link, urlOf(TRIGGER_C)), transactionId)).toEqual(
				REFUSED,
			);
		}
		// a link not used yet, too: refused at the other triggers, then accepted where it was made for
		const unused = await send(urlOf(TRIGGER_A), 'CRM-unused');
		for (const other of [TRIGGER_B, TRIGGER_C])
			expect(
				await deliver(atAnotherTrigger(unused.link!, urlOf(other)), unused.transactionId!),
			).toEqual(REFUSED);
		expect((await deliver(unused.link!, unused.transactionId!)).status).toBe(200);
		started.push(unused.transactionId!);

		const counts = await executions();
		expect(counts).toEqual({
			A: Object.fromEntries(started.map((id) => [id, 1])),
			B: {},
			C: {},
		});
	});
});

describe('what the link binds to, and what it does not', () => {
	const key = callbackSigningKey({ apiKey: EMULATOR_API_KEY })!;
	const expiresAt = () => Math.floor(Date.now() / 1000) + 3600;

	it('a link made for the trigger behind a reverse proxy that adds a path prefix is accepted at the trigger', async () => {
		const behindProxy = buildCallbackUrl(
			`https://proxy.example.com/automation/webhook/${TRIGGER_A}/callback`,
			{ reference: 'CRM-proxy', secret: key, expiresAt: expiresAt(), checks: ['screenReplay'] },
		);
		const transactionId = newTransactionId();
		const answer = await deliver(atAnotherTrigger(behindProxy, urlOf(TRIGGER_A)), transactionId);
		expect(answer.status).toBe(200);
		expect((await executions()).A[transactionId]).toBe(1);
		expect(await referenceDelivered(transactionId)).toBe('CRM-proxy');
	});

	it('a link of the previous format (its fields joined with line breaks) is refused after the upgrade', async () => {
		const expires = String(expiresAt());
		const [reference, nonce, checks] = ['CRM-old', 'old-format-nonce-000001', 'sr,pc,ps'];
		const signature = createHmac('sha256', key)
			.update(['argos-id-liveness-callback:v2', reference, expires, nonce, checks].join('\n'))
			.digest('hex');
		const old = new URL(urlOf(TRIGGER_A));
		old.search = new URLSearchParams({
			[CALLBACK_QUERY.reference]: reference,
			[CALLBACK_QUERY.expires]: expires,
			[CALLBACK_QUERY.nonce]: nonce,
			[CALLBACK_QUERY.checks]: checks,
			[CALLBACK_QUERY.signature]: signature,
		}).toString();
		const transactionId = newTransactionId();
		expect(await deliver(old.toString(), transactionId)).toEqual({
			status: 401,
			body: { error: 'Callback refused: outdated link format' },
		});
		expect((await executions()).A[transactionId]).toBeUndefined();
	});
});

describe('long references', () => {
	it('512 characters of control characters and three-byte characters travel and come back unchanged', async () => {
		const reference = '€\n'.repeat(256);
		const sent = await send(urlOf(TRIGGER_A), reference);
		expect(sent.execution.status).toBe('success');
		expect((await deliver(sent.link!, sent.transactionId!)).status).toBe(200);
		expect((await executions()).A[sent.transactionId!]).toBe(1);
		expect(await referenceDelivered(sent.transactionId!)).toBe(reference);
	});

	it('513 characters are refused before sending, naming the item and how to fix it', async () => {
		const before = stack.emulator.requests.length;
		const sent = await send(urlOf(TRIGGER_A), 'x'.repeat(513));
		expect(sent.execution.status).toBe('error');
		const error = sent.execution.data.resultData.runData[NODE.argos][0].error;
		expect(error).toMatchObject({
			message: 'The Reference is 513 characters long; a callback link carries at most 512',
			description: expect.stringMatching(/Use a shorter reference/),
			context: { itemIndex: 0 },
		});
		expect(stack.emulator.requests.length).toBe(before);
	});
});
