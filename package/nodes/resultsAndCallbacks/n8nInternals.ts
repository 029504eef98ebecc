/**
 * What the package relies on in n8n beyond its documented node API, in one place. Each piece names the n8n versions
 * it is proven on: 2.40.7 by `npm test`, 2.39.0 (the oldest supported) and 2.41.1 (the newest that installs from the
 * npm registry on the maintainers' machines) by `npm run test:versions`; and the versions on which it was measured to
 * fail, which the package refuses to load on (README, Compatibility). Nothing else in the nodes may rely on how
 * n8n's engine or cli works inside.
 */
import * as n8nWorkflow from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

// --- Which n8n this is -----------------------------------------------------------------------------------------

/** The oldest n8n the package runs on. */
export const OLDEST_SUPPORTED_N8N = '2.39.0';

export const UNSUPPORTED_N8N_MESSAGE =
	`n8n-nodes-argos-id-liveness needs n8n ${OLDEST_SUPPORTED_N8N} or newer: this n8n is older (its n8n-workflow has ` +
	`no N8N_NODES_API_VERSION, added in n8n ${OLDEST_SUPPORTED_N8N}). On older n8n "Submit and Wait for Result" ` +
	'would lose the results it puts on Review. Update n8n, or remove the package.';

/**
 * Whether this n8n is 2.39.0 or newer, told by its n8n-workflow (the one a node imports; n8n gives nodes no version
 * number). `N8N_NODES_API_VERSION`, the node API level a community package may declare, first shipped in n8n-workflow
 * 2.39.0, with n8n 2.39.0: the release from which n8n hands every output of a resumed node on (forwardAllOutputs,
 * below). Measured: absent from n8n 2.0.3, 2.20.12 and 2.38.7 (the last 2.38), present in 2.39.0, 2.40.7 and 2.41.1.
 */
export function isSupportedN8n(workflow: object): boolean {
	return (
		typeof (workflow as { N8N_NODES_API_VERSION?: unknown }).N8N_NODES_API_VERSION === 'number'
	);
}

/**
 * Stops the package from loading on an n8n it cannot be right on, with a message that says which n8n it needs. A
 * plain Error keeps this message in n8n's log (a TypeError from a missing export would read "Class could not be
 * found", measured on n8n 1.82.3). Each node file calls it at load.
 */
export function refuseUnsupportedN8n(workflow: object = n8nWorkflow): void {
	if (!isSupportedN8n(workflow)) throw new Error(UNSUPPORTED_N8N_MESSAGE);
}

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
 * Proven on n8n 2.40.7 (test:e2e, the bench, the queue-mode suite), 2.39.0 and 2.41.1 (test:versions).
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
 * data of its execution entry: `outputs` when the wait limit resumes it, the outputs of the node's webhook when the
 * callback does. n8n-core hands on every output (Pass and Review) only with `forwardAllOutputs`, else only the first
 * (WorkflowExecute.handleDisabledNode): set here for the wait limit; n8n sets it itself for a webhook's outputs
 * (webhook-helpers, prepareExecutionData). Both from n8n 2.39.0 on: before, an item on Review is lost and the run
 * ends "success" (measured on n8n 2.20.12 and 2.38.7).
 * On either resume n8n reads those outputs as the node's inputs, so an item on Review would get `pairedItem.input:
 * 1`: giving each such input the node's real source keeps the item's lineage (`$('Earlier Node').item` and the error
 * output work on Review as on Pass). Proven on n8n 2.39.0, 2.40.7, 2.41.1 (test/e2e/submitAndWait.binding.e2e.test.ts).
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

// --- Continue (using error output): what n8n moves to the error output ---------------------------------------

/**
 * An error item's JSON as n8n moves it to the error output: n8n-core moves an item whose JSON holds nothing but
 * `error`, `message` and `details` (WorkflowExecute.handleNodeErrorOutput), so the item's fields go under `details`.
 * (An item's own `error` property would also move it, but n8n then replaces its JSON with the message alone,
 * normalizeNodeErrors.) Before n8n-core 2.36.0 (and its backports to 2.34.x and 2.35.x patches) only `{ error }` or
 * `{ error, message }` moved, and such an item left on the success output (measured on n8n 2.0.3). Proven on n8n
 * 2.39.0, 2.40.7, 2.41.1 (test/e2e/trustInputs.e2e.test.ts, examples.e2e.test.ts).
 */
export function errorOutputJson(fields: { error: string } & IDataObject): IDataObject {
	const { error, ...details } = fields;
	return { error, details };
}
