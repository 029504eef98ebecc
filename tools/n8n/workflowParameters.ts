import {
	NodeHelpers,
	type INode,
	type INodeParameters,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { N8nRestClient } from './n8nRest';

/**
 * What the editor would flag or silently drop in a workflow's nodes, compared with the node descriptions a running
 * n8n serves: parameter issues (a required value missing, ...) and parameters set in the JSON that the node type (at
 * that version, with those other settings) does not show. n8n drops those without a word, so an example that sets an
 * option the node renamed would still run, just not as the example says.
 */
export async function parameterProblems(rest: N8nRestClient, nodes: INode[]): Promise<string[]> {
	const problems: string[] = [];
	for (const node of nodes) {
		const [description] = await rest.request<INodeTypeDescription[]>('POST', '/rest/node-types', {
			nodeInfos: [{ name: node.type, version: node.typeVersion }],
		});
		if (description === undefined) {
			problems.push(`${node.name}: n8n does not know ${node.type} version ${node.typeVersion}`);
			continue;
		}
		const shown =
			NodeHelpers.getNodeParameters(
				description.properties,
				node.parameters,
				true,
				false,
				node,
				description,
			) ?? {};
		for (const path of missingFrom(node.parameters, shown))
			problems.push(`${node.name}: "${path}" is not a parameter n8n shows here`);
		const issues = NodeHelpers.getNodeParametersIssues(
			description.properties,
			{ ...node, parameters: shown },
			description,
		);
		if (issues?.parameters) {
			for (const [name, messages] of Object.entries(issues.parameters))
				problems.push(`${node.name}: ${name}: ${messages.join('; ')}`);
		}
	}
	return problems;
}

/** Paths of the values in `given` that `shown` does not hold (n8n dropped them). */
function missingFrom(given: unknown, shown: unknown, path = ''): string[] {
	if (given === null || typeof given !== 'object') return given === shown ? [] : [path];
	if (shown === null || typeof shown !== 'object') return [path];
	const givenEntries = Object.entries(given as INodeParameters);
	return givenEntries.flatMap(([key, value]) => {
		const inner = (shown as Record<string, unknown>)[key];
		const at = path === '' ? key : `${path}.${key}`;
		return inner === undefined ? [at] : missingFrom(value, inner, at);
	});
}
