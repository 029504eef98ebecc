import { deepCopy, Workflow } from 'n8n-workflow';
import type {
	IConnections,
	IDataObject,
	INode,
	IWorkflowBase,
	IWorkflowSettings,
} from 'n8n-workflow';

import type { HarnessNodeTypes } from './nodeTypes';

export interface WorkflowDefinition {
	nodes: INode[];
	connections: IConnections;
	/** Defaults to `{ executionOrder: 'v1' }`, what n8n gives every new workflow. */
	settings?: IWorkflowSettings;
	/** Static data the workflow starts with, as if already saved in n8n's database. */
	staticData?: IDataObject;
	name?: string;
}

let workflowCount = 0;

/**
 * A saved workflow, the way n8n keeps it in its database: a definition plus static
 * data that outlives executions. n8n builds a fresh `Workflow` object from it for
 * each webhook call and each execution, and writes static data back when the
 * `Workflow`'s observable static data reports a change.
 */
export class HarnessWorkflow {
	readonly id: string;
	readonly name: string;
	readonly nodes: INode[];
	readonly connections: IConnections;
	readonly settings: IWorkflowSettings;
	/** The saved static data: `node:<node name>` keys hold `getWorkflowStaticData('node')`. */
	staticData: IDataObject;

	constructor(
		definition: WorkflowDefinition,
		private readonly nodeTypes: HarnessNodeTypes,
	) {
		workflowCount++;
		this.id = `harnessWorkflow${workflowCount}`;
		this.name = definition.name ?? `Harness workflow ${workflowCount}`;
		this.nodes = deepCopy(definition.nodes);
		this.connections = deepCopy(definition.connections);
		this.settings = { executionOrder: 'v1', ...definition.settings };
		this.staticData = deepCopy(definition.staticData ?? {});
		for (const name of Object.keys(this.connections)) this.assertNode(name);
	}

	/** A fresh `Workflow`; it gets copies because the constructor writes defaults into node parameters. */
	instantiate(): Workflow {
		return new Workflow({
			id: this.id,
			name: this.name,
			nodes: deepCopy(this.nodes),
			connections: deepCopy(this.connections),
			active: true,
			nodeTypes: this.nodeTypes,
			staticData: deepCopy(this.staticData),
			settings: deepCopy(this.settings),
		});
	}

	/** The nodes as n8n looks at them: through a Workflow, which fills in parameter defaults. */
	nodesWithDefaults(): INode[] {
		return Object.values(this.instantiate().nodes);
	}

	/** WorkflowStaticDataService.saveStaticData: writes back only what the proxy flagged as changed. */
	saveStaticData(workflow: Workflow): void {
		if (workflow.staticData.__dataChanged === true) {
			this.staticData = deepCopy(workflow.staticData);
			workflow.staticData.__dataChanged = false;
		}
	}

	/** What `getWorkflowStaticData('node')` holds for a node, as saved. */
	nodeStaticData(nodeName: string): IDataObject | undefined {
		return this.staticData[`node:${nodeName}`] as IDataObject | undefined;
	}

	assertNode(name: string): INode {
		const node = this.nodes.find((candidate) => candidate.name === name);
		if (node === undefined) {
			throw new Error(
				`The workflow has no node "${name}"; it has ${this.nodes.map((n) => `"${n.name}"`).join(', ')}`,
			);
		}
		return node;
	}

	toWorkflowBase(): IWorkflowBase {
		return {
			id: this.id,
			name: this.name,
			active: true,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(0),
			updatedAt: new Date(0),
			nodes: this.nodes,
			connections: this.connections,
			settings: this.settings,
			staticData: this.staticData,
		};
	}
}
