import { createHmac } from 'crypto';
import fc from 'fast-check';

import {
	authorizeCallback,
	buildCallbackUrl,
	CALLBACK_QUERY,
	callbackSigningKey,
	linkDestination,
	linkReferenceProblem,
	MAX_LINK_REFERENCE_LENGTH,
	SIGNED_LINK_FORMAT,
	signedLinkMessage,
	triggerDestination,
	type CallbackTerms,
	type RecognitionTerms,
	type SignedLinkFields,
	type UnsignedPolicy,
} from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import type { CheckName } from '../../package/nodes/resultsAndCallbacks/checks';
import { expectedNameDigest } from '../../package/nodes/resultsAndCallbacks/nameDigest';
import {
	FAR_EXPIRY,
	resplitAtLineBreaks,
	resplitAtSeparators,
	resplittableReference,
} from '../../tools/reliability/linkForgeries';

const secret = 'a-long-random-callback-secret';
const now = 1_800_000_000;
const ALL: CheckName[] = ['screenReplay', 'paperPrinted', 'replacePortraits'];
const REFUSE_UNSIGNED: UnsignedPolicy = { accept: false, checks: ALL };
const TRIGGER_ID = '5b1c2d3e-0000-4000-8000-00000000000a';
const TRIGGER_URL = `https://n8n.example.com/webhook/${TRIGGER_ID}/callback`;

/** The signature of a signed message under `secret`, as it travels in `argosSig`. */
const signatureOf = (message: Buffer) =>
	`v3.${createHmac('sha256', secret).update(message).digest('hex')}`;

function queryOf(url: string): Record<string, string> {
	return Object.fromEntries(new URL(url).searchParams.entries());
}

describe('callbackSigningKey', () => {
	it('uses the Callback Secret when the credential has one', () => {
		expect(callbackSigningKey({ apiKey: 'key-1', callbackSecret: secret })).toBe(secret);
	});

	it('derives a key from the API key otherwise: not the key itself, stable, different per API key', () => {
		const derived = callbackSigningKey({ apiKey: 'key-1', callbackSecret: '' });
		expect(derived).toMatch(/^[0-9a-f]{64}$/);
		expect(derived).not.toContain('key-1');
		expect(callbackSigningKey({ apiKey: 'key-1' })).toBe(derived);
		expect(callbackSigningKey({ apiKey: 'key-2' })).not.toBe(derived);
		// a plain hash of the key would be the same for anyone who knows the key's hash; the label makes it a keyed hash
		expect(derived).not.toBe(createHmac('sha256', 'key-1').digest('hex'));
	});

	it('has no key without an API key or a secret', () => {
		expect(callbackSigningKey({})).toBeUndefined();
	});
});

// ---- the signed message ------------------------------------------------------------------------------------------

/** Reads a message back into its fields: netstrings, `<length>:<bytes>,`, one after another. */
function parseSignedLinkMessage(message: Buffer): SignedLinkFields | undefined {
	const parts: string[] = [];
	for (let offset = 0; offset < message.length;) {
		const colon = message.indexOf(':', offset);
		const length = message.subarray(offset, colon).toString('latin1');
		if (colon < 0 || !/^(0|[1-9]\d*)$/.test(length)) return undefined;
		const end = colon + 1 + Number(length);
		if (message[end] !== ','.charCodeAt(0)) return undefined;
		parts.push(message.subarray(colon + 1, end).toString('utf8'));
		offset = end + 1;
	}
	const [format, destination, reference, expires, nonce, checks, ...rest] = parts;
	if (format !== SIGNED_LINK_FORMAT || checks === undefined || rest.length > 0) return undefined;
	return { destination, reference, expires, nonce, checks };
}

/**
 * Field text where an ambiguous encoding would collide: the encoding's own separators, line breaks (the join of
 * earlier versions), digits, and a character of three UTF-8 bytes (so byte and character lengths differ).
 */
