import type { IExecuteFunctions, NodeParameterValueType } from 'n8n-workflow';

import { parameterDisplayName } from '../description/parameters';
import { parameterError } from './itemErrors';

/**
 * A parameter of one item. n8n throws when its expression fails ("Referenced node doesn't exist"), naming neither
 * the item nor the parameter: that becomes an error that names both, with n8n's message as the cause.
 */
export function readParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: NodeParameterValueType | object,
): NodeParameterValueType | object {
	try {
		return fallback === undefined
			? context.getNodeParameter(name, itemIndex)
			: context.getNodeParameter(name, itemIndex, fallback);
	} catch (error) {
		const failed = parameterDisplayName(failingPath(context, name, itemIndex));
		throw parameterError(context.getNode(), failed, itemIndex, error);
	}
}

/** Inside a collection (the options): the first value whose expression fails; otherwise the parameter itself. */
function failingPath(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = context.getNode().parameters[name];
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return name;
	for (const key of Object.keys(value)) {
		try {
			context.getNodeParameter(`${name}.${key}`, itemIndex);
		} catch {
			return `${name}.${key}`;
		}
	}
	return name;
}
