/**
 * What Argos' error codes and the gateway's HTTP statuses mean for a workflow builder,
 * and what to do about each. Codes come as strings in HTTP answers and as numbers in callbacks.
 */
export interface ArgosFailure {
	message: string;
	description: string;
	errorCode?: string;
	transactionId?: string;
	httpCode?: number;
	/** Worth another try: rate limits, gateway and network faults. */
	retryable: boolean;
}

const ERROR_CODES: Record<string, { message: string; description: string }> = {
	'1001': {
		message: 'Argos rejected the API key (1001 Workspace is unavailable)',
		description:
			'Check the API key in the "Argos Identity API" credential (Argos dashboard → API key) and that the workspace is active.',
	},
	'1003': {
		message: 'Argos could not process the image (1003 Fail to process data)',
		description:
			'Send a clear JPEG or PNG photo of the whole document with some space around it, at least 640x480 pixels.',
	},
	'1005': {
		message: 'Argos received no image (1005 idImage is required)',
		description:
			'Check that the image source gives the photo: the binary property or base64 field must not be empty.',
	},
	'1007': {
		message: 'Argos received no checks (1007 pipelines is required)',
		description: 'Turn on at least one of Screen Replay, Paper Printed or Replace Portraits.',
	},
	'1008': {
		message: 'Argos rejected the checks (1008 invalid pipelines format)',
		description:
			'Turn on at least one check. If this persists, the API may have changed: report it to the package maintainers.',
	},
	'1009': {
		message: 'Argos could not analyze the document (1009 Fail to analyze document)',
		description:
			'The photo may not show an ID document clearly. Retake it: the whole card, in focus, with space around it; then route the case to manual review.',
	},
	'1010': {
		message: 'Argos rejected the callback URL (1010 callbackUrl is required)',
		description:
			'Set an absolute https:// URL that Argos can reach from the internet, such as the production URL of an Argos ID Liveness Trigger.',
	},
};

/** The Argos APIs the node calls, by their path: ID Liveness, Face Liveness, Face Compare, ID Recognition. */
export type ArgosApi = 'document' | 'liveness' | 'compare' | 'recognition';

/**
 * The family's codes (docs/ARGOS-API.md, The Verify family), and `1003`, which face liveness and compare send
 * (assumed) for images they cannot read: advice for a selfie or a face, not a document.
 */
const FAMILY_ERROR_CODES: Record<Exclude<ArgosApi, 'document'>, typeof ERROR_CODES> = {
	liveness: {
		'1003': {
			message: 'Argos could not process the image (1003 Fail to process data)',
			description:
				'Send a clear JPEG, PNG or WebP selfie of at least 640x480 pixels, as base64 without a data: prefix.',
		},
		'1016': {
			message: 'Argos received no face image (1016 faceImage is required)',
			description:
				'Check that the image source gives the selfie: the binary property or base64 field must not be empty.',
		},
		'1017': {
			message: 'Argos could not analyze the face (1017 Fail to analyze face)',
			description:
				'The selfie must show exactly one whole face, frontal and uncovered, with space around it (a face of at least 150x150 pixels). Ask for a new selfie, or route the case to manual review.',
		},
	},
	compare: {
		'1000': {
			message: 'Argos needs two images (1000 Two Images are Required)',
			description:
				'Check that both image sources give a photo: the binary properties or base64 fields must not be empty.',
		},
		'1003': {
			message: 'Argos could not process the images (1003 Fail to process data)',
			description:
				'Send clear JPEG, PNG or BMP photos of a face, each under 5 MB, as base64 without a data: prefix.',
		},
	},
	recognition: {
		'1006': {
			message: 'Argos received no issuing country (1006 issuingCountry is required)',
			description: 'Set "Issuing Country" to the ISO 3166-1 alpha-3 code of the issuer, e.g. USA.',
		},
		'1012': {
			message:
				'Argos could not read the back of the document (1012 Fail to recognize back of an idCard)',
			description:
				'Send a sharp photo of the whole back of the card, or set "Back Image Source" to None if the document has nothing to read on its back; otherwise route the case to manual review.',
		},
		'1013': {
			message: 'Argos could not read the image format (1013 Invalid image format)',
			description:
				'Send a JPEG, PNG or BMP photo of the document under 2 MB, as base64 without a data: prefix.',
		},
		'1014': {
			message: 'Argos received no document type (1014 idType is required)',
			description: 'Choose a "Document Type".',
		},
		'1015': {
			message: 'Argos refused the inputs (1015 invalid inputs)',
			description:
				'Check "Issuing Country" (a three-letter ISO 3166-1 alpha-3 code such as USA) and "Document Type". If they are right, the API may have changed: report it to the package maintainers.',
		},
	},
};