const TRICKY = fc.string({ unit: fc.constantFrom('a', '\n', '\r', ':', ',', '0', '1', '9', '€') });
/** Any text (whole Unicode code points, no lone surrogates). */
const ANY = fc.string({ unit: 'binary' });
const fieldsOf = (text: fc.Arbitrary<string>): fc.Arbitrary<SignedLinkFields> =>
	fc.record({ destination: text, reference: text, expires: text, nonce: text, checks: text });
const sameFields = (a: SignedLinkFields, b: SignedLinkFields) =>
	JSON.stringify(a) === JSON.stringify(b);

/** Five texts as fields, in the message's order. */
const asFields = ([
	destination,
	reference,
	expires,
	nonce,
	checks,
]: string[]): SignedLinkFields => ({
	destination,
	reference,
	expires,
	nonce,
	checks,
});

/** `text` cut at four of the positions `cuts` picks among `candidates` (dropping `drop` characters at each). */
function cutAt(
	text: string,
	candidates: number[],
	cuts: number[],
	drop: number,
): string[] | undefined {
	const positions = [...new Set(cuts.map((cut) => candidates[cut % candidates.length]))].sort(
		(x, y) => x - y,
	);
	if (positions.length !== 4) return undefined;
	const parts: string[] = [];
	let from = 0;
	for (const position of positions) {
		parts.push(text.slice(from, position));
		from = position + drop;
	}
	return [...parts, text.slice(from)];
}

const FOUR_CUTS = fc.array(fc.nat(), { minLength: 4, maxLength: 4 });
/**
 * Pairs of field tuples that an ambiguous encoding would confuse: any two tuples; one link's characters with the
 * boundaries between fields moved; and the fields joined with line breaks, then split at other line breaks (the
 * attack on the previous format).
 */
const confusablePairs: fc.Arbitrary<readonly [SignedLinkFields, SignedLinkFields]> = fc.oneof(
	fc.tuple(fieldsOf(TRICKY), fieldsOf(TRICKY)),
	fc.tuple(fieldsOf(ANY), fieldsOf(ANY)),
	fc.tuple(fieldsOf(TRICKY), FOUR_CUTS).map(([fields, cuts]) => {
		const joined = Object.values(fields).join('');
		const everywhere = Array.from({ length: joined.length + 1 }, (_, index) => index);
		const parts = cutAt(joined, everywhere, cuts, 0);
		return [fields, parts ? asFields(parts) : fields] as const;
	}),
	fc.tuple(fieldsOf(TRICKY), FOUR_CUTS).map(([fields, cuts]) => {
		const joined = Object.values(fields).join('\n');
		const breaks = [...joined.matchAll(/\n/g)].map((match) => match.index!);
		const parts = cutAt(joined, breaks, cuts, 1);
		return [fields, parts ? asFields(parts) : fields] as const;
	}),
);

describe('signedLinkMessage', () => {
	it('is the format tag and the five fields as netstrings, lengths in UTF-8 bytes', () => {
		expect(
			signedLinkMessage({
				destination: TRIGGER_ID,
				reference: 'Zoë\n1',
				expires: '1800000060',
				nonce: 'n-1',
				checks: 'sr,ps',
			}).toString('utf8'),
		).toBe(
			`33:argos-id-liveness/callback-link/3,36:${TRIGGER_ID},6:Zoë\n1,10:1800000060,3:n-1,5:sr,ps,`,
		);
	});

	it('reads back to the same fields, whatever they hold (parse after encode is the identity)', () => {
		for (const text of [TRICKY, ANY]) {
			fc.assert(
				fc.property(fieldsOf(text), (fields) => {
					expect(parseSignedLinkMessage(signedLinkMessage(fields))).toEqual(fields);
				}),
				{ numRuns: 2000 },
			);
		}
	});

	it('never gives two different field tuples the same message', () => {
		fc.assert(
			fc.property(confusablePairs, ([a, b]) => {
				fc.pre(!sameFields(a, b));
				expect(signedLinkMessage(a).equals(signedLinkMessage(b))).toBe(false);
			}),
			{ numRuns: 20_000 },
		);
	});

	it('finds collisions in the previous format (fields joined with line breaks): the property can fail', () => {
		const joinedMessage = (fields: SignedLinkFields) =>
			Buffer.from(['argos-id-liveness-callback:v2', ...Object.values(fields)].join('\n'));
		const result = fc.check(
			fc.property(confusablePairs, ([a, b]) => {
				fc.pre(!sameFields(a, b));
				return !joinedMessage(a).equals(joinedMessage(b));
			}),
			{ numRuns: 20_000 },
		);
		expect(result.failed).toBe(true);
	});

	it('refuses text that is not well-formed Unicode rather than encode it lossily', () => {
		const loneSurrogate = fc
			.integer({ min: 0xd800, max: 0xdfff })
			.map((unit) => String.fromCharCode(unit));
		fc.assert(
			// fc.string() is ASCII: nothing next to the lone half can pair with it
			fc.property(fc.string(), loneSurrogate, fc.string(), (before, lone, after) => {
				const broken = `${before}${lone}${after}`;
				const fields = { destination: 'd', reference: '', expires: '1', nonce: 'n', checks: 'sr' };
				expect(() => signedLinkMessage({ ...fields, reference: broken })).toThrow(RangeError);
				expect(() => signedLinkMessage({ ...fields, destination: broken })).toThrow(RangeError);
			}),
		);
	});
});

