import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

import { CHECKS, type CheckName } from './checks';
import type { InputProblem } from './inputProblem';
import { DEFAULT_MINIMUM_SIMILARITY, isFraction } from './faceResults';

/**
 * Argos does not sign its callbacks, but it calls back exactly the URL we gave it, query string included.
 * So we sign what we put in that URL (the reference, an expiry, a random nonce naming this one link, and what the
 * result is judged by: the checks that were asked for, or the API and its terms: Face Compare's minimum similarity,
 * ID Recognition's document checks), together with the trigger the link is for, with a key only n8n knows, and the
 * trigger verifies it: a forged URL, a changed reference, check list, API or term, an expired link, or a link made
 * for another trigger is refused.
 */
export const CALLBACK_QUERY = {
	reference: 'argosRef',
	expires: 'argosExp',
	nonce: 'argosNonce',
	checks: 'argosChecks',
	/** Only on links for an API other than ID Liveness: a link without it is for ID Liveness. */
	api: 'argosApi',
	minimumSimilarity: 'argosMinSim',
	/** ID Recognition links: `true` or `false`, the minimum age in years, and the expected name's keyed digest. */
	reviewExpired: 'argosExpired',
	minimumAge: 'argosMinAge',
	nameDigest: 'argosNameDigest',
	signature: 'argosSig',
} as const;

/** The `argosApi` of a Face Compare link. */
export const FACE_COMPARE_LINK_API = 'compare';
/** The `argosApi` of an ID Recognition link. */
export const RECOGNITION_LINK_API = 'recognition';

/** What a Face Compare result is judged by: the user's minimum at submit time, carried in the link. */
export interface FaceCompareTerms {
	minimumSimilarity: number;
}

/**
 * What an ID Recognition result is judged by, carried in the link: the document checks at submit time, the expected
 * name only as its keyed digest (nameDigest.ts), never in clear: Argos logs the URLs it calls.
 */
export interface RecognitionTerms {
	reviewExpired: boolean;
	/** 0 is no age check. */
	minimumAge: number;
	/** expectedNameDigest of the expected name; absent when there is no name check. */
	nameDigest?: string;
}

/** The most a Minimum Age can be (its parameter's maximum): a link with more was not made by this package. */
const MAX_MINIMUM_AGE = 150;

/** Fixed label of the key derived from the API key: a different purpose gives a different key. */
const DERIVED_KEY_LABEL = 'argos-id-liveness-callback-signing-key:v1';

/**
 * The key callback links are signed with: the credential's Callback Secret when set, otherwise an HMAC of a fixed
 * label under the API key, so links are signed with no setup. Neither the API key nor this key ever goes in a URL,
 * and the API key cannot be recovered from the key or from a signature.
 */
export function callbackSigningKey(credentials: {
	apiKey?: unknown;
	callbackSecret?: unknown;
}): string | undefined {
	const { apiKey, callbackSecret } = credentials;
	if (typeof callbackSecret === 'string' && callbackSecret !== '') return callbackSecret;
	if (typeof apiKey !== 'string' || apiKey === '') return undefined;
	return createHmac('sha256', apiKey).update(DERIVED_KEY_LABEL).digest('hex');
}

/** The checks as they travel in a link: Argos' pipeline flags, in a fixed order (`sr,pc,ps`). */
function encodeChecks(checks: readonly CheckName[]): string {
	return CHECKS.filter((check) => checks.includes(check.name))
		.map((check) => check.pipeline)
		.join(',');
}

function decodeChecks(text: string): CheckName[] | undefined {
	const checks = text.split(',').map((flag) => CHECKS.find((check) => check.pipeline === flag));
	if (checks.length === 0 || checks.some((check) => check === undefined)) return undefined;
	const names = checks.map((check) => check!.name);
	return encodeChecks(names) === text ? names : undefined;
}

