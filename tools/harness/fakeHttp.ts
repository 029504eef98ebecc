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
	readonly originalUrl: string;
	readonly path: string;
	readonly headers: Record<string, string | string[] | undefined>;
	readonly query: Record<string, string | string[]>;
	params: Record<string, string> = {};
	cookies: Record<string, string> = {};
	body: unknown = undefined;
	rawBody?: Buffer;
	contentType?: string;
	encoding?: string;
	readonly hostname = 'localhost';
	readonly protocol = 'http';
	readonly ip = '127.0.0.1';

	private readonly bytes: Buffer;

	/** The request a client sending `spec` to `target` makes. */
	constructor(spec: HttpRequestSpec, target: string) {
		const url = withQuery(target, spec.query);
		const { bytes, headers } = encodeRequestBody(spec);
		this.bytes = bytes;
		this.method = (spec.method ?? 'POST').toUpperCase();
		this.url = `${url.pathname}${url.search}`;
		this.fullUrl = url.toString();
		this.originalUrl = this.url;
		this.path = url.pathname;
		this.headers = { host: url.host, ...headers };
		if (bytes.length > 0) this.headers['content-length'] ??= String(bytes.length);
		this.query = queryObject(url.searchParams);
		parseIncomingMessage(this as unknown as Parameters<typeof parseIncomingMessage>[0]);
	}

	async readRawBody(): Promise<void> {
		this.rawBody ??= this.bytes;
	}

	get(name: string): string | string[] | undefined {
		return this.headers[name.toLowerCase()];
	}

	header(name: string): string | string[] | undefined {
		return this.get(name);
	}
}

/** The bytes and headers a spec puts on the wire. */
function encodeRequestBody(spec: HttpRequestSpec): {
	bytes: Buffer;
	headers: Record<string, string | string[]>;
} {
	const headers = lowerCaseKeys(spec.headers ?? {});
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

/** An Express-like response that records what the webhook layer or the node answered. */
export class FakeResponse {
	statusCode = 200;
	headersSent = false;
	writableEnded = false;
	/** What was passed to json()/send(), or the bytes written with write()/end(). */
	body: unknown = undefined;
	/** Set by render(): n8n answers some waiting-webhook cases with an HTML template. */
	renderedView?: string;
	private readonly headers: Record<string, string | string[]> = {};
	private readonly chunks: Buffer[] = [];

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	sendStatus(code: number): this {
		return this.status(code).send(String(code));
	}

	setHeader(name: string, value: string | number | string[]): this {
		this.headers[name.toLowerCase()] = Array.isArray(value) ? value : String(value);
		return this;
	}

	set(name: string | Record<string, string>, value?: string | string[]): this {
		if (typeof name === 'string') return this.setHeader(name, value ?? '');
		for (const [key, headerValue] of Object.entries(name)) this.setHeader(key, headerValue);
		return this;
	}

	header(name: string | Record<string, string>, value?: string | string[]): this {
		return this.set(name, value);
	}

	getHeader(name: string): string | string[] | undefined {
		return this.headers[name.toLowerCase()];
	}

	getHeaders(): Record<string, string | string[]> {
		return { ...this.headers };
	}

	removeHeader(name: string): void {
		delete this.headers[name.toLowerCase()];
	}

	writeHead(code: number, headers: Record<string, string> = {}): this {
		this.status(code).set(headers);
		this.headersSent = true;
		return this;
	}

	json(body: unknown): this {
		if (this.getHeader('content-type') === undefined)
			this.setHeader('content-type', 'application/json; charset=utf-8');
		return this.finish(body);
	}

	send(body?: unknown): this {
		if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return this.json(body);
		if (this.getHeader('content-type') === undefined) {
			this.setHeader(
				'content-type',
				Buffer.isBuffer(body) ? 'application/octet-stream' : 'text/html; charset=utf-8',
			);
		}
		return this.finish(body);
	}

	write(chunk: string | Buffer): boolean {
		this.headersSent = true;
		this.chunks.push(Buffer.from(chunk));
		return true;
	}

	end(chunk?: string | Buffer): this {
		if (chunk !== undefined) this.write(chunk);
		if (this.body === undefined && this.chunks.length > 0) this.body = Buffer.concat(this.chunks);
		this.headersSent = true;
		this.writableEnded = true;
		return this;
	}

	redirect(statusOrUrl: number | string, url?: string): this {
		const [code, location] =
			typeof statusOrUrl === 'number' ? [statusOrUrl, url ?? ''] : [302, statusOrUrl];
		return this.status(code).setHeader('location', location).finish(undefined);
	}

	render(view: string, _locals?: object): this {
		this.renderedView = view;
		this.setHeader('content-type', 'text/html; charset=utf-8');
		return this.finish(`<rendered view "${view}">`);
	}

	// n8n registers close listeners to clean up streams; nothing streams here.
	on(): this {
		return this;
	}

	once(): this {
		return this;
	}

	/** Whether anyone answered the request through this object. */
	get answered(): boolean {
		return this.headersSent || this.writableEnded;
	}

	private finish(body: unknown): this {
		this.body = body;
		this.headersSent = true;
		this.writableEnded = true;
		return this;
	}
}

function withQuery(target: string, query: Record<string, string | string[]> = {}): URL {
	const url = new URL(target);
	for (const [key, value] of Object.entries(query)) {
		for (const single of Array.isArray(value) ? value : [value])
			url.searchParams.append(key, single);
	}
	return url;
}

/** Express's query parser: repeated keys become arrays. */
function queryObject(params: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	return query;
}

function lowerCaseKeys(
	headers: Record<string, string | string[]>,
): Record<string, string | string[]> {
	return Object.fromEntries(
		Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]),
	);
}
