import { createHmac } from 'crypto';

import {
	authorizeCallback,
	buildCallbackUrl,
	CALLBACK_QUERY,
	callbackSigningKey,
	type UnsignedPolicy,
} from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import type { CheckName } from '../../package/nodes/resultsAndCallbacks/checks';

const secret = 'a-long-random-callback-secret';
const now = 1_800_000_000;
const ALL: CheckName[] = ['screenReplay', 'paperPrinted', 'replacePortraits'];
const REFUSE_UNSIGNED: UnsignedPolicy = { accept: false, checks: ALL };

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
				buildCallbackUrl('https://n8n.example.com/cb', {
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
		expect(query[CALLBACK_QUERY.signature]).toMatch(/^[0-9a-f]{64}$/);
		expect(build()[CALLBACK_QUERY.nonce]).not.toBe(query[CALLBACK_QUERY.nonce]);
		expect(JSON.stringify(query)).not.toContain(secret);
	});
});

describe('authorizeCallback', () => {
	const signed = queryOf(
		buildCallbackUrl('https://n8n.example.com/cb', {
			reference: 'CRM-42',
			secret,
			expiresAt: now + 60,
			checks: ['screenReplay'],
			nonce: 'nonce-1',
		}),
	);

	it('accepts its own signature and returns the reference, the nonce and the requested checks', () => {
		expect(authorizeCallback(signed, secret, now, REFUSE_UNSIGNED)).toEqual({
			ok: true,
			reference: 'CRM-42',
			nonce: 'nonce-1',
			checks: ['screenReplay'],
		});
	});

	it('accepts a signed URL without a reference', () => {
		const query = queryOf(
			buildCallbackUrl('https://n8n.example.com/cb', {
				secret,
				expiresAt: now + 60,
				checks: ALL,
				nonce: 'n',
			}),
		);
		expect(authorizeCallback(query, secret, now, REFUSE_UNSIGNED)).toEqual({
			ok: true,
			reference: null,
			nonce: 'n',
			checks: ALL,
		});
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
	])('refuses %s', (_case, query, reason) => {
		expect(authorizeCallback(query, secret, now, REFUSE_UNSIGNED)).toEqual({
			ok: false,
			problem: reason,
		});
	});

	it('refuses another key and an expired link', () => {
		expect(authorizeCallback(signed, 'another-secret', now, REFUSE_UNSIGNED)).toEqual({
			ok: false,
			problem: 'invalid signature',
		});
		expect(authorizeCallback(signed, secret, now + 61, REFUSE_UNSIGNED)).toEqual({
			ok: false,
			problem: 'expired signature',
		});
	});

	it('accepts an unsigned callback only when told to, with the checks it was told to require', () => {
		const policy: UnsignedPolicy = { accept: true, checks: ['paperPrinted'] };
		expect(
			authorizeCallback({ [CALLBACK_QUERY.reference]: ['T-1', 'T-2'] }, secret, now, policy),
		).toEqual({ ok: true, reference: 'T-1', nonce: null, checks: ['paperPrinted'] });
		expect(authorizeCallback({}, secret, now, REFUSE_UNSIGNED)).toEqual({
			ok: false,
			problem: 'missing signature',
		});
		// accepting unsigned callbacks does not make a bad signature acceptable
		expect(
			authorizeCallback({ ...signed, [CALLBACK_QUERY.reference]: 'X' }, secret, now, policy),
		).toEqual({ ok: false, problem: 'invalid signature' });
	});
});
