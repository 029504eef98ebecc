import {
	authorizeCallback,
	buildCallbackUrl,
	CALLBACK_QUERY,
} from '../../nodes/resultsAndCallbacks/callbackSignature';

const secret = 'a-long-random-callback-secret';
const now = 1_800_000_000;

function queryOf(url: string): Record<string, string> {
	return Object.fromEntries(new URL(url).searchParams.entries());
}

describe('buildCallbackUrl', () => {
	it('keeps the URL and its query, and adds the reference alone without a secret', () => {
		const url = buildCallbackUrl('https://n8n.example.com/webhook/abc/callback?tenant=7', {
			reference: 'CRM-42',
			expiresAt: now,
		});
		expect(queryOf(url)).toEqual({ tenant: '7', [CALLBACK_QUERY.reference]: 'CRM-42' });
	});

	it('adds an expiry and a signature with a secret', () => {
		const query = queryOf(
			buildCallbackUrl('https://n8n.example.com/cb', {
				reference: 'CRM-42',
				secret,
				expiresAt: now + 60,
			}),
		);
		expect(query[CALLBACK_QUERY.expires]).toBe(String(now + 60));
		expect(query[CALLBACK_QUERY.signature]).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('authorizeCallback', () => {
	const signed = queryOf(
		buildCallbackUrl('https://n8n.example.com/cb', {
			reference: 'CRM-42',
			secret,
			expiresAt: now + 60,
		}),
	);

	it('accepts its own signature and returns the reference', () => {
		expect(authorizeCallback(signed, secret, now)).toEqual({ ok: true, reference: 'CRM-42' });
	});

	it('accepts a signed URL without a reference', () => {
		const query = queryOf(
			buildCallbackUrl('https://n8n.example.com/cb', { secret, expiresAt: now + 60 }),
		);
		expect(authorizeCallback(query, secret, now)).toEqual({ ok: true, reference: null });
	});

	it.each([
		['no signature at all', {}, 'missing signature'],
		[
			'a changed reference',
			{ ...signed, [CALLBACK_QUERY.reference]: 'CRM-43' },
			'invalid signature',
		],
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
	])('refuses %s', (_case, query, reason) => {
		expect(authorizeCallback(query, secret, now)).toEqual({ ok: false, problem: reason });
	});

	it('refuses another secret and an expired link', () => {
		expect(authorizeCallback(signed, 'another-secret', now)).toEqual({
			ok: false,
			problem: 'invalid signature',
		});
		expect(authorizeCallback(signed, secret, now + 61)).toEqual({
			ok: false,
			problem: 'expired signature',
		});
	});

	it('takes the reference as it comes when no secret is set', () => {
		expect(
			authorizeCallback({ [CALLBACK_QUERY.reference]: ['T-1', 'T-2'] }, undefined, now),
		).toEqual({ ok: true, reference: 'T-1' });
		expect(authorizeCallback({}, undefined, now)).toEqual({ ok: true, reference: null });
	});
});