/** What a link's signature covers, in the order the signed message holds them. */
export interface SignedLinkFields {
	/** The trigger the link is for (see linkDestination and triggerDestination). */
	destination: string;
	/** Empty when the item has none. */
	reference: string;
	/** Unix seconds, in decimal. */
	expires: string;
	nonce: string;
	/** encodeChecks' form, e.g. `sr,ps`; empty for the other APIs. */
	checks: string;
	/**
	 * The API a link names (FACE_COMPARE_LINK_API, RECOGNITION_LINK_API) and its terms, as they are in the query.
	 * Absent for ID Liveness, whose message is then the one links were signed with before these fields existed, so
	 * those links stay valid.
	 */
	api?: string;
	/** Face Compare: the minimum similarity in decimal. */
	minimumSimilarity?: string;
	/** ID Recognition: `true` or `false`; the minimum age in decimal; the name digest, empty for no name check. */
	reviewExpired?: string;
	minimumAge?: string;
	nameDigest?: string;
}

type TermsField = 'minimumSimilarity' | 'reviewExpired' | 'minimumAge' | 'nameDigest';

const SIGNED_FIELDS = ['destination', 'reference', 'expires', 'nonce', 'checks'] as const;
/**
 * Appended after SIGNED_FIELDS and `api` when the link names its API: that API's terms. Face Compare's message is
 * the one its links were signed with before ID Recognition had links, so those links stay valid.
 */
const TERMS_FIELDS: Record<string, readonly TermsField[]> = {
	[FACE_COMPARE_LINK_API]: ['minimumSimilarity'],
	[RECOGNITION_LINK_API]: ['reviewExpired', 'minimumAge', 'nameDigest'],
};

/** The terms of an API a link may name; undefined for any other `argosApi` (`constructor` included). */
const termsFieldsOf = (api: string): readonly TermsField[] | undefined =>
	Object.prototype.hasOwnProperty.call(TERMS_FIELDS, api) ? TERMS_FIELDS[api] : undefined;

/**
 * The first field of every signed message: what the message is and its format's version. A link of another
 * format (or for another purpose) can never have the same message.
 */
export const SIGNED_LINK_FORMAT = 'argos-id-liveness/callback-link/3';

/** The prefix of this format's signatures in `argosSig`: tells its links from those of earlier versions. */
const SIGNATURE_PREFIX = 'v3.';

/** A JavaScript string that is not well-formed Unicode (a lone surrogate) has no exact UTF-8 form. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The bytes a link's signature is computed over: the format tag and the five fields (then, when the link names its
 * API, the API and its terms), each as a netstring (its length in UTF-8 bytes in decimal, `:`, its UTF-8 bytes,
 * `,`). A length before every field makes the message unambiguous whatever a field holds (line breaks, `:` or `,`,
 * digits): no other fields give the same bytes, and messages of different numbers of fields never match. Throws on
 * a field that is not well-formed Unicode, which has no exact UTF-8 form (callers refuse those first).
 */
export function signedLinkMessage(fields: SignedLinkFields): Buffer {
	const named =
		fields.api === undefined
			? SIGNED_FIELDS
			: [...SIGNED_FIELDS, 'api' as const, ...(termsFieldsOf(fields.api) ?? [])];
	const parts = [SIGNED_LINK_FORMAT, ...named.map((name) => fields[name] ?? '')];
	return Buffer.concat(
		parts.map((part) => {
			if (LONE_SURROGATE.test(part))
				throw new RangeError('a signed link field must be well-formed Unicode');
			const bytes = Buffer.from(part, 'utf8');
			return Buffer.concat([Buffer.from(`${bytes.length}:`), bytes, Buffer.from(',')]);
		}),
	);
}

function signature(key: string, fields: SignedLinkFields): string {
	return (
		SIGNATURE_PREFIX + createHmac('sha256', key).update(signedLinkMessage(fields)).digest('hex')
	);
}

/** The Argos ID Liveness Trigger's webhook path: `<webhook ID>/callback` (its description's `path`). */
const TRIGGER_PATH_END = 'callback';

/**
 * The trigger a callback URL leads to, as the trigger knows itself (triggerDestination): the path segment before
 * the final `callback`. n8n serves a trigger at `<base>/webhook/<webhook ID>/callback` (`webhook-test` while the
 * editor listens), so this holds behind a reverse proxy that adds a path prefix, and for both URLs of one trigger.
 * Empty when the URL does not end that way: no trigger accepts such a link.
 */
