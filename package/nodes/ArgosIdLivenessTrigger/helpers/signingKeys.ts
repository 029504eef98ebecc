/**
 * The key each credential signs callback links with, kept per credential rather than read per callback: n8n's
 * getCredentials() reads the credential from the database and decrypts it, about as much CPU as the rest of a
 * refused callback (docs/RELIABILITY.md, "Refusing forged callbacks"). A forged link must not make the trigger pay
 * for that each time.
 *
 * A key is read again when it is older than `maxAgeMs` (so a changed Callback Secret or API key takes effect, and
 * links signed with the old key stop working, within that time), and when a signature does not verify and the key
 * is older than `recheckAfterMs` (so links signed just after a change verify at once). Concurrent readers of one
 * credential share one read.
 */
interface SigningKeyTimings {
	maxAgeMs: number;
	recheckAfterMs: number;
}

const SIGNING_KEY_TIMINGS: SigningKeyTimings = { maxAgeMs: 60_000, recheckAfterMs: 2_000 };

type Key = string | undefined;

interface Entry {
	key: Promise<Key>;
	readAt: number;
}

export class SigningKeys {
	private readonly entries = new Map<string, Entry>();

	constructor(
		private readonly timings: SigningKeyTimings = SIGNING_KEY_TIMINGS,
		private readonly now: () => number = Date.now,
	) {}

	/** The key of `credentialId`, read with `read` when not known or too old. */
	async key(credentialId: string, read: () => Promise<Key>): Promise<Key> {
		const entry = this.entries.get(credentialId);
		if (entry !== undefined && this.now() - entry.readAt < this.timings.maxAgeMs)
			return await entry.key;
		return await this.read(credentialId, read);
	}

	/**
	 * After a signature did not verify with `tried`: a fresh key when the one known may be outdated (read more than
	 * `recheckAfterMs` ago), else undefined (the signature is wrong, not the key).
	 */
	async recheck(
		credentialId: string,
		tried: Key,
		read: () => Promise<Key>,
	): Promise<Key | undefined> {
		const entry = this.entries.get(credentialId);
		if (entry !== undefined && this.now() - entry.readAt < this.timings.recheckAfterMs) {
			const known = await entry.key;
			return known === tried ? undefined : known;
		}
		const fresh = await this.read(credentialId, read);
		return fresh === tried ? undefined : fresh;
	}

	private async read(credentialId: string, read: () => Promise<Key>): Promise<Key> {
		const key = read();
		const entry = { key, readAt: this.now() };
		this.entries.set(credentialId, entry);
		// A failed read is not kept: the next callback tries again.
		key.catch(() => {
			if (this.entries.get(credentialId) === entry) this.entries.delete(credentialId);
		});
		return await key;
	}
}
