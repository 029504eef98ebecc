/** n8n evaluates this function's source as an expression over the node's parameters, so it must stay self-contained. */
const configuredOutputs = (parameters: { failedAnalyses?: string }) =>
	parameters.failedAnalyses === 'separateOutput'
		? [
				{ type: 'main', displayName: 'Result' },
				{ type: 'main', displayName: 'Failed Analysis' },
			]
		: [{ type: 'main', displayName: '' }];

export const OUTPUTS_EXPRESSION = `={{(${configuredOutputs})($parameter)}}` as const;

export const RESULT_OUTPUT = 0;
export const FAILED_ANALYSIS_OUTPUT = 1;
