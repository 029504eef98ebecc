import { NodeHelpers, UnexpectedError } from 'n8n-workflow';
import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

/** The node-type registry a `Workflow` resolves node types through; here, a plain map. */
export class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		const nodeType = this.types[type];
		if (nodeType === undefined) {
			throw new UnexpectedError(
				`The harness does not know the node type "${type}". Known: ${Object.keys(this.types).join(', ')}`,
			);
		}
		return nodeType;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			Object.keys(this.types).map((type) => [type, { className: type, sourcePath: '' }]),
		);
	}

	/** The version a freshly dropped node gets in the editor: the type's default (newest) one. */
	defaultVersion(type: string): number {
		const nodeType = this.getByName(type);
		if ('nodeVersions' in nodeType) return nodeType.currentVersion;
		const { version, defaultVersion } = nodeType.description;
		if (defaultVersion !== undefined) return defaultVersion;
		return Array.isArray(version) ? Math.max(...version) : version;
	}
}
