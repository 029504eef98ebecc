import { sameName } from '../../package/nodes/resultsAndCallbacks/documentFacts';
import {
	expectedNameDigest,
	matchesNameDigest,
} from '../../package/nodes/resultsAndCallbacks/nameDigest';

const signingKey = 'the-credential-signing-key';
const expected = (name: string) => ({ digest: expectedNameDigest(name, signingKey), signingKey });

describe('the expected name by its keyed digest', () => {
	it('is 43 base64url characters that tell nothing of the name', () => {
		const digest = expectedNameDigest('José Ada Sample', signingKey);
		expect(digest).toMatch(/^[\w-]{43}$/);
		expect(digest).not.toMatch(/jos|ada|sample/i);
	});

	it.each([
		['case', 'ada sample', 'ADA SAMPLE'],
		['accents', 'José Sample', 'JOSE SAMPLE'],
		['punctuation', 'Sample, Ada', 'ADA SAMPLE'],
		['word order', 'Ada Maria Sample', 'SAMPLE MARIA ADA'],
		['line breaks and extra spaces', '  Ada\nSample ', 'Ada Sample'],
	])('matches as sameName does, whatever the %s', (_case, given, onDocument) => {
		expect(sameName(onDocument, given)).toBe(true);
		expect(matchesNameDigest(onDocument, expected(given))).toBe(true);
	});

	it.each([
		['another name', 'Ada Sample', 'BEN OTHER'],
		['a name with a word more', 'Ada Sample', 'ADA MARIA SAMPLE'],
		['a document name of punctuation only', 'Ada Sample', '--'],
		['an expected name of punctuation only', '--', '--'],
	])('does not match %s, as sameName does not', (_case, given, onDocument) => {
		expect(sameName(onDocument, given)).toBe(false);
		expect(matchesNameDigest(onDocument, expected(given))).toBe(false);
	});

	it('needs the key it was made with: another key, or none, matches no name', () => {
		const madeWithAnotherKey = expectedNameDigest('Ada Sample', 'another-key');
		expect(matchesNameDigest('ADA SAMPLE', { digest: madeWithAnotherKey, signingKey })).toBe(false);
		expect(
			matchesNameDigest('ADA SAMPLE', { ...expected('Ada Sample'), signingKey: undefined }),
		).toBe(false);
	});

	it('is not a digest of the name under the signing key itself: the key is derived for this purpose', () => {
		const { createHmac } = jest.requireActual<typeof import('crypto')>('crypto');
		const plain = createHmac('sha256', signingKey).update('ADA SAMPLE').digest('base64url');
		expect(expectedNameDigest('Ada Sample', signingKey)).not.toBe(plain);
	});
});
