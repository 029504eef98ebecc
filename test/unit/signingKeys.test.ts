import { SigningKeys } from '../../package/nodes/ArgosIdLivenessTrigger/helpers/signingKeys';

/** A credential whose key the test changes, counting reads; and a clock the test moves. */
function setup() {
	const clock = { now: 1_000_000 };
	const credential = { key: 'key-1' as string | undefined, reads: 0 };
	const read = async () => {
		credential.reads++;
		return credential.key;
	};
	const keys = new SigningKeys({ maxAgeMs: 60_000, recheckAfterMs: 2_000 }, () => clock.now);
	return { clock, credential, read, keys };
}

describe('SigningKeys', () => {
	it('reads a credential once for many callbacks, also for callbacks arriving together', async () => {
		const { credential, read, keys } = setup();
		const got = await Promise.all(Array.from({ length: 20 }, () => keys.key('cred-1', read)));
		expect(got).toEqual(Array(20).fill('key-1'));
		expect(await keys.key('cred-1', read)).toBe('key-1');
		expect(credential.reads).toBe(1);
	});

	it('keeps keys per credential', async () => {
		const { read, keys, credential } = setup();
		await keys.key('cred-1', read);
		credential.key = 'key-2';
		expect(await keys.key('cred-2', read)).toBe('key-2');
		expect(await keys.key('cred-1', read)).toBe('key-1');
	});

	it('reads it again once older than the maximum age: a changed key takes effect within that time', async () => {
		const { clock, credential, read, keys } = setup();
		await keys.key('cred-1', read);
		credential.key = 'key-2';
		clock.now += 59_999;
		expect(await keys.key('cred-1', read)).toBe('key-1');
		clock.now += 1;
		expect(await keys.key('cred-1', read)).toBe('key-2');
		expect(credential.reads).toBe(2);
	});

	it('after a signature that did not verify, reads again only when the key may be outdated', async () => {
		const { clock, credential, read, keys } = setup();
		await keys.key('cred-1', read);
		// a forged signature just after the read: the key is fresh, no read
		expect(await keys.recheck('cred-1', 'key-1', read)).toBeUndefined();
		expect(credential.reads).toBe(1);
		// the key changed; a link signed with the new one arrives a little later
		credential.key = 'key-2';
		clock.now += 2_000;
		expect(await keys.recheck('cred-1', 'key-1', read)).toBe('key-2');
		expect(credential.reads).toBe(2);
		// further forged signatures within the recheck time cost no read, and the new key stays
		expect(await keys.recheck('cred-1', 'key-2', read)).toBeUndefined();
		expect(await keys.key('cred-1', read)).toBe('key-2');
		expect(credential.reads).toBe(2);
	});

	it('a flood of forged signatures reads the credential at most once per recheck time', async () => {
		const { clock, credential, read, keys } = setup();
		for (let second = 0; second < 10; second++) {
			for (let n = 0; n < 50; n++) {
				const key = await keys.key('cred-1', read);
				await keys.recheck('cred-1', key, read);
			}
			clock.now += 1_000;
		}
		expect(credential.reads).toBeLessThanOrEqual(6);
	});

	it('does not keep a failed read: the next callback reads again', async () => {
		const { keys } = setup();
		let fail = true;
		const read = async () => {
			if (fail) throw new Error('database down');
			return 'key-1';
		};
		await expect(keys.key('cred-1', read)).rejects.toThrow('database down');
		fail = false;
		expect(await keys.key('cred-1', read)).toBe('key-1');
	});
});
