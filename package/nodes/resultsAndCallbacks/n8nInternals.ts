/**
 * Every place where the nodes rely on n8n beyond its documented node API, each with the n8n versions it is proven on.
 * Proven means measured in the real n8n by the suites named beside it (`npm run test:e2e`, the bench, the queue-mode
 * suite) on n8n 2.40.7, the pinned version, unless a function says more. Nothing else in the nodes may rely on how
 * n8n's engine or cli works inside.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	IWebhookResponseData,
} from 'n8n-workflow';

// ---------------------------------------------------------------------------------------------------------------
// The action node: a request with the credential the run has already read.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The credential as read once for the run (getCredentials), in the shape httpRequestWithAuthentication takes in
 * place of loading it: the node's reference to the credential (id and name) with its decrypted data.
 */
export function decryptedCredential(
	context: IExecuteFunctions,
	type: string,
	data: ICredentialDataDecryptedObject,
): ICredentialsDecrypted {
	const { id, name } = context.getNode().credentials?.[type] ?? { id: null, name: '' };
	return { id: id ?? '', name, type, data };
}

/**
 * n8n's authenticated request with the credential given (`credentialsDecrypted`): without it n8n-core loads and
 * decrypts the credential from its database for every request, some 0.2 ms of CPU per item (npm run bench:profile).
 * The option is in n8n-workflow's types but no node documentation names it; n8n's own nodes pass it only where a
 * credential was tested. The credential's header still comes from the credential type's `authenticate`.
 * Proven on n8n 2.40.7 (test:e2e, bench, queue-mode suite); n8n 2.39.0 and 2.41.1 gave the same results (issue 17's
 * multi-version runs).
 */
export async function requestWithCredential(
	context: IExecuteFunctions,
	credential: ICredentialsDecrypted,
	request: IHttpRequestOptions,
): Promise<unknown> {
	return await context.helpers.httpRequestWithAuthentication.call(
		context,
		credential.type,
		request,
		{ credentialsDecrypted: credential },
	);
}

// ---------------------------------------------------------------------------------------------------------------
// The action node, Submit and Wait for Result: what the node outputs when n8n resumes it.
// ---------------------------------------------------------------------------------------------------------------

/**
 * What the node outputs if the wait limit runs out before the callback. n8n documents no way to say it: once the
 * wait time passes, n8n-core (WorkflowExecute.handleWaitingState) switches the waiting node off and the engine
 * forwards the data of its execution-stack entry (its input items, on the first output, which would be Pass). So the
 * entry's data is replaced by `outputs`, and the task metadata `forwardAllOutputs` makes the engine forward every
 * output, not just the first (n8n-core's handleDisabledNode). n8n-core reads forwarded outputs as the node's inputs,
 * so an item on the second output would get `pairedItem.input: 1`; giving every such input the node's real source
 * keeps the item's lineage (`$('Earlier Node').item` after Review works as after Pass).
 * Proven on n8n 2.40.7 (test:e2e "the wait limit, in the real n8n"); n8n 2.39.0 and 2.41.1 gave the same results.
 */
export function outputOnWaitLimit(
	context: IExecuteFunctions,
	outputs: INodeExecutionData[][],
): void {
	const executeData = context.getExecuteData();
	executeData.data = { main: outputs };
	context.setMetadata({ forwardAllOutputs: true });
	const [inputSource] = executeData.source?.main ?? [];
	if (inputSource) executeData.source = { main: outputs.map(() => inputSource) };
}

/**
 * The node's outputs when a callback resumes it: webhook()'s `workflowData`, which n8n's cli puts on the waiting
 * node's execution-stack entry with `forwardAllOutputs`, so each list reaches the node's output of the same index.
 * Proven on n8n 2.39.0, 2.40.7 and 2.41.1; on n8n 2.38.7 and 2.20.12 the cli forwards only the first output, and
 * an item on Review is lost (issue 17).
 */
export function outputOnResume(outputs: INodeExecutionData[][]): IWebhookResponseData {
	return { workflowData: outputs };
}
