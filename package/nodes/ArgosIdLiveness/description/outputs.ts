/**
 * One output, or "Pass" and "Review" when the user routes by verdict. n8n evaluates this function's source as an
 * expression over the node's parameters (as its Switch node does), so it must stay self-contained.
 */
const configuredOutputs = (parameters: {
	mode?: string;
	operation?: string;
	routeByVerdict?: boolean;
}) =>
	// Version 2 stores the mode as `operation`, version 1 as `mode`: a node has only one of them.
	parameters.routeByVerdict === true &&
	(parameters.operation ?? parameters.mode) !== 'sendToCallbackUrl'
		? [
				{ type: 'main', displayName: 'Pass' },
				{ type: 'main', displayName: 'Review' },
			]
		: [{ type: 'main', displayName: '' }];

export const OUTPUTS_EXPRESSION = `={{(${configuredOutputs})($parameter)}}` as const;

export const PASS_OUTPUT = 0;
export const REVIEW_OUTPUT = 1;

/**
 * Whether the node has Pass and Review outputs: the rule n8n applies to draw them. Both parameters take no
 * expressions, so the node's stored parameters (defaults left out, hence optional) are enough.
 */
export function routesByVerdict(parameters: {
	mode?: unknown;
	operation?: unknown;
	routeByVerdict?: unknown;
}): boolean {
	return configuredOutputs(parameters as Parameters<typeof configuredOutputs>[0]).length === 2;
}