// ---- the link's destination ----------------------------------------------------------------------------------------

describe('linkDestination and triggerDestination', () => {
	it.each([
		[TRIGGER_URL, TRIGGER_ID],
		[`https://n8n.example.com/webhook-test/${TRIGGER_ID}/callback`, TRIGGER_ID],
		[`https://example.com/tools/n8n/webhook/${TRIGGER_ID}/callback?tenant=7`, TRIGGER_ID],
		[`https://n8n.example.com/webhook/${TRIGGER_ID}/callback/`, TRIGGER_ID],
		['https://n8n.example.com/webhook/wf-1/argos%20trigger/callback', 'argos trigger'],
		['https://n8n.example.com/webhook/my-hook', ''],
		['https://n8n.example.com/callback', ''],
		['https://n8n.example.com/webhook/%E0%A4%A/callback', ''],
	])('%s leads to %j', (url, destination) => {
		expect(linkDestination(new URL(url))).toBe(destination);
	});

	it('is the webhook ID of a trigger, or the lower-case name that n8n puts in its path without one', () => {
		expect(triggerDestination({ webhookId: TRIGGER_ID, name: 'Argos Trigger' })).toBe(TRIGGER_ID);
		expect(triggerDestination({ name: 'Argos Trigger' })).toBe('argos trigger');
	});
});

// ---- references --------------------------------------------------------------------------------------------------

describe('linkReferenceProblem', () => {
	it.each([
		['a plain reference', 'CRM-42'],
		['line breaks, tabs and other control characters', 'a\nb\r\nc\td\u0000e\u001bf\u007f\u0085'],
		['the format separators', '3:abc,12:x,'],
		['an emoji', 'case 😀'],
		['512 characters', 'é'.repeat(MAX_LINK_REFERENCE_LENGTH)],
	])('lets %s through', (_case, reference) => {
		expect(linkReferenceProblem(reference)).toBeUndefined();
	});

	it('refuses more than 512 characters, saying how long it is', () => {
		expect(linkReferenceProblem('x'.repeat(513))).toEqual({
			message: 'The Reference is 513 characters long; a callback link carries at most 512',
			description: expect.stringMatching(/^The reference travels in the callback URL/),
		});
	});

	it('refuses half an emoji, saying where', () => {
		expect(linkReferenceProblem('case \ud83d')).toEqual({
			message: expect.stringMatching(/^The Reference has a broken character at position 6 /),
			description: expect.stringMatching(/fix the expression or data that fills the Reference/),
		});
	});
});

// ---- links ---------------------------------------------------------------------------------------------------------