export function linkDestination(url: URL): string {
	const segments = url.pathname.split('/');
	if (segments[segments.length - 1] === '') segments.pop();
	if (segments.length < 3 || segments[segments.length - 1] !== TRIGGER_PATH_END) return '';
	try {
		return decodeURIComponent(segments[segments.length - 2]);
	} catch {
		return '';
	}
}

/**
 * What identifies a trigger node in its URL: its webhook ID, which n8n gives every trigger saved in the editor or
 * through the API. A node without one (a workflow file imported without it) is served at
 * `<workflow ID>/<node name, lower case>/callback`, so its name stands in.
 */
export function triggerDestination(node: { webhookId?: string; name: string }): string {
	return node.webhookId ?? node.name.toLowerCase();
}

/** The most characters a Reference may have to travel in a callback link. */
export const MAX_LINK_REFERENCE_LENGTH = 512;

/**
 * Why `reference` cannot travel in a callback link unchanged; undefined when it can. Any character can (line
 * breaks and other control characters included: they are percent-encoded in the URL and signed as they are), but
 * not a lone surrogate (half an emoji, from text cut in the middle), which no URL can carry, and not more than
 * MAX_LINK_REFERENCE_LENGTH characters, as a URL Argos calls back must stay short.
 */
export function linkReferenceProblem(reference: string): InputProblem | undefined {
	if (reference.length > MAX_LINK_REFERENCE_LENGTH) {
		return {
			message: `The Reference is ${reference.length} characters long; a callback link carries at most ${MAX_LINK_REFERENCE_LENGTH}`,
			description:
				'The reference travels in the callback URL that Argos calls, and long URLs are cut or refused on the way. Use a shorter reference, such as a case or contact ID, and look the rest up with it.',
		};
	}
	const broken = LONE_SURROGATE.exec(reference);
	if (broken) {
		return {
			message: `The Reference has a broken character at position ${broken.index + 1} (half of an emoji or other character written in two parts)`,
			description:
				'It cannot travel in a URL unchanged, so the trigger would see another reference. The text was probably cut in the middle of a character: fix the expression or data that fills the Reference.',
		};
	}
	return undefined;
}

/** What a link or a waiting execution of another API than ID Liveness carries of how its result is judged. */
export interface CallbackTerms {
	/** A Face Compare link (its checks are empty): the trigger reads the result as a comparison, judged by this. */
	faceCompare?: FaceCompareTerms;
	/** An ID Recognition link (its checks are empty): the trigger reads the result as a document, judged by this. */
	recognition?: RecognitionTerms;
}

interface CallbackUrlParts extends CallbackTerms {
	reference?: string;
	/** The signing key (callbackSigningKey). When set, the URL is signed and expires at `expiresAt`. */
	secret?: string;
	/** Unix seconds. */
	expiresAt: number;
	/** ID Liveness: the checks that were asked for: the trigger judges the result by these only. */
	checks: readonly CheckName[];
	/** Names this one link; random unless given (tests). */
	nonce?: string;
}

/** The API and terms a link of another API than ID Liveness carries, as its query and signature hold them. */
function linkTermsFields(parts: CallbackUrlParts): Partial<SignedLinkFields> | undefined {
	if (parts.faceCompare)
		return {
			api: FACE_COMPARE_LINK_API,
			minimumSimilarity: String(parts.faceCompare.minimumSimilarity),
		};
	if (parts.recognition)
		return {
			api: RECOGNITION_LINK_API,
			reviewExpired: String(parts.recognition.reviewExpired),
			minimumAge: String(parts.recognition.minimumAge),
			nameDigest: parts.recognition.nameDigest ?? '',
		};
	return undefined;
}

/**
 * Adds the reference (and, with a key, the expiry, a nonce, the requested checks and the signature over all of them
 * and the trigger `url` leads to) to the query of `url`, keeping what is there. A link of another API carries the
 * API and its terms instead of checks, signed or not: an unsigned trigger reads the result by them too (an empty
 * name digest is left out: no name check). The reference must pass linkReferenceProblem.
 */
