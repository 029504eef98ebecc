import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { errorOutputJson } from '../../resultsAndCallbacks/n8nInternals';
import {
	buildFailureOutput,
	type ErrorType,
	type FailureOutput,
} from '../../resultsAndCallbacks/resultOutput';
import type { ArgosFailure } from '../../resultsAndCallbacks/argosErrors';

export type ItemError = NodeApiError | NodeOperationError;

/** Each error's ErrorType, kept beside it: n8n's error classes have no place for it that the editor would not show. */
const errorTypes = new WeakMap<ItemError, ErrorType>();

/** A failure as an item error: n8n's node errors as they are, anything else (such as an expression that failed) wrapped. */
export function asItemError(node: INode, error: unknown, itemIndex?: number): ItemError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** The kind of an error: as it was made here; any other NodeOperationError is about the input, a NodeApiError about Argos. */
function errorTypeOf(error: ItemError): ErrorType {
	return errorTypes.get(error) ?? (error instanceof NodeApiError ? 'argosError' : 'invalidInput');
}

function typed<Error extends ItemError>(error: Error, errorType: ErrorType): Error {
	errorTypes.set(error, errorType);
	return error;
}

/**
 * As n8n's own nodes do, the message does not name the item: the error carries `itemIndex`, which the editor shows
 * under "Other info", and an error item is paired to its input item.
 */
export function inputError(
	node: INode,
	itemIndex: number,
	problem: InputProblem,
	errorType: Extract<ErrorType, 'unusablePhoto' | 'invalidInput'> = 'invalidInput',
): NodeOperationError {
	return typed(
		new NodeOperationError(node, problem.message, {
			description: problem.description,
			itemIndex,
		}),
		errorType,
	);
}

/**
 * A parameter that could not be read for an item (its expression failed): the message names the parameter as the
 * editor shows it and the item; n8n's own message, which names neither, is the cause in the description.
 */
export function parameterError(
	node: INode,
	parameter: string,
	itemIndex: number,
	cause: unknown,
): NodeOperationError {
	const { message, description } = (cause ?? {}) as { message?: unknown; description?: unknown };
	const because = [message, description]
		.filter((text): text is string => typeof text === 'string' && text !== '')
		.join(': ');
	return typed(
		new NodeOperationError(
			node,
			`Could not read the parameter "${parameter}" of item ${itemIndex}`,
			{
				description: `n8n: ${because || String(cause)}`,
				itemIndex,
			},
		),
		'invalidInput',
	);
}

/**
 * Built from Argos' code and transaction id only, never from the HTTP error itself,
 * whose request config holds the image and the API key.
 */
export function argosError(
	node: INode,
	itemIndex: number,
	failure: ArgosFailure,
	errorType: ErrorType = failure.retryable ? 'argosUnavailable' : 'argosError',
): NodeApiError {
	const response: JsonObject = { message: failure.message };
	if (failure.errorCode !== undefined) response.errorCode = failure.errorCode;
	if (failure.transactionId !== undefined) response.transactionId = failure.transactionId;
	const reference = [
		failure.errorCode !== undefined ? `Argos error code: ${failure.errorCode}` : undefined,
		failure.transactionId !== undefined ? `transaction ID: ${failure.transactionId}` : undefined,
	].filter(Boolean);
	const error = new NodeApiError(node, response, {
		message: failure.message,
		description: reference.length
			? `${failure.description} (${reference.join(', ')})`
			: failure.description,
		itemIndex,
	});
	// Set after construction: NodeApiError would otherwise take Argos' errorCode (e.g. 1009) for an HTTP status.
	error.httpCode = failure.httpCode !== undefined ? String(failure.httpCode) : null;
	return typed(error, errorType);
}

/** An error item's fields: the result's shape (verdict "review", summary, reference) with why it was not checked. */
function failureOutputOf(error: ItemError, reference: string | null): FailureOutput {
	const response = error.errorResponse;
	const code = (value: unknown) => (typeof value === 'string' ? value : undefined);
	return buildFailureOutput(
		{
			message: error.message,
			description: error.description ?? '',
			errorType: errorTypeOf(error),
			errorCode: code(response?.errorCode),
			httpCode: error instanceof NodeApiError ? error.httpCode : null,
			transactionId: code(response?.transactionId),
		},
		reference,
	);
}

/**
 * The JSON of an error item when the node continues on fail: with "Continue (using error output)" the shape n8n
 * moves to the error output (errorOutputJson); everywhere else (Review, or the one output) the item's own fields,
 * beside the results'.
 */
export function errorItemJson(
	error: ItemError,
	reference: string | null,
	toErrorOutput: boolean,
): IDataObject {
	const fields = failureOutputOf(error, reference);
	return toErrorOutput ? errorOutputJson(fields) : fields;
}

/**
 * Without "continue on fail" the run ends with the first failed item, but the items Argos analyzed before it (or
 * while it was in flight) were billed: their transaction IDs go into the error's description, so those results can
 * still be looked up. `transactionIds[i]` is item i's, when it has one.
 */
export function withBilledItems(
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
		`Argos had already analyzed other items of this run (billed); their transaction IDs: ${completed.join(', ')}.`,
	]
		.filter(Boolean)
		.join(' ');
	return error;
}
