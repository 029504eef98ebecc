import { parseIncomingMessage } from '@n8n/backend-network';

/** What a test sends to a webhook or resume URL. */
export interface HttpRequestSpec {
	/** Defaults to POST. */
	method?: string;
	headers?: Record<string, string | string[]>;
	/** Added to the URL's query string. */
	query?: Record<string, string | string[]>;
	/**
	 * A string or Buffer is sent as is; anything else as JSON (with a JSON content
	 * type unless `headers` name one). Give either `body` or `rawBody`.
	 */
	body?: unknown;
	/** The exact bytes on the wire; n8n parses them according to the content type. */
	rawBody?: Buffer | string;
}

/**
 * The parts of an Express request that n8n's webhook layer and nodes use. n8n's
 * rawBodyReader middleware gives every request `readRawBody()` and, through
 * `parseIncomingMessage`, `contentType` and `encoding`; the body is only parsed later.
 */
export class FakeRequest {
	readonly method: string;
	/** Path and query, as Express has it. */
	readonly url: string;
	/** The absolute URL the client called. */
	readonly fullUrl: string;
	readonly headers: Record<string, string | string[] | undefined>;
	readonly query: Record<string, string | string[]>;
	params: Record<string, string> = {};
	body: unknown = undefined;
	rawBody?: Buffer;
	contentType?: string;
	encoding?: string;

	private readonly bytes: Buffer;

	/** The request a client sending `spec` to `target` makes. */
	constructor(spec: HttpRequestSpec, target: string) {
		const url = new URL(target);
		for (const [key, value] of Object.entries(spec.query ?? {})) {
			for (const single of [value].flat()) url.searchParams.append(key, single);
		}
		const { bytes, headers } = encodeRequestBody(spec);
		this.bytes = bytes;
		this.method = (spec.method ?? 'POST').toUpperCase();
		this.url = `${url.pathname}${url.search}`;
		this.fullUrl = url.toString();
		this.headers = { host: url.host, ...headers };
		if (bytes.length > 0) this.headers['content-length'] ??= String(bytes.length);
		// Express's query parser: repeated keys become arrays
		this.query = {};
		for (const key of new Set(url.searchParams.keys())) {
			const values = url.searchParams.getAll(key);
			this.query[key] = values.length === 1 ? values[0] : values;
		}
		parseIncomingMessage(this as unknown as Parameters<typeof parseIncomingMessage>[0]);
	}

	async readRawBody(): Promise<void> {
		this.rawBody ??= this.bytes;
	}
}

/** The bytes and headers a spec puts on the wire. */
function encodeRequestBody(spec: HttpRequestSpec): {
	bytes: Buffer;
	headers: Record<string, string | string[]>;
} {
	const headers = Object.fromEntries(
		Object.entries(spec.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
	);
	if (spec.rawBody !== undefined && spec.body !== undefined) {
		throw new Error('Give a request either `body` or `rawBody`, not both');
	}
	const payload = spec.rawBody ?? spec.body;
	if (payload === undefined) return { bytes: Buffer.alloc(0), headers };
	if (Buffer.isBuffer(payload)) return { bytes: payload, headers };
	if (typeof payload === 'string') return { bytes: Buffer.from(payload), headers };
	headers['content-type'] ??= 'application/json';
	return { bytes: Buffer.from(JSON.stringify(payload)), headers };
}

/** The parts of an Express response that n8n's webhook layer and nodes use; records the answer. */
export class FakeResponse {
	statusCode = 200;
	ended = false;
	/** What was passed to json()/send(). */
	body: unknown = undefined;
	private readonly headers: Record<string, string> = {};

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	setHeader(name: string, value: string | number): this {
		this.headers[name.toLowerCase()] = String(value);
		return this;
	}

	getHeaders(): Record<string, string> {
		return { ...this.headers };
	}

	json(body: unknown): this {
		this.headers['content-type'] ??= 'application/json; charset=utf-8';
		this.body = body;
		return this.end();
	}

	send(body?: unknown): this {
		if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return this.json(body);
		this.headers['content-type'] ??= Buffer.isBuffer(body)
			? 'application/octet-stream'
			: 'text/html; charset=utf-8';
		this.body = body;
		return this.end();
	}

	/** As Express: sending ends the response; n8n answers through end(). */
	end(): this {
		this.ended = true;
		return this;
	}
}
