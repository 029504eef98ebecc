import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { checkAllItems } from './actions/router';
import { OUTPUTS_EXPRESSION } from './description/outputs';
import { argosIdLivenessProperties } from './description/parameters';
import { testApiKey } from './transport/testApiKey';

export class ArgosIdLiveness implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Argos ID Liveness',
		name: 'argosIdLiveness',
		icon: { light: 'file:argosIdLiveness.svg', dark: 'file:argosIdLiveness.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter.mode === "sendToCallbackUrl" ? "Send Result to Callback URL" : "Check ID Document" }}',
		description: 'Check ID document photos for forgery: screen replay, paper print and portrait replacement',
		defaults: { name: 'Argos ID Liveness' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [{ name: 'argosIdentityApi', required: true, testedBy: 'argosIdentityApiKeyTest' }],
		properties: argosIdLivenessProperties,
	};

	methods = {
		credentialTest: { argosIdentityApiKeyTest: testApiKey },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await checkAllItems(this);
	}
}