describe('buildCallbackUrl', () => {
	it('keeps the URL and its query, and adds the reference alone without a key', () => {
		const url = buildCallbackUrl('https://n8n.example.com/webhook/abc/callback?tenant=7', {
			reference: 'CRM-42',
			expiresAt: now,
			checks: ALL,
		});
		expect(queryOf(url)).toEqual({ tenant: '7', [CALLBACK_QUERY.reference]: 'CRM-42' });
	});

	it('adds an expiry, a random nonce, the requested checks and a signature with a key', () => {
		const build = () =>
			queryOf(
				buildCallbackUrl(TRIGGER_URL, {
					reference: 'CRM-42',
					secret,
					expiresAt: now + 60,
					checks: ['replacePortraits', 'screenReplay'],
				}),
			);
		const query = build();
		expect(query[CALLBACK_QUERY.expires]).toBe(String(now + 60));
		expect(query[CALLBACK_QUERY.checks]).toBe('sr,ps');
		expect(query[CALLBACK_QUERY.nonce]).toMatch(/^[\w-]{22}$/);
		expect(query[CALLBACK_QUERY.signature]).toMatch(/^v3\.[0-9a-f]{64}$/);
		expect(build()[CALLBACK_QUERY.nonce]).not.toBe(query[CALLBACK_QUERY.nonce]);
		expect(JSON.stringify(query)).not.toContain(secret);
	});

	it('signs the message of signedLinkMessage, with the trigger of the URL as destination', () => {
		const query = queryOf(
			buildCallbackUrl(TRIGGER_URL, {
				reference: 'CRM-42',
				secret,
				expiresAt: now + 60,
				checks: ['paperPrinted'],
				nonce: 'n-1',
			}),
		);
		const message = signedLinkMessage({
			destination: TRIGGER_ID,
			reference: 'CRM-42',
			expires: String(now + 60),
			nonce: 'n-1',
			checks: 'pc',
		});
		expect(query[CALLBACK_QUERY.signature]).toBe(signatureOf(message));
	});
});

