import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/** The credential's type name, as nodes and workflows refer to it. */
export const ARGOS_CREDENTIAL_TYPE = 'argosIdentityApi';

export const ARGOS_PRODUCTION_BASE_URL = 'https://idverify-api.argosidentity.com/modules';

const REJECTED_KEY =
	'Argos rejected this API key (1001 Workspace is unavailable). Copy the key again from the Argos dashboard and check that the workspace is active.';
const WRONG_BASE_URL = `Argos has no ID Liveness API at this Base URL. It should end in /modules, e.g. ${ARGOS_PRODUCTION_BASE_URL}.`;
const NOT_ARGOS = `The Base URL answered, but not as the Argos ID Liveness API does (its answer has no Argos error code): it may be another web server, or Argos may be failing. The Base URL should end in /modules, e.g. ${ARGOS_PRODUCTION_BASE_URL}.`;

/** What to check when the test gets no answer at all. */
export const NETWORK_FAILURE_HINT =
	"If the test's details say ECONNREFUSED, ENOTFOUND or ETIMEDOUT, n8n could not reach this address: check the Base URL, and that n8n's network lets it through (proxy, firewall; inside Docker, 127.0.0.1 is n8n's own container).";

/** Answers that fail the test, by a field of the body and its value (the only test n8n's declarative rules allow). */
const FAILING_ANSWERS: Array<{ key: string; value: string | number | undefined; message: string }> =
	[
		...['1001', 1001].map((value) => ({ key: 'error.errorCode', value, message: REJECTED_KEY })),
		{
			key: 'message',
			value: 'Forbidden',
			message:
				"Argos refused access (HTTP 403): the key may not be allowed for ID Liveness, or this server's IP address is not on the workspace's allow list.",
		},
		{ key: 'message', value: 'Missing Authentication Token', message: WRONG_BASE_URL },
		{ key: 'message', value: 'Not Found', message: WRONG_BASE_URL },
		{
			key: 'message',
			value: 'Internal server error',
			message:
				'Argos had a server error, so the key could not be tested. Try again in a few minutes.',
		},
		{
			key: 'message',
			value: 'Too Many Requests',
			message:
				'Argos is rate-limiting this key (HTTP 429), so it could not be tested. Try again in a minute.',
		},
		// Anything without Argos' error envelope: a server error page, another web server, any other 404.
		{ key: 'error.errorCode', value: undefined, message: NOT_ARGOS },
		// Argos' other codes: the key check expects 1005, so the API no longer answers as documented.
		...['1003', '1007', '1008', '1009', '1010'].flatMap((code) =>
			[code, Number(code)].map((value) => ({
				key: 'error.errorCode',
				value,
				message: `Argos answered error ${code} where the key test expects 1005 (idImage is required), so the key could not be tested: the API may have changed. Report this to the package maintainers.`,
			})),
		),
	];

export class ArgosIdentityApi implements ICredentialType {
	name = ARGOS_CREDENTIAL_TYPE;

	displayName = 'Argos Identity API';

	icon: Icon = { light: 'file:argosIdentity.svg', dark: 'file:argosIdentity.dark.svg' };

	documentationUrl = 'https://developers.argosidentity.com/verify/id_liveness/api-reference';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API key of your Argos workspace (Argos dashboard → API key). Sent as the x-api-key header.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: ARGOS_PRODUCTION_BASE_URL,
			description:
				'Change only to use another Argos region or a local emulator; the node appends /document',
			// n8n's credential test answers a network failure with its bare code ("ECONNREFUSED"), before any rule of
			// the test below is read (n8n 2.40, credentials-tester.service.js); this hint says what the code means.
			hint: NETWORK_FAILURE_HINT,
		},
		{
			displayName: 'Callback Secret',
			name: 'callbackSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. Callback URLs sent by the Argos ID Liveness node are always signed, and the Argos ID Liveness Trigger refuses callbacks without a valid signature: with this secret when set, otherwise with a key derived from the API key. Any long random string; use the same credential in both nodes.',
		},
	];

	/**
	 * A function rather than the declarative `{ type: 'generic' }` form: n8n 2.x resolves the declarative form's
	 * `={{$credentials.apiKey}}` in its isolated expression runtime on every request, measured with
	 * `npm run bench:profile` at 0.65 ms of n8n's main thread per request, plus the garbage it leaves: time that
	 * delays the next request of a batch.
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, 'x-api-key': String(credentials.apiKey ?? '') },
	});

	/**
	 * A request without an image: Argos checks the key before the body, so its own answer "1005 idImage is required"
	 * means the key was accepted, without sending an image or spending a paid request. n8n's declarative rules can only fail
	 * a test on a listed value, so every other answer is listed: the rejected key, the gateway's own bodies, any body
	 * without Argos' error code (server error pages, other web servers, any other 404) and Argos' other
	 * codes. Declared here rather than as a node's credentialTest, which n8n finds only for packages installed from
	 * npm, not for nodes loaded from a custom folder.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/document',
			method: 'POST',
			// n8n drops an empty body, so the empty image is spelled out.
			body: { idImage: '' },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: FAILING_ANSWERS.map(({ key, value, message }) => ({
			type: 'responseSuccessBody' as const,
			properties: { key, value, message },
		})),
	};
}
