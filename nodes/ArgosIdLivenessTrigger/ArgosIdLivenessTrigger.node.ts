import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { ARGOS_CREDENTIAL_TYPE } from '../../credentials/ArgosIdentityApi.credentials';
import { OUTPUTS_EXPRESSION } from './description/outputs';
import { argosIdLivenessTriggerProperties } from './description/parameters';
import { handleCallback, persistAcceptedCallbacks } from './helpers/handleCallback';
import { refuseUnsupportedN8n } from '../resultsAndCallbacks/supportedN8n';

refuseUnsupportedN8n();

export class ArgosIdLivenessTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Argos ID Liveness Trigger',
		name: 'argosIdLivenessTrigger',
		icon: {
			light: 'file:argosIdLivenessTrigger.svg',
			dark: 'file:argosIdLivenessTrigger.dark.svg',
		},
		group: ['trigger'],
		subtitle: 'On ID liveness result',
		version: 1,
		description:
			'Starts the workflow when Argos sends the result of an asynchronous ID liveness check',
		defaults: { name: 'Argos ID Liveness Trigger' },
		inputs: [],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [{ name: ARGOS_CREDENTIAL_TYPE, required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'callback',
			},
		],
		properties: argosIdLivenessTriggerProperties,
	};

	// Argos has no webhook registration API: the callback URL travels with each request (the sender puts this
	// trigger's URL in it), so there is nothing to register, check or remove on Argos' side. n8n calls these when the
	// workflow is activated or listens for a test event (checkExists, then create if it said false) and on
	// deactivation (delete): "exists" is always true, and both changes are no-ops.
	webhookMethods = {
		default: {
			checkExists: async () => true,
			create: async () => true,
			delete: async () => true,
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallback(this);
	}

	/**
	 * n8n runs this inside the execution a callback started (a webhook node with execute() is executed, not passed
	 * through), with the items webhook() returned. It records the callback where n8n saves it at the end of the run:
	 * static data changed by webhook() is not saved when the call starts a run (n8n 2.40, see recentTransactions.ts).
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return persistAcceptedCallbacks(this);
	}
}