export function buildCallbackUrl(url: string, parts: CallbackUrlParts): string {
	const result = new URL(url);
	const reference = parts.reference ?? '';
	if (reference !== '') result.searchParams.set(CALLBACK_QUERY.reference, reference);
	const terms = linkTermsFields(parts);
	for (const [name, value] of Object.entries(terms ?? {}))
		if (value !== '') result.searchParams.set(CALLBACK_QUERY[name as 'api' | TermsField], value);
	if (parts.secret) {
		const fields: SignedLinkFields = {
			destination: linkDestination(result),
			reference,
			expires: String(parts.expiresAt),
			nonce: parts.nonce ?? randomBytes(16).toString('base64url'),
			checks: terms ? '' : encodeChecks(parts.checks),
			...terms,
		};
		result.searchParams.set(CALLBACK_QUERY.expires, fields.expires);
		result.searchParams.set(CALLBACK_QUERY.nonce, fields.nonce);
		if (!terms) result.searchParams.set(CALLBACK_QUERY.checks, fields.checks);
		result.searchParams.set(CALLBACK_QUERY.signature, signature(parts.secret, fields));
	}
	return result.toString();
}

type CallbackRefusal =
	| 'missing signature'
	| 'invalid signature'
	| 'expired signature'
	| 'outdated link format'
	| 'unknown argosApi or terms';

export type CallbackAuthorization =
	| {
			ok: true;
			reference: string | null;
			/** The signed link's nonce; null for an unsigned callback the trigger was told to accept. */
			nonce: string | null;
			/**
			 * The checks that were asked for: from the signed link, or the trigger's option when unsigned; empty for a
			 * link of another API.
			 */
			checks: CheckName[];
			/** A Face Compare link: the result is a comparison, judged by these. */
			faceCompare?: FaceCompareTerms;
			/** An ID Recognition link: the result is a document, judged by these. */
			recognition?: RecognitionTerms;
	  }
	| { ok: false; problem: CallbackRefusal };

export interface UnsignedPolicy {
	/** Accept callbacks without a signature (callers other than this package). */
	accept: boolean;
	/** The checks an unsigned callback must score. */
	checks: CheckName[];
}

function single(value: unknown): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

/** The shapes of what this package puts in a link; anything else was not made by it. */
const EXPIRES = /^\d{1,12}$/;
const NONCE = /^[\w-]{1,64}$/;
const SIGNATURE = /^v3\.[0-9a-f]{64}$/;
/** Signatures of links made before this format (a bare HMAC in hex). */
const OUTDATED_SIGNATURE = /^[0-9a-f]{64}$/;

/** What a link of another API than ID Liveness names: how its result is read and judged. */
type LinkTerms = { faceCompare: FaceCompareTerms } | { recognition: RecognitionTerms };

/** The query fields of a link's API and terms, as they came (undefined: absent). */
type LinkQuery = Partial<Record<'api' | TermsField, string>>;

const TERMS_QUERY_FIELDS = [...new Set(Object.values(TERMS_FIELDS).flat())];

/** The shape of expectedNameDigest's digest: SHA-256 in base64url. */
const NAME_DIGEST = /^[\w-]{43}$/;

const isMinimumAge = (value: number) =>
	Number.isInteger(value) && value >= 0 && value <= MAX_MINIMUM_AGE;

/** The number `text` is, when it is in its canonical decimal form (as buildCallbackUrl writes it) and `valid`. */
function canonicalNumber(text: string, valid: (value: number) => boolean): number | undefined {
	const value = Number(text);
	return valid(value) && String(value) === text ? value : undefined;
}

/**
 * The API a link names and its terms: undefined for ID Liveness (no `argosApi` and no term), or false when it names
 * an unknown API, carries a term of another API, or one not in the form buildCallbackUrl writes it. A signed link
 * carries every term (but an empty name digest). An unsigned one may leave them out, and is then judged by the
 * node's defaults: Face Compare's minimum similarity; for ID Recognition expired documents to review, no age check
 * and no name check.
 */