describe('authorizeCallback', () => {
	const link = (reference = 'CRM-42', url = TRIGGER_URL) =>
		queryOf(
			buildCallbackUrl(url, {
				reference,
				secret,
				expiresAt: now + 60,
				checks: ['screenReplay'],
				nonce: 'nonce-1',
			}),
		);
	const signed = link();
	const authorize = (query: Record<string, unknown>, destination = TRIGGER_ID) =>
		authorizeCallback(query, secret, now, REFUSE_UNSIGNED, destination);

	it('accepts its own signature and returns the reference, the nonce and the requested checks', () => {
		expect(authorize(signed)).toEqual({
			ok: true,
			reference: 'CRM-42',
			nonce: 'nonce-1',
			checks: ['screenReplay'],
		});
	});

	it('accepts a signed URL without a reference', () => {
		const query = queryOf(
			buildCallbackUrl(TRIGGER_URL, { secret, expiresAt: now + 60, checks: ALL, nonce: 'n' }),
		);
		expect(authorize(query)).toEqual({ ok: true, reference: null, nonce: 'n', checks: ALL });
	});

	it('accepts the link at the test URL and behind a proxy that adds a path prefix: the same trigger', () => {
		for (const url of [
			`https://n8n.example.com/webhook-test/${TRIGGER_ID}/callback`,
			`https://example.com/automation/webhook/${TRIGGER_ID}/callback`,
		])
			expect(authorize(link('CRM-42', url))).toMatchObject({ ok: true, reference: 'CRM-42' });
	});

	const without = (name: string) =>
		Object.fromEntries(Object.entries(signed).filter(([key]) => key !== name));
	it.each([
		['no signature at all', {}, 'missing signature'],
		['a signature without its nonce', without(CALLBACK_QUERY.nonce), 'missing signature'],
		['a signature without its checks', without(CALLBACK_QUERY.checks), 'missing signature'],
		[
			'a changed reference',
			{ ...signed, [CALLBACK_QUERY.reference]: 'CRM-43' },
			'invalid signature',
		],
		[
			'fewer checks than were signed',
			{ ...signed, [CALLBACK_QUERY.checks]: 'pc' },
			'invalid signature',
		],
		['another nonce', { ...signed, [CALLBACK_QUERY.nonce]: 'nonce-2' }, 'invalid signature'],
		[
			'a later expiry',
			{ ...signed, [CALLBACK_QUERY.expires]: String(now + 6000) },
			'invalid signature',
		],
		[
			'a signature of another length',
			{ ...signed, [CALLBACK_QUERY.signature]: 'abc' },
			'invalid signature',
		],
		[
			'an expiry that is not a number',
			{ ...signed, [CALLBACK_QUERY.expires]: 'soon' },
			'invalid signature',
		],
		[
			'a link of the previous format (a bare HMAC in hex)',
			{ ...signed, [CALLBACK_QUERY.signature]: 'ab'.repeat(32) },
			'outdated link format',
		],
	])('refuses %s', (_case, query, reason) => {
		expect(authorize(query)).toEqual({ ok: false, problem: reason });
	});

	it('refuses a link made for another trigger, even with the same key', () => {
		expect(authorize(signed, 'another-trigger-id')).toEqual({
			ok: false,
			problem: 'invalid signature',
		});
		// a URL that leads to no trigger gives a link that no trigger accepts
		expect(authorize(link('CRM-42', 'https://n8n.example.com/cb'))).toEqual({
			ok: false,
			problem: 'invalid signature',
		});
	});

	it('refuses another key and an expired link', () => {
		expect(authorizeCallback(signed, 'another-secret', now, REFUSE_UNSIGNED, TRIGGER_ID)).toEqual({
			ok: false,
			problem: 'invalid signature',
		});
		expect(authorizeCallback(signed, secret, now + 61, REFUSE_UNSIGNED, TRIGGER_ID)).toEqual({
			ok: false,
			problem: 'expired signature',
		});
	});

	it('accepts an unsigned callback only when told to, with the checks it was told to require', () => {
		const policy: UnsignedPolicy = { accept: true, checks: ['paperPrinted'] };
		expect(
			authorizeCallback(
				{ [CALLBACK_QUERY.reference]: ['T-1', 'T-2'] },
				secret,
				now,
				policy,
				TRIGGER_ID,
			),
		).toEqual({ ok: true, reference: 'T-1', nonce: null, checks: ['paperPrinted'] });
		expect(authorize({})).toEqual({ ok: false, problem: 'missing signature' });
		// accepting unsigned callbacks does not make a bad signature acceptable
		expect(
			authorizeCallback(
				{ ...signed, [CALLBACK_QUERY.reference]: 'X' },
				secret,
				now,
				policy,
				TRIGGER_ID,
			),
		).toEqual({ ok: false, problem: 'invalid signature' });
	});

	it('accepts a link for any reference it was made with, at its trigger only, and no re-split of it', () => {
		const reference = fc.string({
			unit: fc.oneof(
				fc.constantFrom('\n', '\r', ':', ',', '&', '=', '+', '%', '#', '\u0000'),
				fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
			),
			maxLength: MAX_LINK_REFERENCE_LENGTH / 2,
		});
		fc.assert(
			fc.property(reference, fc.uuid(), fc.uuid(), (text, id, otherId) => {
				fc.pre(id !== otherId);
				const query = link(text, `https://n8n.example.com/webhook/${id}/callback`);
				expect(authorize(query, id)).toMatchObject({ ok: true, reference: text || null });
				expect(authorize(query, otherId)).toEqual({ ok: false, problem: 'invalid signature' });
				// The previous format's attack: the reference's tail moved into the nonce, a new expiry from its text.
				const cut = text.indexOf('\n');
				if (cut >= 0) {
					const moved = {
						...query,
						[CALLBACK_QUERY.reference]: text.slice(0, cut),
						[CALLBACK_QUERY.nonce]: `${text.slice(cut + 1)}\n${query[CALLBACK_QUERY.nonce]}`,
					};
					expect(authorize(moved, id)).toMatchObject({ ok: false });
				}
			}),
			{ numRuns: 500 },
		);
	});

	it.each([0, 1])(
		'refuses every re-split of a link whose reference holds what a re-split needs (reference %i)',
		(index) => {
			const url = buildCallbackUrl(TRIGGER_URL, {
				reference: resplittableReference(index),
				secret,
				expiresAt: now + 60,
				checks: ALL,
			});
			const forged = [...resplitAtLineBreaks(url), ...resplitAtSeparators(url)];
			expect(forged.length).toBeGreaterThan(5);
			if (index === 0) {
				// the winner against the previous format: the first line as reference, an expiry centuries away
				expect(forged.map(queryOf)).toContainEqual(
					expect.objectContaining({
						[CALLBACK_QUERY.reference]: 'case-0',
						[CALLBACK_QUERY.expires]: FAR_EXPIRY,
					}),
				);
			}
			for (const link of forged) expect(authorize(queryOf(link))).toMatchObject({ ok: false });
			expect(authorize(queryOf(url))).toMatchObject({ ok: true });
		},
	);
});

