/**
 * Matrix 3, hostile callbacks: what anyone who learns a callback URL could send, at the trigger's production URL
 * (two triggers: the default credential without a Callback Secret, and one with a secret) and at the resume URL of a
 * waiting "Submit and Wait" execution. Executions are counted through n8n's REST API before and after each category,
 * in the trigger's workflow and in two more that a link may be carried to: another trigger on the same credential,
 * and one on the other credential. Real links come from the package itself: an Argos ID Liveness node in "Send Result
 * to Callback URL" mode signs them (with References that hold line breaks and the signed message's separators), the
 * emulator records them, and the matrix delivers the callbacks (the emulator's own are held back). Legitimate
 * deliveries are counted too: zeros only mean something when the real callback does start its run.
 * Face Compare's links (`argosApi=compare`, its minimum similarity in `argosMinSim`) meet the same categories at a
 * trigger of their own and at a Face Compare Submit and Wait, with compare bodies, plus what only two APIs allow: the
 * other API's body on a link, and the link's API terms tampered with.
 */
import { randomBytes } from 'crypto';

import {
	buildCallbackUrl,
	CALLBACK_QUERY,
	FACE_COMPARE_LINK_API,
} from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES } from '../../package/nodes/resultsAndCallbacks/checks';
import { callbackFailureBody, callbackSuccessBody } from '../../emulator/vendorContract';
import { asCustomNodes } from '../argos-stack/argosStack';
import {
	triggerOnlyWorkflow,
	triggerUrl as triggerProductionUrl,
} from '../argos-stack/triggerCallbacks';
import {
	CASE_NODE,
	caseWorkflow,
	type CaseItem,
	type CredentialRef,
	type FamilyResource,
} from './caseWorkflows';
import {
	atAnotherTrigger,
	resplitAtLineBreaks,
	resplitAtSeparators,
	resplittableReference,
	spreadOver,
} from './linkForgeries';
import type { ReliabilityStack } from './reliabilityStack';

// ---- requests --------------------------------------------------------------------------------------------------

interface HostileRequest {
	url: string;
	/** An object is sent as JSON; a string or Buffer as it is. */
	body?: unknown;
	contentType?: string;
	method?: string;
}

interface Answer {
	status: number;
	text: string;
}

async function send(request: HostileRequest): Promise<Answer> {
	const raw =
		request.body === undefined
			? undefined
			: typeof request.body === 'string' || Buffer.isBuffer(request.body)
				? request.body
				: JSON.stringify(request.body);
	try {
		const response = await fetch(request.url, {
			method: request.method ?? 'POST',
			headers: { 'content-type': request.contentType ?? 'application/json' },
			body: raw,
			signal: AbortSignal.timeout(120_000),
		});
		return { status: response.status, text: await response.text() };
	} catch (error) {
		// n8n may close the connection on a body it will not read; that is a refusal, not a crash of the test.
		return { status: 0, text: `(no answer: ${(error as Error).message})` };
	}
}

