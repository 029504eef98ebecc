type HttpUrlRead = { ok: true; url: URL } | { ok: false; problem: string };

/**
 * An absolute http(s) URL typed into field `name`: never with whitespace (which would be encoded silently into
 * another path), never with a user name or password (`userInfoRisk` says where they would end up in clear).
 */
export function readHttpUrl(value: unknown, name: string, userInfoRisk: string): HttpUrlRead {
	if (typeof value !== 'string' || value.trim() === '')
		return { ok: false, problem: `the ${name} is empty` };
	const text = value.trim();
	const space = /\s/.exec(text);
	if (space) {
		return {
			ok: false,
			problem: `it contains whitespace at character ${space.index + 1}: a URL cannot hold a space, and encoding it on the way would reach another path`,
		};
	}
	let parsed: URL;
	try {
		parsed = new URL(text);
	} catch {
		return { ok: false, problem: `"${value}" is not an absolute URL` };
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		return {
			ok: false,
			problem: `the ${name} must start with https:// or http://, not ${parsed.protocol}//`,
		};
	}
	if (parsed.username || parsed.password) {
		return {
			ok: false,
			problem: `it holds a user name or password before the host ("user:password@"): ${userInfoRisk}`,
		};
	}
	return { ok: true, url: parsed };
}