// ---- links for Face Compare ----------------------------------------------------------------------------------------

/** The query of a link of another API than ID Liveness to TRIGGER_URL, as the action node makes it. */
const apiLink = (terms: CallbackTerms, signed = true) =>
	queryOf(
		buildCallbackUrl(TRIGGER_URL, {
			reference: 'CRM-42',
			secret: signed ? secret : undefined,
			expiresAt: now + 60,
			checks: [],
			nonce: 'nonce-1',
			...terms,
		}),
	);
/** How such a link is accepted: its terms, and no checks. */
const acceptedApiLink = (terms: CallbackTerms) => ({
	ok: true,
	reference: 'CRM-42',
	nonce: 'nonce-1',
	checks: [],
	...terms,
});
/** The signed message of apiLink's links up to their API: the format, trigger, reference, expiry, nonce, no checks. */
const API_LINK_MESSAGE_START = `${SIGNED_LINK_FORMAT.length}:${SIGNED_LINK_FORMAT},36:${TRIGGER_ID},6:CRM-42,10:${now + 60},7:nonce-1,0:,`;
const authorizeAtTrigger = (query: Record<string, unknown>, unsigned = REFUSE_UNSIGNED) =>
	authorizeCallback(query, secret, now, unsigned, TRIGGER_ID);
const withoutField = (query: Record<string, string>, name: string) =>
	Object.fromEntries(Object.entries(query).filter(([key]) => key !== name));

