import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

import { CHECKS, type CheckName } from './checks';

/**
 * Argos does not sign its callbacks, but it calls back exactly the URL we gave it, query string included.
 * So we sign what we put in that URL (the reference, an expiry, a random nonce naming this one link, and the checks
 * that were asked for) with a key only n8n knows, and the trigger verifies it: a forged URL, a changed reference or
 * check list, or an expired link is refused.
 */
export const CALLBACK_QUERY = {
	reference: 'argosRef',
	expires: 'argosExp',
	nonce: 'argosNonce',
	checks: 'argosChecks',
	signature: 'argosSig',
} as const;

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

/** The checks as they travel in a link: the vendor's pipeline flags, in a fixed order (`sr,pc,ps`). */
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

function signature(key: string, fields: string[]): string {
	return createHmac('sha256', key)
		.update(['argos-id-liveness-callback:v2', ...fields].join('\n'))
		.digest('hex');
}

export interface CallbackUrlParts {
	reference?: string;
	/** The signing key (callbackSigningKey). When set, the URL is signed and expires at `expiresAt`. */
	secret?: string;
	/** Unix seconds. */
	expiresAt: number;
	/** The checks that were asked for: the trigger judges the result by these only. */
	checks: readonly CheckName[];
	/** Names this one link; random unless given (tests). */
	nonce?: string;
}

/**
 * Adds the reference (and, with a key, the expiry, a nonce, the requested checks and the signature over all of them)
 * to the query of `url`, keeping what is there.
 */
export function buildCallbackUrl(url: string, parts: CallbackUrlParts): string {
	const result = new URL(url);
	const reference = parts.reference ?? '';
	if (reference !== '') result.searchParams.set(CALLBACK_QUERY.reference, reference);
	if (parts.secret) {
		const expires = String(parts.expiresAt);
		const nonce = parts.nonce ?? randomBytes(16).toString('base64url');
		const checks = encodeChecks(parts.checks);
		result.searchParams.set(CALLBACK_QUERY.expires, expires);
		result.searchParams.set(CALLBACK_QUERY.nonce, nonce);
		result.searchParams.set(CALLBACK_QUERY.checks, checks);
		result.searchParams.set(
			CALLBACK_QUERY.signature,
			signature(parts.secret, [reference, expires, nonce, checks]),
		);
	}
	return result.toString();
}

export type CallbackAuthorization =
	| {
			ok: true;
			reference: string | null;
			/** The signed link's nonce; null for an unsigned callback the trigger was told to accept. */
			nonce: string | null;
			/** The checks that were asked for: from the signed link, or the trigger's option when unsigned. */
			checks: CheckName[];
	  }
	| { ok: false; problem: 'missing signature' | 'invalid signature' | 'expired signature' };

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

/**
 * Reads a callback's query. A link that carries any signature field must be complete, signed with `key` (compared
 * in constant time) and not expired. One without is refused, unless the policy accepts unsigned callbacks: then
 * its reference is taken as it comes and the policy's checks are required.
 */
export function authorizeCallback(
	query: Record<string, unknown>,
	key: string | undefined,
	nowSeconds: number,
	unsigned: UnsignedPolicy,
): CallbackAuthorization {
	const reference = single(query[CALLBACK_QUERY.reference]) ?? '';
	const fields = [
		CALLBACK_QUERY.expires,
		CALLBACK_QUERY.nonce,
		CALLBACK_QUERY.checks,
		CALLBACK_QUERY.signature,
	].map((name) => single(query[name]));
	const [expiresText, nonce, checksText, given] = fields;
	if (fields.every((field) => field === undefined)) {
		if (!unsigned.accept) return { ok: false, problem: 'missing signature' };
		return {
			ok: true,
			reference: reference === '' ? null : reference,
			nonce: null,
			checks: unsigned.checks,
		};
	}
	if (fields.some((field) => field === undefined) || !key)
		return { ok: false, problem: 'missing signature' };

	const expected = Buffer.from(
		signature(key, [reference, expiresText!, nonce!, checksText!]),
		'utf8',
	);
	const received = Buffer.from(given!, 'utf8');
	const checks = decodeChecks(checksText!);
	if (
		!/^\d{1,12}$/.test(expiresText!) ||
		checks === undefined ||
		received.length !== expected.length ||
		!timingSafeEqual(received, expected)
	) {
		return { ok: false, problem: 'invalid signature' };
	}
	if (Number(expiresText) < nowSeconds) return { ok: false, problem: 'expired signature' };
	return { ok: true, reference: reference === '' ? null : reference, nonce: nonce!, checks };
}
