/**
 * What the package relies on in n8n beyond its documented node API, in one place. Each piece names the n8n versions
 * it is proven on (measured in the real n8n by the suites named beside it). Nothing else in the nodes may rely on how
 * n8n's engine or cli works inside.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

// --- The action node: a request with the credential the run has already read -----------------------------------

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
 * decrypts the credential from its database for every request, some 0.2 ms of CPU per item. The option is in
 * n8n-workflow's types (IAdditionalCredentialOptions) but n8n's node documentation does not describe it. The
 * credential's header still comes from the credential type's `authenticate`.
 * Proven on n8n 2.40.7 (test:e2e, the bench, the queue-mode suite).
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

// --- Submit and Wait: the outputs of the resumed node --------------------------------------------------------

/**
 * Readies Submit and Wait's execution entry for its resume. n8n resumes the node switched off, which hands on the
 * data of its execution entry: `outputs` when the wait limit resumes it (n8n documents no way for a node to say
 * what it outputs then; its input items would go on, on the first output, which is Pass), the outputs of the node's
 * webhook when the callback does. n8n-core hands on every output (Pass and Review) only with `forwardAllOutputs`,
 * else only the first (WorkflowExecute.handleDisabledNode): set here for the wait limit; n8n sets it itself for a
 * webhook's outputs (webhook-helpers, prepareExecutionData).
 * On either resume n8n reads those outputs as the node's inputs, so an item on Review would get `pairedItem.input:
 * 1`: giving each such input the node's real source keeps the item's lineage (`$('Earlier Node').item` and the error
 * output work on Review as on Pass). Proven on n8n 2.40.7 (test/e2e/submitAndWait.binding.e2e.test.ts, lineage after
 * Review by the callback and by the wait limit included).
 */
export function setOutputsOnResume(
	context: IExecuteFunctions,
	outputs: INodeExecutionData[][],
): void {
	const executeData = context.getExecuteData();
	executeData.data = { main: outputs };
	context.setMetadata({ forwardAllOutputs: true });
	const [inputSource] = executeData.source?.main ?? [];
	if (inputSource) executeData.source = { main: outputs.map(() => inputSource) };
}