describe('a Face Compare link', () => {
	const compareLink = (minimumSimilarity = 0.85, signed = true) =>
		apiLink({ faceCompare: { minimumSimilarity } }, signed);
	const authorize = authorizeAtTrigger;
	const compare = compareLink();
	const idLiveness = queryOf(
		buildCallbackUrl(TRIGGER_URL, {
			reference: 'CRM-42',
			secret,
			expiresAt: now + 60,
			checks: ALL,
			nonce: 'nonce-1',
		}),
	);

	it('names its API and carries the minimum similarity instead of checks, both signed', () => {
		expect(compare).toEqual({
			[CALLBACK_QUERY.reference]: 'CRM-42',
			[CALLBACK_QUERY.api]: 'compare',
			[CALLBACK_QUERY.minimumSimilarity]: '0.85',
			[CALLBACK_QUERY.expires]: String(now + 60),
			[CALLBACK_QUERY.nonce]: 'nonce-1',
			[CALLBACK_QUERY.signature]: expect.stringMatching(/^v3\.[0-9a-f]{64}$/),
		});
		const message = signedLinkMessage({
			destination: TRIGGER_ID,
			reference: 'CRM-42',
			expires: String(now + 60),
			nonce: 'nonce-1',
			checks: '',
			api: 'compare',
			minimumSimilarity: '0.85',
		});
		expect(message.toString('utf8')).toBe(`${API_LINK_MESSAGE_START}7:compare,4:0.85,`);
		expect(compare[CALLBACK_QUERY.signature]).toBe(signatureOf(message));
	});

	it('is accepted with the minimum it was made with, and no checks', () => {
		expect(authorize(compare)).toEqual(
			acceptedApiLink({ faceCompare: { minimumSimilarity: 0.85 } }),
		);
	});

	it("leaves an ID Liveness link's message as it was before links named their API", () => {
		expect(authorize(idLiveness)).toEqual({
			ok: true,
			reference: 'CRM-42',
			nonce: 'nonce-1',
			checks: ALL,
		});
		expect(idLiveness).not.toHaveProperty(CALLBACK_QUERY.api);
	});

	it.each([
		['a lower minimum', { ...compare, [CALLBACK_QUERY.minimumSimilarity]: '0.5' }],
		['the minimum in another form', { ...compare, [CALLBACK_QUERY.minimumSimilarity]: '0.850' }],
		['no minimum', withoutField(compare, CALLBACK_QUERY.minimumSimilarity)],
		['checks added', { ...compare, [CALLBACK_QUERY.checks]: 'sr' }],
		['another API', { ...compare, [CALLBACK_QUERY.api]: 'recognition' }],
		['a term of another API', { ...compare, [CALLBACK_QUERY.minimumAge]: '0' }],
		// read as ID Liveness, its body would be judged by checks no one asked for
		['its API removed', withoutField(compare, CALLBACK_QUERY.api), 'missing signature'],
		[
			'its API and minimum swapped for checks',
			{
				...withoutField(
					withoutField(compare, CALLBACK_QUERY.api),
					CALLBACK_QUERY.minimumSimilarity,
				),
				[CALLBACK_QUERY.checks]: '',
			},
		],
		['an ID Liveness link given an API', { ...idLiveness, [CALLBACK_QUERY.api]: 'compare' }],
		[
			'an ID Liveness link given a minimum',
			{ ...idLiveness, [CALLBACK_QUERY.minimumSimilarity]: '0.85' },
		],
	])('is refused with %s', (_case, query, problem = 'invalid signature') => {
		expect(authorize(query)).toEqual({ ok: false, problem });
	});

	describe('unsigned, when the trigger accepts unsigned callbacks', () => {
		const acceptUnsigned: UnsignedPolicy = { accept: true, checks: ['paperPrinted'] };
		it('is read as Face Compare, judged by its minimum or the default', () => {
			const unsigned = compareLink(0.9, false);
			expect(unsigned).toEqual({
				[CALLBACK_QUERY.reference]: 'CRM-42',
				[CALLBACK_QUERY.api]: 'compare',
				[CALLBACK_QUERY.minimumSimilarity]: '0.9',
			});
			expect(authorize(unsigned, acceptUnsigned)).toEqual({
				ok: true,
				reference: 'CRM-42',
				nonce: null,
				checks: [],
				faceCompare: { minimumSimilarity: 0.9 },
			});
			expect(authorize({ [CALLBACK_QUERY.api]: 'compare' }, acceptUnsigned)).toMatchObject({
				faceCompare: { minimumSimilarity: 0.8 },
			});
		});

		it('is ID Liveness without argosApi, and refused with an unknown API or minimum', () => {
			expect(authorize({}, acceptUnsigned)).toEqual({
				ok: true,
				reference: null,
				nonce: null,
				checks: ['paperPrinted'],
			});
			for (const query of [
				{ [CALLBACK_QUERY.api]: 'passport' },
				{ [CALLBACK_QUERY.api]: 'constructor' },
				{ [CALLBACK_QUERY.api]: 'compare', [CALLBACK_QUERY.minimumSimilarity]: '80' },
				{ [CALLBACK_QUERY.minimumSimilarity]: '0.8' },
			])
				expect(authorize(query, acceptUnsigned)).toEqual({
					ok: false,
					problem: 'unknown argosApi or terms',
				});
		});
	});
});

