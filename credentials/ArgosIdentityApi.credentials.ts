import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export const ARGOS_PRODUCTION_BASE_URL = 'https://idverify-api.argosidentity.com/modules';

export class ArgosIdentityApi implements ICredentialType {
	name = 'argosIdentityApi';

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
			description: 'The API key of your Argos workspace (Argos dashboard → API key). Sent as the x-api-key header.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: ARGOS_PRODUCTION_BASE_URL,
			description: 'Change only to use another Argos region or a local emulator; the node appends /document',
		},
		{
			displayName: 'Callback Secret',
			name: 'callbackSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. When set, callback URLs sent by the Argos ID Liveness node are signed with it, and the Argos ID Liveness Trigger refuses callbacks without a valid signature. Any long random string; use the same credential in both nodes.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'x-api-key': '={{$credentials.apiKey}}' },
		},
	};
}