/** Sends `requests`, `concurrency` at a time; the answers in request order. */
async function sendAll(requests: HostileRequest[], concurrency: number): Promise<Answer[]> {
	const answers = new Array<Answer>(requests.length);
	let next = 0;
	const worker = async () => {
		while (next < requests.length) {
			const index = next++;
			answers[index] = await send(requests[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
	return answers;
}

const ENGINE = 'id_liveness@3.4.2';
const ALL_SCORES = {
	screenReplay: { liveness_score: 97 },
	paperPrinted: { liveness_score: 91 },
	replacePortraits: { liveness_score: 95 },
};

export const newTransactionId = () => `txn_${randomBytes(12).toString('hex')}`;
export const resultBody = (transactionId: string) =>
	callbackSuccessBody(transactionId, ENGINE, ALL_SCORES);

/** Bodies of the right size and shape but the wrong types or values (each refused by a careful receiver). */
function wrongTypeBodies(transactionId: string): Array<[string, unknown]> {
	const valid = resultBody(transactionId) as unknown as Record<string, unknown>;
	const score = (value: unknown) => ({
		...valid,
		result: { ...ALL_SCORES, screenReplay: { liveness_score: value } },
	});
	return [
		['transactionId a number', { ...valid, transactionId: 12345 }],
		['transactionId empty', { ...valid, transactionId: '' }],
		['transactionId an object', { ...valid, transactionId: { id: transactionId } }],
		['apiType missing', { ...valid, apiType: undefined }],
		['apiType of another product', { ...valid, apiType: 'id_live_face' }],
		['statusCode as text', { ...valid, statusCode: '200' }],
		['result a string', { ...valid, result: 'pass' }],
		['result an array', { ...valid, result: [ALL_SCORES] }],
		['result null', { ...valid, result: null }],
		['result empty', { ...valid, result: {} }],
		['a score as text "99"', score('99')],
		['a score of -5', score(-5)],
		['a score of 1000', score(1000)],
		['a score null', score(null)],
		['liveness_score missing', { ...valid, result: { ...ALL_SCORES, screenReplay: {} } }],
		['only an unknown check', { ...valid, result: { faceMatch: { liveness_score: 99 } } }],
		['a failure without errorCode', { ...valid, statusCode: 400, result: undefined }],
		['the body an array', [valid]],
		['the body a number', 42],
		['the body a string', '"callback"'],
		['the body null', 'null'],
		['the body true', 'true'],
	];
}

/** A valid callback padded to about `bytes`. */
function hugeBody(valid: object, bytes: number): string {
	return JSON.stringify({ ...valid, padding: 'x'.repeat(bytes) });
}

/**
 * Nesting `depth` levels deep: either the callback's `result` (the rest of the callback valid) or the whole body.
 * Neither is a callback Argos sends.
 */
function nestedBody(
	valid: object,
	depth: number,
	kind: 'array' | 'object',
	where: 'result' | 'body',
): string {
	const [open, close] = kind === 'array' ? ['[', ']'] : ['{"a":', '}'];
	const deep = `${open.repeat(depth)}1${close.repeat(depth)}`;
	if (where === 'body') return deep;
	return JSON.stringify({ ...valid, result: '__deep__' }).replace('"__deep__"', deep);
}

const NESTINGS: Array<[number, 'array' | 'object', 'result' | 'body']> = [
	[1000, 'array', 'result'],
	[8000, 'object', 'result'], // about 40 KB, the issue's case
	[20000, 'array', 'body'],
	[100000, 'array', 'result'],
	[100000, 'object', 'body'],
	[500000, 'array', 'body'],
];
const HUGE_SIZES = [100_000, 1_000_000, 5_000_000, 15_000_000, 20_000_000];

function notJsonBodies(
	valid: object,
	transactionId: string,
): Array<[string, string | Buffer, string]> {
	return [
		['plain text', 'hello from somewhere', 'text/plain'],
		[
			'form fields',
			`statusCode=200&apiType=id_live_doc&transactionId=${transactionId}`,
			'application/x-www-form-urlencoded',
		],
		[
			'XML',
			`<callback><transactionId>${transactionId}</transactionId></callback>`,
			'application/xml',
		],
		[
			'cut-off JSON',
			'{"statusCode":200,"apiType":"id_live_doc","transactionId":"txn_',
			'application/json',
		],
		['an empty body', '', 'application/json'],
		['bytes', randomBytes(512), 'application/octet-stream'],
		['JSON sent as text/plain', JSON.stringify(valid), 'text/plain'],
		['JSON with a BOM and comments', `\ufeff/* c */${JSON.stringify(valid)}`, 'application/json'],
	];
}

// ---- the two APIs whose callbacks reach n8n ----------------------------------------------------------------------

const COMPARE_API_TYPE = 'compare_face';
/** Face Compare's current result shape (docs/ARGOS-API.md): both faces found, similarity 0.93 of 0.8. */
const COMPARE_RESULT = {
	face: { isAvailable: true },
	targetFace: { isAvailable: true },
	similarity: { score: 0.93, threshold: 0.8, isMatch: true },
};
export const compareResultBody = (transactionId: string) => ({
	statusCode: 200,
	apiType: COMPARE_API_TYPE,
	transactionId,
	result: COMPARE_RESULT,
});
const compareFailureBody = (transactionId: string) => ({
	statusCode: 400,
	apiType: COMPARE_API_TYPE,
	transactionId,
	errorCode: 1000,
	message: 'Two Images are Required',
});

/** Compare callbacks of the right size and shape but the wrong types or values, or in neither compare shape. */
function compareWrongTypeBodies(transactionId: string): Array<[string, unknown]> {
	const valid = compareResultBody(transactionId);
	const similarity = (score: unknown) => ({
		...valid,
		result: { ...COMPARE_RESULT, similarity: { ...COMPARE_RESULT.similarity, score } },
	});
	return [
		['similarity as text "0.93"', similarity('0.93')],
		['similarity 93 (a percentage)', similarity(93)],
		['similarity -0.1', similarity(-0.1)],
		['similarity null', similarity(null)],
		['similarity missing, isMatch true', similarity(undefined)],
		['faceMatch without a similarity', { ...valid, result: { faceMatch: { confidence: 0.99 } } }],
		['in neither compare shape (ID Liveness scores)', { ...valid, result: ALL_SCORES }],
		['in neither compare shape (only isMatch)', { ...valid, result: { isMatch: true } }],
		['apiType of ID Liveness', { ...valid, apiType: 'id_live_doc' }],
		['apiType missing', { ...valid, apiType: undefined }],
		['transactionId a number', { ...valid, transactionId: 12345 }],
		['result null', { ...valid, result: null }],
		['a failure without errorCode', { ...valid, statusCode: 400, result: undefined }],
		['the body an array', [valid]],
	];
}

/** What the categories need of the API whose links they attack. */
interface LinkApi {
	name: string;
	/** Absent for ID Liveness, which the matrices run in version 1 of the node. */
	resource?: FamilyResource;
	/** A valid result callback. */
	result: (transactionId: string) => object;
	/** A failed analysis. */
	failure: (transactionId: string) => object;
	wrongTypes: (transactionId: string) => Array<[string, unknown]>;
	/** The other API's valid result: a link names its API, so this must never be read as its own. */
	otherApiResult: (transactionId: string) => object;
	/** Changes to the API terms in a link's query (`argosApi`, `argosMinSim`), each a forgery. */
	termForgeries: Array<Record<string, string | undefined>>;
}

const ID_LIVENESS_LINKS: LinkApi = {
	name: 'ID Liveness',
	result: resultBody,
	failure: (transactionId) => callbackFailureBody(transactionId, '1009'),
	wrongTypes: wrongTypeBodies,
	otherApiResult: compareResultBody,
	termForgeries: [
		{ [CALLBACK_QUERY.api]: FACE_COMPARE_LINK_API, [CALLBACK_QUERY.minimumSimilarity]: '0' },
		{ [CALLBACK_QUERY.api]: FACE_COMPARE_LINK_API },
		{ [CALLBACK_QUERY.api]: 'document' },
		{ [CALLBACK_QUERY.minimumSimilarity]: '0' },
	],
};

export const FACE_COMPARE_LINKS: LinkApi = {
	name: 'Face Compare',
	resource: 'faceCompare',
	result: compareResultBody,
	failure: compareFailureBody,
	wrongTypes: compareWrongTypeBodies,
	otherApiResult: resultBody,
	termForgeries: [
		{ [CALLBACK_QUERY.api]: undefined },
		{ [CALLBACK_QUERY.api]: undefined, [CALLBACK_QUERY.minimumSimilarity]: undefined },
		{ [CALLBACK_QUERY.api]: 'document' },
		{ [CALLBACK_QUERY.api]: 'Compare' },
		{ [CALLBACK_QUERY.minimumSimilarity]: '0' },
		{ [CALLBACK_QUERY.minimumSimilarity]: '0.01' },
		{ [CALLBACK_QUERY.minimumSimilarity]: undefined },
		{ [CALLBACK_QUERY.minimumSimilarity]: '0.80' },
	],
};

// ---- categories ------------------------------------------------------------------------------------------------

/** A real signed (or, without a key, plain) link the node produced, and the transaction Argos gave it. */
interface IssuedLink {
	url: string;
	transactionId: string;
}

interface TargetContext {
	/** The API the links were issued for, and so the bodies a real callback has. */
	api: LinkApi;
	/** The URL without any query. */
	baseUrl: string;
	/** The key links to this target are signed with, when the test can know it. */
	signingKey?: string;
	/** Links whose own callback was delivered once already. */
	used: IssuedLink[];
	/** Links not used yet: one per request of the categories that need a valid, unused link. */
	takeFresh: () => IssuedLink;
	/** The production URLs of two other triggers: on the same credential, and on another one. */
	otherTriggers: { sameCredential: string; otherCredential: string };
}

/** The required zeros of the attacks on the links themselves, each apart from the total of hostile callbacks. */
export const LINK_ZEROS = {
	resplit: "executions started by links re-split at their reference's line breaks or separators",
	otherTrigger: 'executions started by links carried to another trigger',
} as const;

interface HostileCategory {
	name: string;
	/** The required zero (LINK_ZEROS) this category counts in besides the total. */
	zero?: string;
	/** 'duplicate': a repeat of a real callback; 'hostile': anything else. Neither may start anything. */
	kind: 'hostile' | 'duplicate';
	/** Requests sent together: a burst of copies arrives at the same instant. */
	concurrency?: number;
	/** For duplicates: executions the category may rightly start (the first of each burst). */
	allowed?: number;
	build: (target: TargetContext, count: number) => HostileRequest[];
}

function withQuery(url: string, changes: Record<string, string | undefined>): string {
	const result = new URL(url);
	for (const [name, value] of Object.entries(changes)) {
		if (value === undefined) result.searchParams.delete(name);
		else result.searchParams.set(name, value);
	}
	return result.toString();
}

const cycle = <T>(list: T[], index: number) => list[index % list.length];
const times = <T>(count: number, make: (index: number) => T) =>
	Array.from({ length: count }, (_, i) => make(i));
const FUTURE = () => String(Math.floor(Date.now() / 1000) + 3600);

/** Up to `count` links forged by `forge` from the used links, spread over all it makes, each for a new transaction. */
function resplitCategory(name: string, forge: (link: string) => string[]): HostileCategory {
	return {
		name,
		kind: 'hostile',
		zero: LINK_ZEROS.resplit,
		build: (t, count) =>
			spreadOver(
				t.used.flatMap((link) => forge(link.url)),
				count,
			).map((url) => ({ url, body: t.api.result(newTransactionId()) })),
	};
}

/** Links `pick` chooses, posted as they are (with their own transaction) to another trigger. */
function carriedCategory(
	name: string,
	to: keyof TargetContext['otherTriggers'],
	pick: (target: TargetContext, index: number) => IssuedLink,
): HostileCategory {
	return {
		name,
		kind: 'hostile',
		zero: LINK_ZEROS.otherTrigger,
		build: (t, count) =>
			times(count, (i) => {
				const link = pick(t, i);
				return {
					url: atAnotherTrigger(link.url, t.otherTriggers[to]),
					body: t.api.result(link.transactionId),
				};
			}),
	};
}

const TRIGGER_CATEGORIES: HostileCategory[] = [
	{
		name: 'unsigned (no query), valid body',
		kind: 'hostile',
		build: (t, n) => times(n, () => ({ url: t.baseUrl, body: t.api.result(newTransactionId()) })),
	},
	{
		name: 'forged signature',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => ({
				url: withQuery(t.baseUrl, {
					[CALLBACK_QUERY.reference]: `forged-${i}`,
					[CALLBACK_QUERY.expires]: FUTURE(),
					argosNonce: randomBytes(16).toString('base64url'),
					argosChecks: 'sr,pc,ps',
					[CALLBACK_QUERY.signature]: randomBytes(32).toString('hex'),
				}),
				body: t.api.result(newTransactionId()),
			})),
	},
	{
		name: 'real link, reference changed',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => ({
				url: withQuery(cycle(t.used, i).url, { [CALLBACK_QUERY.reference]: `changed-${i}` }),
				body: t.api.result(newTransactionId()),
			})),
	},
	{
		name: 'real link, expiry changed',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => ({
				url: withQuery(cycle(t.used, i).url, { [CALLBACK_QUERY.expires]: FUTURE() }),
				body: t.api.result(newTransactionId()),
			})),
	},
	{
		name: 'real link, signature removed',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => ({
				url: withQuery(cycle(t.used, i).url, { [CALLBACK_QUERY.signature]: undefined }),
				body: t.api.result(newTransactionId()),
			})),
	},
	resplitCategory(
		"used link re-split at the line breaks of its reference (the previous format's attack)",
		resplitAtLineBreaks,
	),
	resplitCategory('used link re-split at the ":" and "," of its reference', resplitAtSeparators),
	carriedCategory(
		'used link at another trigger on the same credential, its own transaction',
		'sameCredential',
		(t, i) => cycle(t.used, i),
	),
	carriedCategory('unused link at another trigger on the same credential', 'sameCredential', (t) =>
		t.takeFresh(),
	),
	carriedCategory(
		'used link at a trigger on another credential, its own transaction',
		'otherCredential',
		(t, i) => cycle(t.used, i),
	),
	{
		name: 'expired link (signed with the right key)',
		kind: 'hostile',
		build: (t, n) =>
			t.signingKey === undefined
				? []
				: times(n, (i) => ({
						url: signedLink(t, `expired-${i}`, Math.floor(Date.now() / 1000) - 60 - i),
						body: t.api.result(newTransactionId()),
					})),
	},
	{
		name: 'real link, its API terms changed (argosApi, argosMinSim)',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => ({
				url: withQuery(cycle(t.used, i).url, cycle(t.api.termForgeries, i)),
				body: t.api.result(newTransactionId()),
			})),
	},
	{
		name: 'unsigned link naming Face Compare with argosMinSim 0',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => ({
				url: withQuery(t.baseUrl, {
					[CALLBACK_QUERY.reference]: `unsigned-${i}`,
					[CALLBACK_QUERY.api]: FACE_COMPARE_LINK_API,
					[CALLBACK_QUERY.minimumSimilarity]: '0',
				}),
				body: compareResultBody(newTransactionId()),
			})),
	},
	{
		name: "unused link, the other API's result for its own transaction",
		kind: 'hostile',
		build: (t, n) =>
			times(n, () => {
				const link = t.takeFresh();
				return { url: link.url, body: t.api.otherApiResult(link.transactionId) };
			}),
	},
	{
		name: 'used link, another transaction',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => ({ url: cycle(t.used, i).url, body: t.api.result(newTransactionId()) })),
	},
	{
		name: 'used link, a failure for another transaction',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => ({
				url: cycle(t.used, i).url,
				body: t.api.failure(newTransactionId()),
			})),
	},
	{
		name: 'unused link, wrong types',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => {
				const link = t.takeFresh();
				const [, body] = cycle(t.api.wrongTypes(link.transactionId), i);
				return { url: link.url, body };
			}),
	},
	{
		name: 'unused link, huge body',
		kind: 'hostile',
		build: (t, n) =>
			times(Math.min(n, HUGE_SIZES.length), (i) => {
				const link = t.takeFresh();
				return { url: link.url, body: hugeBody(t.api.result(link.transactionId), HUGE_SIZES[i]) };
			}),
	},
	{
		name: 'unused link, deeply nested body',
		kind: 'hostile',
		build: (t, n) =>
			times(Math.min(n, NESTINGS.length), (i) => {
				const link = t.takeFresh();
				return {
					url: link.url,
					body: nestedBody(t.api.result(link.transactionId), ...NESTINGS[i]),
				};
			}),
	},
	{
		name: 'unused link, not JSON',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => {
				const link = t.takeFresh();
				const [, body, contentType] = cycle(
					notJsonBodies(t.api.result(link.transactionId), link.transactionId),
					i,
				);
				return { url: link.url, body, contentType };
			}),
	},
	{
		name: 'wrong method',
		kind: 'hostile',
		build: (t, n) =>
			times(n, (i) => {
				const method = cycle(['GET', 'PUT', 'DELETE', 'PATCH'], i);
				const body = method === 'GET' ? undefined : t.api.result(newTransactionId());
				return { url: t.baseUrl, method, body };
			}),
	},
	{
		name: 'repeat of a delivered callback',
		kind: 'duplicate',
		build: (t, n) =>
			times(n, (i) => {
				const link = cycle(t.used, i);
				return { url: link.url, body: t.api.result(link.transactionId) };
			}),
	},
];