/** The codes an API's answers use: ID Liveness' list, with the family's own codes over it. */
function errorCodesOf(api: ArgosApi): typeof ERROR_CODES {
	return api === 'document' ? ERROR_CODES : { ...ERROR_CODES, ...FAMILY_ERROR_CODES[api] };
}

const STATUSES: Record<number, { message: string; description: string; retryable: boolean }> = {
	401: {
		message: 'Argos rejected the API key (HTTP 401)',
		description: 'Check the API key in the "Argos Identity API" credential.',
		retryable: false,
	},
	403: {
		message: 'Argos refused access (HTTP 403)',
		description:
			"The API key may not be allowed for ID Liveness, or this server's IP address is not on the workspace's allow list. Check both in the Argos dashboard.",
		retryable: false,
	},
	413: {
		message: 'The image is too large for Argos (HTTP 413)',
		description: 'Resize or recompress the photo below 10 MB.',
		retryable: false,
	},
};

/** Argos' text copied into an error or output is cut to this many characters. */
export const MAX_ARGOS_TEXT = 300;

/** Runs of base64 (or URL-safe base64) long enough to carry image bytes or a key; no word is this long. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{24,}={0,2}/g;

/**
 * Text from an answer or callback, made fit to copy into an error, an output or a log: a gateway that echoes the
 * request would hand back the image's base64 and the API key, and an answer of unknown shape can be any size.
 * `secrets` (the API key) and anything that looks like base64 are cut out, whitespace is folded, and the rest is
 * capped at MAX_ARGOS_TEXT characters.
 */
export function argosText(text: string, secrets: readonly string[] = []): string {
	let safe = text;
	for (const secret of secrets) if (secret) safe = safe.split(secret).join('[removed]');
	safe = safe.replace(BASE64_RUN, '[removed]').replace(/\s+/g, ' ').trim();
	return safe.length > MAX_ARGOS_TEXT
		? `${safe.slice(0, MAX_ARGOS_TEXT)}… (cut; ${text.length} characters in all)`
		: safe;
}

/** An Argos code or transaction ID: short, of identifier characters; anything else is not copied. */
function asCode(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && /^[\w.:@-]{1,100}$/.test(value)) return value;
	return undefined;
}

/** The transaction ID of an answer, when it has a usable one: kept with any error about that answer. */
export function transactionIdOf(body: unknown): string | undefined {
	const outer = asRecord(body);
	return asCode(outer?.transactionId) ?? asCode(asRecord(outer?.error)?.transactionId);
}

const TRANSACTION_ID_CHARACTER = /[\w.:@-]/;
const TRANSACTION_ID_KEY = 'transactionId';
/** Words a bare value can be that say there is no ID. */
const NOT_AN_ID = ['null', 'undefined', 'true', 'false', 'none'];

/**
 * The value after one `transactionId` key at `at` in `text`, when the text holds it whole: the key quoted as in JSON
 * (also escaped, as JSON inside a JSON string) or bare, then `:` or `=`, then the value; a value that opened a quote
 * must close it (a body cut off inside the value gives none), and a bare one must end before the text does.
 */
