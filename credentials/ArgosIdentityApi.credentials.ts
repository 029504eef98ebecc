import type {
	IAuthenticateGeneric,
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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'x-api-key': '={{$credentials.apiKey}}' },
		},
	};

	/**
	 * A request without an image: Argos checks the key before the body, so "1005 idImage is required" (no rule
	 * matches: the test passes) means the key was accepted, without sending an image or spending a check. Each rule names an
	 * answer that means it was not. Declared here rather than as a node's credentialTest, which n8n finds only for
	 * packages installed from npm, not for nodes loaded from a custom folder.
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
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'error.errorCode', value: '1001', message: REJECTED_KEY },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'error.errorCode', value: 1001, message: REJECTED_KEY },
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'message',
					value: 'Forbidden',
					message:
						"Argos refused access (HTTP 403): the key may not be allowed for ID Liveness, or this server's IP address is not on the workspace's allow list.",
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'message',
					value: 'Missing Authentication Token',
					message: WRONG_BASE_URL,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'message', value: 'Not Found', message: WRONG_BASE_URL },
			},
		],
	};
}
