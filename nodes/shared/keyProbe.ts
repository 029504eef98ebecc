/**
 * The credential test posts an empty body to /document: the vendor checks the key before the body, so
 * "1005 idImage is required" proves the key was accepted without sending an image or spending a check.
 */
export type KeyProbeResult = { status: 'OK' | 'Error'; message: string };

function errorOf(body: unknown): { errorCode?: unknown; message?: unknown } | undefined {
	const outer = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
	const inner = outer?.error;
	return typeof inner === 'object' && inner !== null ? (inner as { errorCode?: unknown }) : undefined;
}

export function interpretKeyProbe(statusCode: number, body: unknown): KeyProbeResult {
	const errorCode = String(errorOf(body)?.errorCode ?? '');
	if (statusCode === 400 && errorCode === '1005') {
		return { status: 'OK', message: 'Argos accepted the API key (checked without sending an image; no check was spent).' };
	}
	if (statusCode === 401 || errorCode === '1001') {
		return { status: 'Error', message: 'Argos rejected this API key (1001 Workspace is unavailable). Copy the key again from the Argos dashboard and check that the workspace is active.' };
	}
	if (statusCode === 403) {
		return { status: 'Error', message: 'Argos refused access (HTTP 403): the key may not be allowed for ID Liveness, or this server\'s IP address is not on the workspace\'s allow list.' };
	}
	return {
		status: 'Error',
		message: `Unexpected answer from Argos (HTTP ${statusCode}${errorCode ? `, error ${errorCode}` : ''}). Check the Base URL: it should end in /modules, e.g. https://idverify-api.argosidentity.com/modules.`,
	};
}
