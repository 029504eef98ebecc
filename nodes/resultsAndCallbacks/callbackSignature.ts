import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Argos does not sign its callbacks, but it calls back exactly the URL we gave it, query string included.
 * So we sign what we put in that URL (the reference and an expiry) with a secret only n8n knows, and the
 * trigger verifies it: a forged URL, a changed reference or an expired link is refused.
 */
export const CALLBACK_QUERY = {
	reference: 'argosRef',
	expires: 'argosExp',
	signature: 'argosSig',
} as const;

function signature(secret: string, reference: string, expiresAt: number): string {
	return createHmac('sha256', secret)
		.update(`argos-id-liveness-callback:v1\n${reference}\n${expiresAt}`)
		.digest('hex');
}

export interface CallbackUrlParts {
	reference?: string;
	/** When set, the URL is signed and expires at `expiresAt` (Unix seconds). */
	secret?: string;
	expiresAt: number;
}

/** Adds the reference (and, with a secret, an expiry and a signature) to the query of `url`, keeping what is there. */
export function buildCallbackUrl(url: string, parts: CallbackUrlParts): string {
	const result = new URL(url);
	const reference = parts.reference ?? '';
	if (reference !== '') result.searchParams.set(CALLBACK_QUERY.reference, reference);
	if (parts.secret) {
		result.searchParams.set(CALLBACK_QUERY.expires, String(parts.expiresAt));
		result.searchParams.set(
			CALLBACK_QUERY.signature,
			signature(parts.secret, reference, parts.expiresAt),
		);
	}
	return result.toString();
}

export type CallbackAuthorization =
	| { ok: true; reference: string | null }
	| { ok: false; problem: 'missing signature' | 'invalid signature' | 'expired signature' };

function single(value: unknown): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

/**
 * Reads the reference from a callback's query. With a secret, the signature must be present, match in
 * constant time and not be expired; without one, the reference is taken as it comes.
 */
export function authorizeCallback(
	query: Record<string, unknown>,
	secret: string | undefined,
	nowSeconds: number,
): CallbackAuthorization {
	const reference = single(query[CALLBACK_QUERY.reference]) ?? '';
	if (!secret) return { ok: true, reference: reference === '' ? null : reference };

	const expiresText = single(query[CALLBACK_QUERY.expires]);
	const given = single(query[CALLBACK_QUERY.signature]);
	if (given === undefined || expiresText === undefined)
		return { ok: false, problem: 'missing signature' };
	const expiresAt = /^\d{1,12}$/.test(expiresText) ? Number(expiresText) : NaN;
	const expected = Buffer.from(signature(secret, reference, expiresAt), 'utf8');
	const received = Buffer.from(given, 'utf8');
	if (
		Number.isNaN(expiresAt) ||
		received.length !== expected.length ||
		!timingSafeEqual(received, expected)
	) {
		return { ok: false, problem: 'invalid signature' };
	}
	if (expiresAt < nowSeconds) return { ok: false, problem: 'expired signature' };
	return { ok: true, reference: reference === '' ? null : reference };
}