/** 20 copies of one unused link's callback at the same instant, `bursts` times: one execution per burst. */
const BURST_SIZE = 20;
function burstCategory(bursts: number): HostileCategory {
	return {
		name: `${BURST_SIZE} simultaneous copies of a new callback (${bursts} bursts)`,
		kind: 'duplicate',
		concurrency: BURST_SIZE,
		allowed: bursts,
		build: (t) =>
			times(bursts, () => t.takeFresh()).flatMap((link) =>
				times(BURST_SIZE, () => ({ url: link.url, body: t.api.result(link.transactionId) })),
			),
	};
}

/** Signs a link the way the action node does, for links the node cannot produce (already expired). */
function signedLink(target: TargetContext, reference: string, expiresAt: number): string {
	return buildCallbackUrl(target.baseUrl, {
		reference,
		secret: target.signingKey,
		expiresAt,
		checks: CHECK_NAMES,
		...(target.api === FACE_COMPARE_LINKS && {
			checks: [],
			faceCompare: { minimumSimilarity: 0.8 },
		}),
	});
}

// ---- results ---------------------------------------------------------------------------------------------------

export interface HostileRow {
	target: string;
	category: string;
	kind: HostileCategory['kind'];
	zero?: string;
	tried: number;
	/** Executions started (trigger) or resumed (Submit and Wait) beyond what the category may rightly cause. */
	started: number;
	/** HTTP statuses n8n answered, e.g. { 401: 150 } (0: the connection was closed without an answer). */
	statuses: Record<number, number>;
	/** An example answer (the first), cut short. */
	example: string;
}

