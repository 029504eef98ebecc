import { createHmac, timingSafeEqual } from 'crypto';

import { comparableName } from './documentFacts';

/**
 * ID Recognition's name check when the result comes back by callback. The expected name is personal data: in a
 * callback link Argos would log it, and in a waiting execution's custom data anyone who can read executions would
 * see it. So only a keyed digest of the name as sameName compares it (comparableName) travels or waits, and the
 * document's name is digested the same way and compared. Keyed with the credential's link signing key
 * (callbackSigningKey), which both the action node and the trigger have: without it a list of common names could be
 * digested and matched, with it the digest tells nothing.
 */

/** Fixed label of the key derived from the signing key: a digest is never a link signature, nor the reverse. */
const NAME_DIGEST_KEY_LABEL = 'argos-id-liveness/expected-name-digest-key:v1';

/** A name known only by its digest, and the signing key that made it. */
export interface KeyedNameDigest {
	digest: string;
	/** Undefined when it could not be read (no credential): no name matches then. */
	signingKey: string | undefined;
}

/** The digest of `name` as sameName compares it, in base64url (43 characters). */
export function expectedNameDigest(name: string, signingKey: string): string {
	const key = createHmac('sha256', signingKey).update(NAME_DIGEST_KEY_LABEL).digest();
	return createHmac('sha256', key).update(comparableName(name), 'utf8').digest('base64url');
}

/**
 * Whether `documentName` is the name `expected` is the digest of: sameName's semantics (case, accents,
 * punctuation and word order set aside), and a name with nothing comparable in it is never a match.
 */
export function matchesNameDigest(documentName: string, expected: KeyedNameDigest): boolean {
	if (expected.signingKey === undefined || comparableName(documentName) === '') return false;
	const own = Buffer.from(expectedNameDigest(documentName, expected.signingKey), 'utf8');
	const given = Buffer.from(expected.digest, 'utf8');
	return own.length === given.length && timingSafeEqual(own, given);
}