function transactionIdAt(text: string, at: number): { id: string; quoted: boolean } | undefined {
	const before = text[at - 1];
	if (before !== undefined && /\w/.test(before)) return undefined;
	const rest = text.slice(at + TRANSACTION_ID_KEY.length, at + TRANSACTION_ID_KEY.length + 160);
	const match = /^(\\*["']?)\s*[:=]\s*(\\*)(["']?)([\w.:@-]{1,100})/.exec(rest);
	if (!match) return undefined;
	const [whole, keyQuote, escape, quote, id] = match;
	const next = rest[whole.length];
	if (next === undefined || TRANSACTION_ID_CHARACTER.test(next)) return undefined;
	if (quote !== '' && !rest.startsWith(`${escape}${quote}`, whole.length)) return undefined;
	if (quote === '' && NOT_AN_ID.includes(id)) return undefined;
	return { id, quoted: keyQuote !== '' && quote !== '' };
}

/**
 * A transaction ID written anywhere in a text: a body that is not the documented JSON (cut off, of another shape,
 * wrapped in a proxy's page). Keys written as JSON count before bare ones (`transactionId: x` in a sentence), and
 * the first of each kind counts; undefined when no value is whole.
 */
export function transactionIdIn(text: string): string | undefined {
	let bare: string | undefined;
	for (
		let at = text.indexOf(TRANSACTION_ID_KEY);
		at >= 0;
		at = text.indexOf(TRANSACTION_ID_KEY, at + 1)
	) {
		const found = transactionIdAt(text, at);
		if (found?.quoted) return found.id;
		bare ??= found?.id;
	}
	return bare;
}

/**
 * The transaction ID of an answer wherever it carries one: its documented places first (transactionIdOf), then
 * anywhere in its text, or in the JSON of a body of another shape. A request Argos may have billed can then always be
 * looked up.
 */
export function findTransactionId(body: unknown): string | undefined {
	const documented = transactionIdOf(body);
	if (documented !== undefined) return documented;
	if (typeof body === 'string') return transactionIdIn(body);
	if (typeof body !== 'object' || body === null) return undefined;
	try {
		return transactionIdIn(JSON.stringify(body));
	} catch {
		return undefined;
	}
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

/**
 * Describes an Argos error from its code (HTTP answers wrap it in `error`, callbacks do not).
 * Unknown codes keep Argos' own message so nothing is lost.
 */
export function describeArgosError(
	payload: unknown,
	secrets: readonly string[] = [],
	api: ArgosApi = 'document',
): Pick<ArgosFailure, 'message' | 'description' | 'errorCode' | 'transactionId'> | undefined {
	const outer = asRecord(payload);
	const error = asRecord(outer?.error) ?? outer;
	const errorCode = asCode(error?.errorCode);
	if (!error || errorCode === undefined) return undefined;
	const transactionId = transactionIdOf(payload);
	const known = errorCodesOf(api)[errorCode];
	const argosMessage =
		typeof error.message === 'string' ? argosText(error.message, secrets) : 'no message';
	return {
		message: known?.message ?? `Argos reported error ${errorCode} (${argosMessage})`,
		description:
			known?.description ??
			'See the Argos documentation for this error code, or contact Argos support with the transaction ID.',
		errorCode,
		transactionId,
	};
}

/** Turns a non-2xx answer into a failure a user can act on; `secrets` never appear in it. */
export function describeHttpFailure(
	status: number,
	body: unknown,
	secrets: readonly string[] = [],
	api: ArgosApi = 'document',
): ArgosFailure {
	// A 429 never ends here: the request asks the governor for its turn again (transport/postDocument.ts).
	const retryable = status >= 500;
	const argosError = describeArgosError(body, secrets, api);
	// A gateway's page may still carry the transaction of a request Argos took.
	const transactionId = findTransactionId(body);
	if (argosError)
		return {
			...argosError,
			transactionId: argosError.transactionId ?? transactionId,
			httpCode: status,
			retryable,
		};
	const known = STATUSES[status];
	if (known) return { ...known, httpCode: status, transactionId };
	if (status >= 500) {
		return {
			transactionId,
			message: `Argos had a server error (HTTP ${status}) and retries ran out`,
			description:
				'The service may be down or overloaded. Try again later; raise "Max Retries" to ride out short outages.',
			httpCode: status,
			retryable,
		};
	}
	return {
		transactionId,
		message: `Argos answered with an unexpected HTTP ${status}`,
		description:
			'Check the Base URL in the "Argos Identity API" credential: it should end in /modules.',
		httpCode: status,
		retryable,
	};
}
