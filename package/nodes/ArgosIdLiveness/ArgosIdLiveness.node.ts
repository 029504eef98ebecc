import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { ARGOS_CREDENTIAL_TYPE } from '../../credentials/ArgosIdentityApi.credentials';
import { resumeWithCallback } from './actions/resumeWithCallback';
import { router } from './actions/router';
import { OUTPUTS_EXPRESSION } from './description/outputs';
import { argosIdLivenessProperties } from './description/parameters';
import { NODES_PANEL_DESCRIPTION } from '../resultsAndCallbacks/checks';
import { refuseUnsupportedN8n } from '../resultsAndCallbacks/n8nInternals';

refuseUnsupportedN8n();

export class ArgosIdLiveness implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Argos ID Liveness',
		name: 'argosIdLiveness',
		icon: { light: 'file:argosIdLiveness.svg', dark: 'file:argosIdLiveness.dark.svg' },
		group: ['transform'],
		// Version 3 adds `resource` (ID Liveness, Face Liveness, Face Compare), each with its operations, as n8n's
		// multi-resource nodes do. Version 2 names the mode `operation` (n8n's nodes panel lists its options as actions)
		// and waits with n8n's "Limit Wait Time"; version 1 keeps `mode` and "Wait Limit (Minutes)" for the workflows
		// saved with them.
		version: [1, 2, 3],
		defaultVersion: 3,
		// Versions 1 and 2 have no resource: their subtitle is the delivery, as before.
		subtitle:
			'={{ ({"faceLiveness": "Face Liveness: ", "faceCompare": "Face Compare: "}[$parameter.resource] ?? "") + {"waitForResult": "Wait for Result", "sendToCallbackUrl": "Send Result to Callback URL", "submitAndWait": "Submit and Wait for Result"}[$parameter.operation ?? $parameter.mode] }}',
		description: NODES_PANEL_DESCRIPTION,
		defaults: { name: 'Argos ID Liveness' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [{ name: ARGOS_CREDENTIAL_TYPE, required: true }],
		// "Submit and Wait for Result": Argos' callback to $execution.resumeUrl resumes the waiting execution.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: '',
				restartWebhook: true,
			},
		],
		waitingNodeTooltip: '=Waiting for Argos to POST the result to {{ $execution.resumeUrl }}',
		properties: argosIdLivenessProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router(this);
	}

	// Argos has no webhook registration API: the callback URL travels with each request, so there is nothing to
	// register, check or remove on Argos' side. n8n never calls these for a restart webhook (the resume URL); they
	// are here because n8n's community-node rules ask every node with webhooks for the whole lifecycle.
	webhookMethods = {
		default: {
			checkExists: async () => true,
			create: async () => true,
			delete: async () => true,
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeWithCallback(this);
	}
}
