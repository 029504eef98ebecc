/**
 * What a node's panel should draw, from the node description a running n8n serves: one node per combination of the
 * top-level option parameters (mode, image source, ...), with every option of its collections set, and the names of
 * the parameters n8n's own display rules show for it. Built from the description, so new parameters are covered.
 */
import {
	NodeHelpers,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';

/** Drawn without a `parameter-input-<name>` (a notice is text; hidden is not drawn). */
const NOT_INPUTS = new Set(['notice', 'hidden', 'collection', 'fixedCollection']);

type NodeSketch = Pick<INode, 'name' | 'type' | 'typeVersion' | 'parameters'>;

/** The parameters n8n keeps and shows for these values (defaults filled in, hidden ones dropped). */
function shownValues(description: INodeTypeDescription, node: NodeSketch): INodeParameters {
	return (
		NodeHelpers.getNodeParameters(
			description.properties,
			node.parameters,
			true,
			false,
			node as INode,
			description,
		) ?? {}
	);
}

/**
 * Every value combination of the top-level `options` parameters (each node type's "selectors"). A selector declared
 * more than once (e.g. per version, or for use as an AI tool) takes the values of all its declarations.
 */
function selectorCombinations(properties: INodeProperties[]): INodeParameters[] {
	const values = new Map<string, Set<string>>();
	for (const property of properties) {
		if (property.type !== 'options' || property.options === undefined) continue;
		const known = values.get(property.name) ?? new Set<string>();
		for (const option of property.options) known.add((option as { value: string }).value);
		values.set(property.name, known);
	}
	return [...values].reduce<INodeParameters[]>(
		(combinations, [name, selectorValues]) =>
			combinations.flatMap((combination) =>
				[...selectorValues].map((value) => ({ ...combination, [name]: value })),
			),
		[{}],
	);
}

/** Sets every option of each collection to its default, so that the panel draws them all. */
function withEveryCollectionOption(
	properties: INodeProperties[],
	parameters: INodeParameters,
): INodeParameters {
	const collections = properties.filter((property) => property.type === 'collection');
	return {
		...parameters,
		...Object.fromEntries(
			collections.map((collection) => [
				collection.name,
				Object.fromEntries(
					(collection.options as INodeProperties[]).map((option) => [option.name, option.default]),
				),
			]),
		),
	};
}

/**
 * One node per version and combination of the selectors whose values n8n keeps (a combination the description
 * hides is dropped), named after its values (and its version when the node has several), every collection option set.
 */
export function nodesForEveryCombination(
	description: INodeTypeDescription,
	type: string,
): NodeSketch[] {
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	const seen = new Set<string>();
	return versions.flatMap((typeVersion) =>
		selectorCombinations(description.properties).flatMap((selectors) => {
			const sketch = {
				name: [
					...(versions.length > 1 ? [`v${typeVersion}`] : []),
					...Object.values(selectors),
				].join(' / '),
				type,
				typeVersion,
				parameters: withEveryCollectionOption(description.properties, selectors),
			};
			const shown = shownValues(description, sketch);
			const key = JSON.stringify([typeVersion, shown]);
			if (seen.has(key)) return [];
			seen.add(key);
			return [{ ...sketch, parameters: shown }];
		}),
	);
}

/** The names the panel must draw an input for: the shown parameters, and the options set in shown collections. */
export function expectedInputs(description: INodeTypeDescription, node: NodeSketch): string[] {
	const shown = shownValues(description, node);
	return description.properties
		.filter((property) => shown[property.name] !== undefined)
		.filter((property) => NodeHelpers.displayParameter(shown, property, node as INode, description))
		.flatMap((property) => {
			if (property.type === 'collection') {
				const set = Object.keys((shown[property.name] as INodeParameters | undefined) ?? {});
				const options = (property.options ?? []) as INodeProperties[];
				// a fixed collection among the options draws its own fields, not an input of its name
				return set.filter((name) =>
					options.some((option) => option.name === name && !NOT_INPUTS.has(option.type)),
				);
			}
			return NOT_INPUTS.has(property.type) ? [] : [property.name];
		});
}