function tally(answers: Answer[]): Record<number, number> {
	const statuses: Record<number, number> = {};
	for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
	return statuses;
}

const short = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}...` : text);

// ---- the trigger -----------------------------------------------------------------------------------------------

export interface HostilePlan {
	/** Requests per category (categories with a fixed list send at most that list). */
	perCategory: number;
	bursts: number;
	/** Real callbacks delivered first (their links are then "used"). */
	delivered: number;
}

interface TriggerSetup {
	target: string;
	/** The API whose links the trigger receives: ID Liveness unless given. */
	api?: LinkApi;
	credential: CredentialRef;
	signingKey?: string;
	/** The credential of the other trigger links are carried to. */
	otherCredential: CredentialRef;
}

export interface LegitRow {
	target: string;
	delivered: number;
	started: number;
}

/**
 * Issues `count` real links to `triggerUrl`: an Argos node ("Send Result to Callback URL") sends `count` items to the
 * emulator with the trigger as Callback URL; the links are what the emulator received.
 */
async function issueLinks(
	stack: ReliabilityStack,
	credential: CredentialRef,
	api: LinkApi,
	triggerUrl: string,
	count: number,
	path: string,
): Promise<IssuedLink[]> {
	const workflowId = await stack.publish(
		caseWorkflow({
			name: `Reliability: issue ${api.name} callback links (${credential.name})`,
			path,
			mode: 'sendToCallbackUrl',
			imageSource: 'binary',
			credential,
			resource: api.resource,
		}),
	);
	const file = stack.files.uniqueJpeg('links/photo.jpg', 'genuine.jpg', 'link issuer');
	const emulator = stack.argos.emulator;
	emulator.reset();
	const execution = await stack.runCase(
		workflowId,
		path,
		times(count, (i) => ({
			...photos(file.path),
			p: { callbackUrl: triggerUrl, reference: resplittableReference(i) },
		})),
	);
	if (execution.status !== 'success')
		throw new Error(`issuing ${count} callback links failed: execution ${execution.status}`);
	const links = emulator.requests.map((request) => ({
		url: String((request.body as { callbackUrl?: unknown }).callbackUrl),
		transactionId: String(request.transactionId),
	}));
	emulator.reset(); // the emulator's own callbacks are cancelled: the matrix delivers them
	return links;
}

/** An item's photos: Face Compare's workflows read the second face too (the same photo: the faces match). */
const photos = (file: string): CaseItem => ({ file, second: file });

async function fire(
	stack: ReliabilityStack,
	requests: HostileRequest[],
	concurrency: number,
): Promise<Answer[]> {
	const answers = await sendAll(requests, concurrency);
	for (const answer of answers) stack.answers.push(answer.text);
	return answers;
}

/** The workflow with every node that has credentials using `credential` instead. */
function withCredential(
	workflow: Record<string, unknown>,
	credential: CredentialRef,
): Record<string, unknown> {
	const nodes = (workflow.nodes as Array<Record<string, unknown>>).map((node) =>
		node.credentials ? { ...node, credentials: { argosIdentityApi: credential } } : node,
	);
	return { ...workflow, nodes };
}

export async function runTriggerMatrix(
	stack: ReliabilityStack,
	setup: TriggerSetup,
	plan: HostilePlan,
	categories: HostileCategory[] = TRIGGER_CATEGORIES,
): Promise<{ legit: LegitRow; rows: HostileRow[] }> {
	const api = setup.api ?? ID_LIVENESS_LINKS;
	const webhookId =
		`rel-trigger-${setup.credential.id}${api.resource ? `-${api.resource}` : ''}`.toLowerCase();
	const publishTrigger = async (id: string, name: string, credential: CredentialRef) => ({
		workflowId: await stack.publish(
			withCredential(asCustomNodes(triggerOnlyWorkflow(name, id)), credential),
		),
		url: triggerProductionUrl(stack.argos.n8n.baseUrl, id),
	});
	const { workflowId, url: triggerUrl } = await publishTrigger(
		webhookId,
		`Reliability: trigger (${setup.target})`,
		setup.credential,
	);
	const sameCredential = await publishTrigger(
		`${webhookId}-other`,
		`Reliability: another trigger on the credential of (${setup.target})`,
		setup.credential,
	);
	const otherCredential = await publishTrigger(
		`${webhookId}-elsewhere`,
		`Reliability: a trigger on another credential than (${setup.target})`,
		setup.otherCredential,
	);
	// Executions of any of the three workflows: a link carried to another trigger must start nothing there either.
	const settledCount = async () =>
		(
			await Promise.all(
				[workflowId, sameCredential.workflowId, otherCredential.workflowId].map((id) =>
					stack.settledCount(id),
				),
			)
		).reduce((sum, count) => sum + count, 0);
	const freshNeeded =
		plan.bursts +
		categories
			.filter((category) => category.name.startsWith('unused link'))
			.reduce((sum) => sum + plan.perCategory, 0);
	const links = await issueLinks(
		stack,
		setup.credential,
		api,
		triggerUrl,
		plan.delivered + freshNeeded,
		`rel-issue-${webhookId}`,
	);
	const used = links.slice(0, plan.delivered);
	const fresh = links.slice(plan.delivered);
	const target: TargetContext = {
		api,
		baseUrl: triggerUrl,
		signingKey: setup.signingKey,
		used,
		takeFresh: () => {
			const link = fresh.shift();
			if (link === undefined) throw new Error('ran out of unused callback links');
			return link;
		},
		otherTriggers: { sameCredential: sameCredential.url, otherCredential: otherCredential.url },
	};

	// The real callbacks first: each must start exactly one execution.
	const before = await settledCount();
	await fire(
		stack,
		used.map((link) => ({ url: link.url, body: api.result(link.transactionId) })),
		1,
	);
	const legit: LegitRow = {
		target: setup.target,
		delivered: used.length,
		started: (await settledCount()) - before,
	};

	const rows: HostileRow[] = [];
	let count = before + legit.started;
	for (const category of [...categories, burstCategory(plan.bursts)]) {
		const requests = category.build(target, plan.perCategory);
		if (requests.length === 0) continue;
		const answers = await fire(stack, requests, category.concurrency ?? 8);
		const after = await settledCount();
		rows.push({
			target: setup.target,
			category: category.name,
			kind: category.kind,
			zero: category.zero,
			tried: requests.length,
			started: Math.max(0, after - count - (category.allowed ?? 0)),
			statuses: tally(answers),
			example: short(answers[0]?.text ?? ''),
		});
		count = after;
	}
	return { legit, rows };
}

// ---- the resume URL of a waiting Submit and Wait execution -----------------------------------------------------

interface Waiting {
	executionId: string;
	resumeUrl: string;
	transactionId: string;
}

const RESUME_TARGET = 'Submit and Wait resume URL';

interface ResumeCategory {
	name: string;
	kind: HostileCategory['kind'];
	/** At most this many requests, whatever the plan asks (the category has only so many variants). */
	limit?: number;
	/** Request `index`, aimed at the execution waiting now. */
	build: (waiting: Waiting, index: number) => HostileRequest;
	/**
	 * Its own transaction's result with a requested score missing may resume the execution, as a "review" naming
	 * the missing check: then only an item on Pass counts against it.
	 */
	mayResumeOntoReview?: boolean;
}

function resumeUrlWith(waiting: Waiting, change: (url: URL) => void): string {
	const url = new URL(waiting.resumeUrl);
	change(url);
	return url.toString();
}

/** The categories against a waiting execution of `api`'s Submit and Wait. */
function resumeCategories(api: LinkApi): ResumeCategory[] {
	const categories: ResumeCategory[] = [
		{
			name: 'another transaction, a valid result',
			kind: 'hostile',
			build: (w) => ({ url: w.resumeUrl, body: api.result(newTransactionId()) }),
		},
		{
			name: 'another transaction, a failure',
			kind: 'hostile',
			build: (w) => ({ url: w.resumeUrl, body: api.failure(newTransactionId()) }),
		},
		{
			name: 'its own transaction, wrong types',
			kind: 'hostile',
			build: (w, i) => ({ url: w.resumeUrl, body: cycle(api.wrongTypes(w.transactionId), i)[1] }),
		},
		{
			name: "its own transaction, the other API's result",
			kind: 'hostile',
			build: (w) => ({ url: w.resumeUrl, body: api.otherApiResult(w.transactionId) }),
		},
		{
			name: 'without the resume token',
			kind: 'hostile',
			build: (w) => ({
				url: resumeUrlWith(w, (url) => url.searchParams.delete('signature')),
				body: api.result(w.transactionId),
			}),
		},
		{
			name: 'a wrong resume token',
			kind: 'hostile',
			build: (w) => ({
				url: resumeUrlWith(w, (url) =>
					url.searchParams.set('signature', randomBytes(16).toString('hex')),
				),
				body: api.result(w.transactionId),
			}),
		},
		{
			name: 'huge body',
			kind: 'hostile',
			limit: HUGE_SIZES.length,
			build: (w, i) => ({
				url: w.resumeUrl,
				body: hugeBody(api.result(w.transactionId), HUGE_SIZES[i]),
			}),
		},
		{
			name: 'deeply nested body',
			kind: 'hostile',
			limit: NESTINGS.length,
			build: (w, i) => ({
				url: w.resumeUrl,
				body: nestedBody(api.result(w.transactionId), ...NESTINGS[i]),
			}),
		},
		{
			name: 'not JSON',
			kind: 'hostile',
			build: (w, i) => {
				const [, body, contentType] = cycle(
					notJsonBodies(api.result(w.transactionId), w.transactionId),
					i,
				);
				return { url: w.resumeUrl, body, contentType };
			},
		},
	];
	// ID Liveness only: a Face Compare result has no checks that could be missing.
	if (api === ID_LIVENESS_LINKS)
		categories.push({
			name: 'its own transaction, a requested score missing (may resume onto Review; counted: onto Pass)',
			kind: 'hostile',
			limit: 3,
			mayResumeOntoReview: true,
			build: (w, i) => {
				const result = Object.fromEntries(Object.entries(ALL_SCORES).filter((_, j) => j === i));
				return { url: w.resumeUrl, body: callbackSuccessBody(w.transactionId, ENGINE, result) };
			},
		});
	return categories;
}

/**
 * Runs the resume categories against waiting executions. Whenever a hostile callback resumed the execution, that is
 * counted and a new execution is put to wait for the next request. At the end the real callback must resume it, and
 * repeats of that callback must not start or resume anything.
 */
export async function runResumeMatrix(
	stack: ReliabilityStack,
	perCategory: number,
	repeats: number,
	api: LinkApi = ID_LIVENESS_LINKS,
): Promise<{ legit: LegitRow; rows: HostileRow[] }> {
	const path = api.resource ? `rel-resume-${api.resource}` : 'rel-resume';
	const target = api.resource ? `${RESUME_TARGET} (${api.name})` : RESUME_TARGET;
	const workflowId = await stack.publish(
		caseWorkflow({
			name: `Reliability: Submit and Wait (${api.name})`,
			path,
			mode: 'submitAndWait',
			imageSource: 'binary',
			credential: stack.credentials.emulator,
			routeByVerdict: true,
			resource: api.resource,
		}),
	);
	const file = stack.files.uniqueJpeg('resume/photo.jpg', 'genuine.jpg', 'resume');
	const emulator = stack.argos.emulator;
	let setups = 0;
	const putToWait = async (): Promise<Waiting> => {
		emulator.reset();
		const execution = await stack.runCase(workflowId, path, [photos(file.path)]);
		setups++;
		const [request] = emulator.requests;
		emulator.reset(); // the emulator's own callback is cancelled
		if (execution.status !== 'waiting' || request === undefined)
			throw new Error(
				`Submit and Wait did not wait: execution ${execution.id} ${execution.status}`,
			);
		return {
			executionId: execution.id,
			resumeUrl: String((request.body as { callbackUrl?: unknown }).callbackUrl),
			transactionId: String(request.transactionId),
		};
	};
	const stillWaiting = async (waiting: Waiting, graceMs: number): Promise<boolean> => {
		const deadline = Date.now() + graceMs;
		for (;;) {
			const { status } = await stack.argos.rest.getExecution(waiting.executionId);
			if (status !== 'waiting') return false;
			if (Date.now() >= deadline) return true;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	};

	const reachedPass = async (resumed: Waiting): Promise<boolean> => {
		const execution = await stack.argos.rest.waitForExecution({
			executionId: resumed.executionId,
			status: ['success', 'error', 'canceled', 'crashed'],
			timeoutMs: 60_000,
		});
		return (
			(execution.data.resultData.runData[CASE_NODE.pass]?.[0]?.data?.main?.[0] ?? []).length > 0
		);
	};

	let waiting = await putToWait();
	const rows: HostileRow[] = [];
	for (const category of resumeCategories(api)) {
		const countBefore = await stack.settledCount(workflowId);
		const setupsBefore = setups;
		let resumed = 0;
		const answers: Answer[] = [];
		for (let index = 0; index < Math.min(perCategory, category.limit ?? perCategory); index++) {
			const answer = await send(category.build(waiting, index));
			answers.push(answer);
			stack.answers.push(answer.text);
			// A resume shows in the execution's status a moment after the answer: after a 2xx, or a 5xx (the node threw).
			const mayHaveResumed = (answer.status >= 200 && answer.status < 300) || answer.status >= 500;
			if (!(await stillWaiting(waiting, mayHaveResumed ? 1500 : 0))) {
				if (!category.mayResumeOntoReview || (await reachedPass(waiting))) resumed++;
				waiting = await putToWait();
			}
		}
		const newExecutions =
			(await stack.settledCount(workflowId)) - countBefore - (setups - setupsBefore);
		rows.push({
			target,
			category: category.name,
			kind: category.kind,
			tried: answers.length,
			started: resumed + Math.max(0, newExecutions),
			statuses: tally(answers),
			example: short(answers[0]?.text ?? ''),
		});
	}

	// The real callback resumes it; repeats of it start nothing.
	const body = api.result(waiting.transactionId);
	const countBefore = await stack.settledCount(workflowId);
	const first = await send({ url: waiting.resumeUrl, body });
	const resumedByRealCallback = !(await stillWaiting(waiting, 10_000));
	const repeatAnswers = await fire(
		stack,
		times(repeats, () => ({ url: waiting.resumeUrl, body })),
		8,
	);
	const started = (await stack.settledCount(workflowId)) - countBefore;
	rows.push({
		target,
		category: 'repeat of the real callback after it resumed',
		kind: 'duplicate',
		tried: repeats,
		started,
		statuses: tally(repeatAnswers),
		example: short(repeatAnswers[0]?.text ?? ''),
	});
	stack.answers.push(first.text);
	return {
		legit: { target, delivered: 1, started: resumedByRealCallback ? 1 : 0 },
		rows,
	};
}