function readLinkTerms(query: LinkQuery, signed: boolean): LinkTerms | undefined | false {
	const { api } = query;
	const own = api === undefined ? [] : termsFieldsOf(api);
	if (own === undefined) return false;
	if (TERMS_QUERY_FIELDS.some((field) => query[field] !== undefined && !own.includes(field)))
		return false;
	if (api === FACE_COMPARE_LINK_API) {
		if (query.minimumSimilarity === undefined)
			return signed ? false : { faceCompare: { minimumSimilarity: DEFAULT_MINIMUM_SIMILARITY } };
		const minimumSimilarity = canonicalNumber(query.minimumSimilarity, isFraction);
		return minimumSimilarity === undefined ? false : { faceCompare: { minimumSimilarity } };
	}
	if (api === RECOGNITION_LINK_API) {
		const {
			reviewExpired = signed ? undefined : 'true',
			minimumAge = signed ? undefined : '0',
			nameDigest,
		} = query;
		const age = minimumAge === undefined ? undefined : canonicalNumber(minimumAge, isMinimumAge);
		if (reviewExpired !== 'true' && reviewExpired !== 'false') return false;
		if (age === undefined || (nameDigest !== undefined && !NAME_DIGEST.test(nameDigest)))
			return false;
		return {
			recognition: {
				reviewExpired: reviewExpired === 'true',
				minimumAge: age,
				...(nameDigest !== undefined && { nameDigest }),
			},
		};
	}
	return undefined;
}

/**
 * Reads a callback's query at the trigger `destination` (triggerDestination). A link that carries any signature
 * field must be complete, made for this trigger, signed with `key` (compared in constant time) and not expired.
 * One without is refused, unless the policy accepts unsigned callbacks: then its reference is taken as it comes
 * and the policy's checks are required, or, when it names another API (`argosApi`), that API's terms.
 */
export function authorizeCallback(
	query: Record<string, unknown>,
	key: string | undefined,
	nowSeconds: number,
	unsigned: UnsignedPolicy,
	destination: string,
): CallbackAuthorization {
	const reference = single(query[CALLBACK_QUERY.reference]) ?? '';
	const fields = [
		CALLBACK_QUERY.expires,
		CALLBACK_QUERY.nonce,
		CALLBACK_QUERY.checks,
		CALLBACK_QUERY.signature,
	].map((name) => single(query[name]));
	const [expires, nonce, checksText, given] = fields;
	const linkQuery: LinkQuery = Object.fromEntries(
		(['api', ...TERMS_QUERY_FIELDS] as const).map((name) => [
			name,
			single(query[CALLBACK_QUERY[name]]),
		]),
	);
	const orNull = (text: string) => (text === '' ? null : text);
	if (fields.every((field) => field === undefined)) {
		if (!unsigned.accept) return { ok: false, problem: 'missing signature' };
		const terms = readLinkTerms(linkQuery, false);
		if (terms === false) return { ok: false, problem: 'unknown argosApi or terms' };
		return terms
			? { ok: true, reference: orNull(reference), nonce: null, checks: [], ...terms }
			: { ok: true, reference: orNull(reference), nonce: null, checks: unsigned.checks };
	}
	// A link of another API has no checks: it is signed with empty ones.
	const signedChecks = linkQuery.api === undefined ? checksText : (checksText ?? '');
	if (expires === undefined || nonce === undefined || signedChecks === undefined || !given || !key)
		return { ok: false, problem: 'missing signature' };
	if (OUTDATED_SIGNATURE.test(given)) return { ok: false, problem: 'outdated link format' };

	const terms = readLinkTerms(linkQuery, true);
	const checks = terms ? (signedChecks === '' ? [] : undefined) : decodeChecks(signedChecks);
	if (
		!SIGNATURE.test(given) ||
		!EXPIRES.test(expires) ||
		!NONCE.test(nonce) ||
		terms === false ||
		checks === undefined ||
		LONE_SURROGATE.test(reference) ||
		LONE_SURROGATE.test(destination)
	) {
		return { ok: false, problem: 'invalid signature' };
	}
	const signedFields: SignedLinkFields = {
		destination,
		reference,
		expires,
		nonce,
		checks: signedChecks,
		...(terms && linkQuery),
	};
	const expected = Buffer.from(signature(key, signedFields), 'utf8');
	const received = Buffer.from(given, 'utf8');
	if (received.length !== expected.length || !timingSafeEqual(received, expected))
		return { ok: false, problem: 'invalid signature' };
	if (Number(expires) < nowSeconds) return { ok: false, problem: 'expired signature' };
	return { ok: true, reference: orNull(reference), nonce, checks, ...terms };
}