describe('an ID Recognition link', () => {
	const digest = expectedNameDigest('Ada Sample', secret);
	const recognitionLink = (terms: RecognitionTerms, signed = true) =>
		apiLink({ recognition: terms }, signed);
	const authorize = authorizeAtTrigger;
	const recognition = recognitionLink({ reviewExpired: true, minimumAge: 18, nameDigest: digest });

	it('names its API and carries the document checks, the name only as its digest, all signed', () => {
		expect(recognition).toEqual({
			[CALLBACK_QUERY.reference]: 'CRM-42',
			[CALLBACK_QUERY.api]: 'recognition',
			[CALLBACK_QUERY.reviewExpired]: 'true',
			[CALLBACK_QUERY.minimumAge]: '18',
			[CALLBACK_QUERY.nameDigest]: digest,
			[CALLBACK_QUERY.expires]: String(now + 60),
			[CALLBACK_QUERY.nonce]: 'nonce-1',
			[CALLBACK_QUERY.signature]: expect.stringMatching(/^v3\.[0-9a-f]{64}$/),
		});
		expect(JSON.stringify(recognition)).not.toMatch(/ada|sample/i);
		const message = signedLinkMessage({
			destination: TRIGGER_ID,
			reference: 'CRM-42',
			expires: String(now + 60),
			nonce: 'nonce-1',
			checks: '',
			api: 'recognition',
			reviewExpired: 'true',
			minimumAge: '18',
			nameDigest: digest,
		});
		expect(message.toString('utf8')).toBe(
			`${API_LINK_MESSAGE_START}11:recognition,4:true,2:18,43:${digest},`,
		);
		expect(recognition[CALLBACK_QUERY.signature]).toBe(signatureOf(message));
	});

	it('is accepted with the terms it was made with; without an expected name it has no digest', () => {
		expect(authorize(recognition)).toEqual(
			acceptedApiLink({
				recognition: { reviewExpired: true, minimumAge: 18, nameDigest: digest },
			}),
		);
		const nameless = recognitionLink({ reviewExpired: false, minimumAge: 0 });
		expect(nameless).not.toHaveProperty(CALLBACK_QUERY.nameDigest);
		expect(authorize(nameless)).toMatchObject({
			ok: true,
			recognition: { reviewExpired: false, minimumAge: 0 },
		});
	});

	it.each([
		['expired documents let through', { ...recognition, [CALLBACK_QUERY.reviewExpired]: 'false' }],
		['a lower minimum age', { ...recognition, [CALLBACK_QUERY.minimumAge]: '16' }],
		['the age in another form', { ...recognition, [CALLBACK_QUERY.minimumAge]: '18.0' }],
		['an age out of range', { ...recognition, [CALLBACK_QUERY.minimumAge]: '151' }],
		['no age', withoutField(recognition, CALLBACK_QUERY.minimumAge)],
		['the name check removed', withoutField(recognition, CALLBACK_QUERY.nameDigest)],
		[
			'another name',
			{ ...recognition, [CALLBACK_QUERY.nameDigest]: expectedNameDigest('Ben Other', secret) },
		],
		['a digest of another shape', { ...recognition, [CALLBACK_QUERY.nameDigest]: 'Ada Sample' }],
		['a term of another API', { ...recognition, [CALLBACK_QUERY.minimumSimilarity]: '0.8' }],
		['another API', { ...recognition, [CALLBACK_QUERY.api]: 'compare' }],
		['its API removed', withoutField(recognition, CALLBACK_QUERY.api), 'missing signature'],
	])('is refused with %s', (_case, query, problem = 'invalid signature') => {
		expect(authorize(query)).toEqual({ ok: false, problem });
	});

	it("unsigned, is judged by the node's defaults for the terms it leaves out", () => {
		const acceptUnsigned: UnsignedPolicy = { accept: true, checks: ['paperPrinted'] };
		expect(authorize({ [CALLBACK_QUERY.api]: 'recognition' }, acceptUnsigned)).toEqual({
			ok: true,
			reference: null,
			nonce: null,
			checks: [],
			recognition: { reviewExpired: true, minimumAge: 0 },
		});
		expect(
			authorize(recognitionLink({ reviewExpired: false, minimumAge: 21 }, false), acceptUnsigned),
		).toMatchObject({ recognition: { reviewExpired: false, minimumAge: 21 } });
		expect(
			authorize(
				{ [CALLBACK_QUERY.api]: 'recognition', [CALLBACK_QUERY.reviewExpired]: 'yes' },
				acceptUnsigned,
			),
		).toEqual({ ok: false, problem: 'unknown argosApi or terms' });
	});
});
