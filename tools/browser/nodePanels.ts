/**
 * What a node's panel should draw, from the node description a running n8n serves: nodes for the combinations of the
 * top-level option parameters (resource, operation, mode, image source, ...) that exist in each version, with every
 * option of its collections set, and the names of the parameters n8n's own display rules show for it. Built from
 * the description, so new parameters are covered.
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

/** The selectors that say what a node does (n8n's resource and operation; `mode` in version 1 of the action node). */
const ACTION_SELECTORS = ['resource', 'operation', 'mode'];

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

/** The top-level declarations n8n draws for this node, with their index in the description. */
function shownDeclarations(
	description: INodeTypeDescription,
	node: NodeSketch,
): Array<{ index: number; property: INodeProperties; shown: INodeParameters }> {
	const shown = shownValues(description, node);
	return description.properties
		.map((property, index) => ({ index, property, shown }))
		.filter(({ property }) => shown[property.name] !== undefined)
		.filter(({ property }) =>
			NodeHelpers.displayParameter(shown, property, node as INode, description),
		);
}

/** The names of the top-level `options` parameters (each node type's "selectors"), in the order declared. */
function selectorNames(properties: INodeProperties[]): string[] {
	return [
		...new Set(
			properties
				.filter((property) => property.type === 'options' && property.options !== undefined)
				.map((property) => property.name),
		),
	];
}

/**
 * The selector values that exist in this version: each selector, in the order declared, takes the values of its
 * declarations n8n shows for the values chosen before it (an operation only among its resource's operations), and
 * none when none is shown.
 */
function selectorCombinations(
	description: INodeTypeDescription,
	type: string,
	typeVersion: number,
): INodeParameters[] {
	return selectorNames(description.properties).reduce<INodeParameters[]>(
		(combinations, name) =>
			combinations.flatMap((combination) => {
				const node = { name: '', type, typeVersion, parameters: combination };
				const values = new Set(
					shownDeclarations(description, node)
						.filter(({ property }) => property.name === name && property.type === 'options')
						.flatMap(({ property }) =>
							(property.options ?? []).map((option) => (option as { value: string }).value),
						),
				);
				return values.size === 0
					? [combination]
					: [...values].map((value) => ({ ...combination, [name]: value }));
			}),
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
 * What a panel shows that the chosen panels must cover: its action (resource and operation, or mode), each value of
 * its selectors, and each declaration drawn (a resource's copy of a parameter counts apart), collection options too.
 */
function coverage(description: INodeTypeDescription, node: NodeSketch): string[] {
	const version = `v${node.typeVersion}`;
	const shown = shownValues(description, node);
	const action = ACTION_SELECTORS.filter((name) => typeof shown[name] === 'string').map(
		(name) => `${name}=${shown[name] as string}`,
	);
	const selectors = selectorNames(description.properties)
		.filter((name) => typeof shown[name] === 'string')
		.map((name) => `${version} ${name}=${shown[name] as string}`);
	const declarations = shownDeclarations(description, node).flatMap(({ index, property }) => [
		`${version} #${index}`,
		...(property.type === 'collection'
			? Object.keys((shown[property.name] as INodeParameters | undefined) ?? {}).map(
					(option) => `${version} #${index}.${option}`,
				)
			: []),
	]);
	return [`${version} ${action.join(' ')}`, ...selectors, ...declarations];
}

/**
 * Nodes for the selector combinations that exist in each version, fewest first: every action (resource and
 * operation, or mode) and every selector value at least once, and every parameter declaration n8n draws at least
 * once, without the whole product of image sources for every action. Named after the values set (and the version
 * when the node has several), every collection option set.
 */
export function nodesForEveryCombination(
	description: INodeTypeDescription,
	type: string,
): NodeSketch[] {
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	const seen = new Set<string>();
	const candidates = versions.flatMap((typeVersion) =>
		selectorCombinations(description, type, typeVersion).flatMap((selectors) => {
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
			const node = { ...sketch, parameters: shown };
			return [{ node, covers: coverage(description, node) }];
		}),
	);
	// Greedy cover: repeatedly the candidate that shows the most not yet shown, first declared on a tie.
	const uncovered = new Set(candidates.flatMap(({ covers }) => covers));
	const chosen: typeof candidates = [];
	while (uncovered.size > 0) {
		let best = candidates[0];
		let bestCount = -1;
		for (const candidate of candidates) {
			const count = candidate.covers.filter((key) => uncovered.has(key)).length;
			if (count > bestCount) [best, bestCount] = [candidate, count];
		}
		chosen.push(best);
		for (const key of best.covers) uncovered.delete(key);
	}
	// in the order declared (version, then selector values)
	return candidates.filter((candidate) => chosen.includes(candidate)).map(({ node }) => node);
}

/** The names the panel must draw an input for: the shown parameters, and the options set in shown collections. */
export function expectedInputs(description: INodeTypeDescription, node: NodeSketch): string[] {
	return shownDeclarations(description, node).flatMap(({ property, shown }) => {
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
