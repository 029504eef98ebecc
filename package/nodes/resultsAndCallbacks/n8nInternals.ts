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
	IWebhookFunctions,
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

// --- The trigger's execute() runs inside the execution its webhook() started ----------------------------------
// Proven on n8n 2.40.7 (test/e2e/trigger.repeats.e2e.test.ts, test/queue). n8n runs a start node that has an
// execute() (it is not "passed through") with the items webhook() returned as its input; with the legacy execution
// order (v0) only when the first of those outputs holds an item. In queue mode this happens on the worker.

const RUN_NOTE = '__argosIdLivenessRunNote';

/**
 * webhook()'s outputs with `note` added as an extra item at the end of the first output: the trigger's execute()
 * takes it off again (takeRunNote). It also keeps the first output non-empty, so execute() runs in v0 workflows.
 */
export function withRunNote(
	outputs: INodeExecutionData[][],
	note: IDataObject,
): INodeExecutionData[][] {
	const [first = [], ...rest] = outputs;
	return [[...first, { json: { [RUN_NOTE]: note } }], ...rest];
}

/** In the trigger's execute(): its input as webhook() gave it, without the note, and the note. */
export function takeRunNote(context: IExecuteFunctions): {
	outputs: INodeExecutionData[][];
	note: IDataObject | undefined;
} {
	let note: IDataObject | undefined;
	const outputs = (context.getExecuteData().data.main ?? []).map((items) =>
		(items ?? []).filter((item) => {
			const value = item.json[RUN_NOTE];
			if (value === undefined) return true;
			note = value as IDataObject;
			return false;
		}),
	);
	return { outputs, note };
}

// --- When n8n saves a workflow's static data --------------------------------------------------------------------
// Read in n8n 2.40.7 and measured there (test/e2e/trigger.crash.e2e.test.ts):
// - static data changed by webhook() is saved by the process that took the request when n8n answers it
//   (packages/cli webhooks/live-webhooks.js, the responseCallback): with responseMode 'onReceived' that is right
//   after the run has started, so it outlives a crash of that run; n8n saves nothing when it answers with an error.
// - static data changed inside a run is saved when the run ends, by the process that ran it (main, or the worker
//   in queue mode), in the 'workflowExecuteAfter' hook (execution-lifecycle-hooks.js, hookFunctionsSave and
//   hookFunctionsSaveWorker), for a run that succeeded, failed or went to wait; not for a cancelled run (n8n-core
//   workflow-execute.js passes no static data then), and never when the process dies first.
// - either save writes the workflow's whole static data as that Workflow object holds it: the last save wins.
// The trigger therefore never changes static data in webhook(), and records a callback inside the run it started.

/**
 * Calls `listener` when n8n is about to save the static data of the run that `context` belongs to, before n8n's own
 * handlers, so that `listener`'s changes to memory that the run's static data points to are part of that save.
 * Not called for a run whose static data n8n does not save (cancelled, or the process died). Returns false where
 * this n8n keeps its hooks elsewhere (the listener is then never called).
 * Proven on n8n 2.40.7: n8n-core's ExecutionLifecycleHooks runs a hook's handlers one after the other in the order
 * of `handlers[hook]`, and n8n saves the run's static data in one of the 'workflowExecuteAfter' handlers it adds
 * when the run starts, with the static data as the handler's second argument (undefined when not saved).
 */
export function beforeRunIsSaved(context: IExecuteFunctions, listener: () => void): boolean {
	const hooks = (
		context as unknown as {
			additionalData?: { hooks?: { handlers?: { workflowExecuteAfter?: unknown } } };
		}
	).additionalData?.hooks;
	const handlers = hooks?.handlers?.workflowExecuteAfter;
	if (!Array.isArray(handlers)) return false;
	handlers.unshift((_run: unknown, newStaticData: unknown) => {
		if (newStaticData !== undefined) listener();
	});
	return true;
}

// --- When n8n answers a webhook request -------------------------------------------------------------------------
// Read in n8n 2.40.7 (webhooks/webhook-helpers.js, webhook-request-handler.js) and measured there: with
// responseMode 'lastNode' n8n answers the request that started a run when that run has ended (its static data
// already saved), with 500 when it failed, and also when the job of a killed queue-mode worker is given up
// (500). It answers through the Express response's end(), also when the caller has left in the meantime; the
// response's 'finish' event does not fire then.

/** Calls `listener` with the status code once n8n answers the request of `context`. */
export function whenAnswered(
	context: IWebhookFunctions,
	listener: (statusCode: number) => void,
): void {
	const response = context.getResponseObject();
	const end = response.end.bind(response) as (...args: unknown[]) => unknown;
	let answered = false;
	(response as unknown as { end: (...args: unknown[]) => unknown }).end = (...args) => {
		if (!answered) {
			answered = true;
			listener(response.statusCode);
		}
		return end(...args);
	};
}
