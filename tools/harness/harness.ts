import { randomUUID } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	INode,
	INodeType,
	IVersionedNodeType,
} from 'n8n-workflow';

import { binaryItem } from './binary';
import { HarnessContext } from './context';
import { HarnessCredentialsHelper } from './credentialsHelper';
import { acquireN8nEnvironment, releaseN8nEnvironment } from './environment';
import type { ExecutionResult } from './executionResult';
import { ExecutionStore } from './executionStore';
import { callActiveWebhook, callLiveWebhook, productionWebhookUrl } from './liveWebhook';
import type { LiveWebhookCall } from './liveWebhook';
import { startHarnessServer } from './httpServer';
import type { HarnessServer } from './httpServer';
import { HarnessNodeTypes } from './nodeTypes';
import { runWorkflow } from './runWorkflow';
import type { WorkflowRun } from './runWorkflow';
import { HARNESS_START_NODE_TYPE, HarnessStart } from './startNode';
import { n8nUrls } from './urls';
import type { N8nUrls } from './urls';
import type { WebhookCallResult } from './webhookExecution';
import { HarnessWorkflow } from './workflow';
import type { WorkflowDefinition } from './workflow';
import { buildNode } from './workflowBuilders';
import type { NodeSpec } from './workflowBuilders';

interface HarnessOptions {
	/** Node types by the type name nodes use, e.g. `{ 'CUSTOM.argosIdLiveness': new ArgosIdLiveness() }`. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes?: ICredentialType[];
	/** Credential data by credential type name; every node using that type gets it. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** n8n's public base URL (WEBHOOK_URL); defaults to http://localhost:5678/. */
	baseUrl?: string;
}

/** A saved workflow (static data persists across calls), or a definition used once. */
type WorkflowSource = { workflow: HarnessWorkflow } | WorkflowDefinition;

type RunOptions = WorkflowSource & Omit<WorkflowRun, 'workflow'>;

type CallWebhookOptions = WorkflowSource & Omit<LiveWebhookCall, 'workflow'>;

/** n8n's engine in-process: see README.md for what is real n8n code and what is stubbed. */
export class N8nHarness {
	private readonly nodeTypes: HarnessNodeTypes;
	private readonly context: HarnessContext;
	private readonly activeWorkflows = new Set<HarnessWorkflow>();
	private server?: HarnessServer;
	private closed = false;
	private readonly credentialIdSuffix = `-${randomUUID().slice(0, 8)}`;

	/** Use `createHarness`: n8n's services must be set up first. */
	constructor(options: HarnessOptions) {
		this.nodeTypes = new HarnessNodeTypes({
			[HARNESS_START_NODE_TYPE]: new HarnessStart(),
			...options.nodeTypes,
		});
		const credentialsHelper = new HarnessCredentialsHelper(options.credentialTypes ?? [], {
			...options.credentials,
		});
		const urls = n8nUrls(options.baseUrl);
		this.context = new HarnessContext(
			this.nodeTypes,
			credentialsHelper,
			urls,
			new ExecutionStore(),
		);
	}

	/** The URLs nodes see: webhook, webhook-waiting, REST API, instance base. */
	get urls(): N8nUrls {
		return this.context.urls;
	}

	/** A saved workflow: pass it to run/callWebhook repeatedly and read its `staticData`. */
	workflow(definition: WorkflowDefinition): HarnessWorkflow {
		return new HarnessWorkflow(definition, this.nodeTypes);
	}

	/** A node as the editor would create it (id, default version, credential references). */
	node(spec: NodeSpec): INode {
		return buildNode(
			spec,
			this.nodeTypes,
			this.context.credentialsHelper.typesWithCredentials(),
			this.credentialIdSuffix,
		);
	}

	/** A node that emits `run({ input })`'s items, standing in for a trigger. */
	startNode(name = 'Start'): INode {
		return this.node({ name, type: HARNESS_START_NODE_TYPE });
	}

	/** Runs a workflow from its start node to the end, or until a node puts it to wait. */
	async run(options: RunOptions): Promise<ExecutionResult> {
		return await runWorkflow(this.context, { ...options, workflow: this.resolve(options) });
	}

	/** Calls a trigger node's production webhook, then runs the workflow if webhook() started it. */
	async callWebhook(options: CallWebhookOptions): Promise<WebhookCallResult> {
		return await callLiveWebhook(this.context, { ...options, workflow: this.resolve(options) });
	}

	/** The latest state of an execution, e.g. one started through `listen()`. */
	execution(executionId: string): ExecutionResult | undefined {
		return this.context.store.all().find((execution) => execution.id === executionId);
	}

	/** Every execution so far, oldest first. */
	executions(): ExecutionResult[] {
		return this.context.store.all();
	}

	/** An input item with a file stored the way n8n stores binary data (filesystem mode). */
	readonly binaryItem = binaryItem;

	/** A node's production webhook URL, as n8n shows it (under `listen()`'s base URL once listening). */
	webhookUrl(workflow: HarnessWorkflow, nodeName: string, method = 'POST'): string {
		return productionWebhookUrl(this.context, workflow, nodeName, method);
	}

	/** Registers the workflow's production webhooks for requests arriving through `listen()`. */
	activate(workflow: HarnessWorkflow): HarnessWorkflow {
		this.activeWorkflows.add(workflow);
		return workflow;
	}

	/**
	 * Serves n8n's production webhook URLs on a loopback port, so that a service
	 * outside the test (the emulator) can call back like it would call a real n8n.
	 * From then on nodes see `http://127.0.0.1:<port>/` as n8n's base URL; call it
	 * before running the workflows whose URLs are handed out. Returns that base URL.
	 */
	async listen(): Promise<string> {
		this.server ??= await startHarnessServer({
			liveWebhook: async (path, request) =>
				await callActiveWebhook(this.context, this.activeWorkflows, path, request),
		});
		this.context.urls = n8nUrls(this.server.baseUrl);
		return this.server.baseUrl;
	}

	/** Stops the loopback server; releases n8n's temporary folder once every harness of the test file is closed. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await this.server?.close();
		await releaseN8nEnvironment();
	}

	private resolve(source: WorkflowSource): HarnessWorkflow {
		return 'workflow' in source ? source.workflow : this.workflow(source);
	}
}

/** Sets up n8n's services (instance settings, filesystem binary data) and a harness over them. */
export async function createHarness(options: HarnessOptions): Promise<N8nHarness> {
	await acquireN8nEnvironment();
	return new N8nHarness(options);
}
