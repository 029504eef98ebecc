import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import type { ArgosFailure } from '../../resultsAndCallbacks/vendorErrors';

export type ItemError = NodeApiError | NodeOperationError;

/** n8n's own convention for naming the item in a message; the error also carries itemIndex for the editor. */
function naming(message: string, itemIndex: number): string {
	return `${message} [item ${itemIndex}]`;
}

export function inputError(
	node: INode,
	itemIndex: number,
	problem: InputProblem,
): NodeOperationError {
	return new NodeOperationError(node, naming(problem.message, itemIndex), {
		description: problem.description,
		itemIndex,
	});
}

/**
 * Built from the vendor's code and transaction id only, never from the HTTP error itself,
 * whose request config holds the image and the API key.
 */
export function argosError(node: INode, itemIndex: number, failure: ArgosFailure): NodeApiError {
	const response: JsonObject = { message: failure.message };
	if (failure.errorCode !== undefined) response.errorCode = failure.errorCode;
	if (failure.transactionId !== undefined) response.transactionId = failure.transactionId;
	const reference = [
		failure.errorCode !== undefined ? `Argos error code: ${failure.errorCode}` : undefined,
		failure.transactionId !== undefined ? `transaction ID: ${failure.transactionId}` : undefined,
	].filter(Boolean);
	const error = new NodeApiError(node, response, {
		message: naming(failure.message, itemIndex),
		description: reference.length
			? `${failure.description} (${reference.join(', ')})`
			: failure.description,
		itemIndex,
	});
	// Set after construction: NodeApiError would otherwise take the vendor's errorCode (e.g. 1009) for an HTTP status.
	error.httpCode = failure.httpCode !== undefined ? String(failure.httpCode) : null;
	return error;
}

/**
 * The JSON of an error item when the node continues on fail. n8n moves an item to the error output only when its
 * JSON holds nothing but `error`, `message` and `details`, so the vendor's code and transaction ID go in `details`.
 */
export function errorItemJson(error: ItemError): JsonObject {
	const response = error.errorResponse;
	const details: JsonObject = {};
	if (error.description) details.description = error.description;
	if (response?.errorCode !== undefined) details.errorCode = response.errorCode;
	if (response?.transactionId !== undefined) details.transactionId = response.transactionId;
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	return { error: error.message, details };
}

/**
 * Without "continue on fail" the run ends with the first failed item, but the items Argos checked before it (or
 * while it was in flight) were billed: their transaction IDs go into the error's description, so those checks can
 * still be looked up. `transactionIds[i]` is item i's, when it has one.
 */
export function withCompletedChecks(
	error: ItemError,
	transactionIds: ReadonlyArray<string | undefined>,
): ItemError {
	const own = error.errorResponse?.transactionId;
	const completed = transactionIds.flatMap((transactionId, itemIndex) =>
		transactionId === undefined || transactionId === own
			? []
			: [`item ${itemIndex}: ${transactionId}`],
	);
	if (completed.length === 0) return error;
	error.description = [
		error.description,
		`Argos had already checked other items of this run (billed); their transaction IDs: ${completed.join(', ')}.`,
	]
		.filter(Boolean)
		.join(' ');
	return error;
}
