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
import { handleCallback } from './helpers/handleCallback';
import { recordDelivery } from './helpers/recordDelivery';
import { NODES_PANEL_DESCRIPTION } from '../resultsAndCallbacks/checks';
import { refuseUnsupportedN8n } from '../resultsAndCallbacks/n8nInternals';

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
		// n8n shows this on the nodes panel's entry it shares with the action node; the trigger's own job is in its panel.
		description: NODES_PANEL_DESCRIPTION,
		defaults: { name: 'Argos ID Liveness Trigger' },
		inputs: [],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [{ name: ARGOS_CREDENTIAL_TYPE, required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// n8n answers the callback that started a run when that run has ended, with no data from it: a caller
				// whose connection broke because n8n died mid-run (no answer) sends it again, and starts it again.
				responseMode: 'lastNode',
				responseData: 'noData',
				path: 'callback',
			},
		],
		// n8n's generic panel says "Go to Argos ID Liveness and create an event"; the event is a document sent by an
		// Argos ID Liveness node in another workflow, so the panel says that.
		triggerPanel: {
			header: 'Send a document from an Argos ID Liveness node to this trigger',
			executionsHelp: {
				inactive:
					"This trigger starts when Argos posts a result to its URL. <b>While building</b>: click 'Listen for test event', then run a workflow whose Argos ID Liveness node is set to <i>Send Result to Callback URL</i> with this trigger's <b>Test URL</b> as its Callback URL; the result shows up here. <b>In production</b>: publish this workflow and use the <b>Production URL</b> instead; the results show up in the executions list.",
				active:
					"This trigger starts when Argos posts a result to its URL. <b>While building</b>: click 'Listen for test event', then run a workflow whose Argos ID Liveness node is set to <i>Send Result to Callback URL</i> with this trigger's <b>Test URL</b> as its Callback URL; the result shows up here. <b>In production</b>: the workflow is published, so results sent to the <b>Production URL</b> start it; they show up in the <a data-key=\"executions\">executions list</a>.",
			},
			activationHint: {
				inactive:
					"Once the workflow is built, publish it and put this trigger's Production URL in the Argos ID Liveness node's Callback URL: every result then starts it without this button.",
				active:
					"The workflow is published: results sent to this trigger's Production URL start it without this button.",
			},
		},
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
	 * n8n runs this inside the execution a callback started, with the items webhook() returned (n8nInternals.ts). It
	 * records the callback where n8n saves it when the run ends, so a run that dies leaves no record.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return recordDelivery(this);
	}
}
