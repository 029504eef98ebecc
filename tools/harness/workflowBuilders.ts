import { randomUUID } from 'node:crypto';
import type { IConnections, INode, INodeCredentials, INodeParameters } from 'n8n-workflow';

import type { HarnessNodeTypes } from './nodeTypes';

export interface NodeSpec extends Partial<Omit<INode, 'name' | 'type' | 'parameters'>> {
	name: string;
	type: string;
	parameters?: INodeParameters;
}

/**
 * Fills in what the editor would when a node is dropped on the canvas: an id (resume
 * URLs carry it), a webhookId for nodes with webhooks (production paths start with it
 * unless `isFullPath`), a position, the type's default version, and a reference to
 * every credential type the node declares that the harness holds data for. Credential
 * ids end in `credentialIdSuffix`: each harness holds its own credentials, as two
 * credentials in n8n have two ids (nodes may keep what they read per credential id).
 */
export function buildNode(
	spec: NodeSpec,
	nodeTypes: HarnessNodeTypes,
	knownCredentialTypes: string[],
	credentialIdSuffix = '',
): INode {
	const { name, type, parameters = {}, ...rest } = spec;
	const typeVersion = rest.typeVersion ?? nodeTypes.defaultVersion(type);
	const description = nodeTypes.getByNameAndVersion(type, typeVersion).description;
	const credentials: INodeCredentials = {};
	for (const { name: credentialType } of description.credentials ?? []) {
		if (knownCredentialTypes.includes(credentialType)) {
			credentials[credentialType] = {
				id: `${credentialType}Id${credentialIdSuffix}`,
				name: `${credentialType} account`,
			};
		}
	}
	return {
		id: randomUUID(),
		position: [0, 0],
		...(description.webhooks?.length ? { webhookId: randomUUID() } : {}),
		...rest,
		name,
		type,
		typeVersion,
		parameters,
		...(Object.keys(credentials).length > 0 && rest.credentials === undefined
			? { credentials }
			: {}),
	};
}

/** One connection: `[from, to]`, or `[from, to, outputIndex, inputIndex]` for other outputs/inputs. */
type Link = [from: string, to: string, outputIndex?: number, inputIndex?: number];

/** Builds n8n's nested `connections` object from a flat list of main connections. */
export function connect(...links: Link[]): IConnections {
	const connections: IConnections = {};
	for (const [from, to, outputIndex = 0, inputIndex = 0] of links) {
		connections[from] ??= { main: [] };
		const outputs = connections[from].main;
		while (outputs.length <= outputIndex) outputs.push([]);
		outputs[outputIndex] ??= [];
		outputs[outputIndex].push({ node: to, type: 'main', index: inputIndex });
	}
	return connections;
}
