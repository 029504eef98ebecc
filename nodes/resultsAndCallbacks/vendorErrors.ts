/**
 * What the vendor's error codes and the gateway's HTTP statuses mean for a workflow builder,
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
	429: {
		message: 'Argos is rate-limiting requests (HTTP 429) and retries ran out',
		description:
			'Lower "Concurrent Requests" or raise "Max Retries" in the node options, or spread the items out with Loop Over Items and a Wait node.',
		retryable: true,
	},
};

function asCode(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

/**
 * Describes a vendor error from its code (HTTP answers wrap it in `error`, callbacks do not).
 * Unknown codes keep the vendor's own message so nothing is lost.
 */
export function describeVendorError(
	payload: unknown,
): Pick<ArgosFailure, 'message' | 'description' | 'errorCode' | 'transactionId'> | undefined {
	const outer = asRecord(payload);
	const error = asRecord(outer?.error) ?? outer;
	const errorCode = asCode(error?.errorCode);
	if (!error || errorCode === undefined) return undefined;
	const transactionId = asCode(error.transactionId) ?? asCode(outer?.transactionId);
	const known = ERROR_CODES[errorCode];
	const vendorMessage = typeof error.message === 'string' ? error.message : 'no message';
	return {
		message: known?.message ?? `Argos reported error ${errorCode} (${vendorMessage})`,
		description:
			known?.description ??
			'See the Argos ID Liveness documentation for this error code, or contact Argos support with the transaction ID.',
		errorCode,
		transactionId,
	};
}

/** Turns a non-2xx answer into a failure a user can act on. */
export function describeHttpFailure(status: number, body: unknown): ArgosFailure {
	const retryable = status === 429 || status >= 500;
	const vendor = describeVendorError(body);
	if (vendor) return { ...vendor, httpCode: status, retryable };
	const known = STATUSES[status];
	if (known) return { ...known, httpCode: status };
	if (status >= 500) {
		return {
			message: `Argos had a server error (HTTP ${status}) and retries ran out`,
			description:
				'The service may be down or overloaded. Try again later; raise "Max Retries" to ride out short outages.',
			httpCode: status,
			retryable,
		};
	}
	return {
		message: `Argos answered with an unexpected HTTP ${status}`,
		description:
			'Check the Base URL in the "Argos Identity API" credential: it should end in /modules.',
		httpCode: status,
		retryable,
	};
}
