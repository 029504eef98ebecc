import axios, { AxiosInstance, Method } from 'axios';
import type { ExecutionDetail, ExecutionStatus, ExecutionSummary } from './executionTypes';
import { parse as parseFlatted } from 'flatted';
import { pollUntil } from './poll';

/** The owner every e2e instance gets (n8n's password rule: 8+ characters, a digit, an uppercase letter). */
export const E2E_OWNER = {
	email: 'owner@e2e.example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-password-1',
};

/** A workflow as the REST API returns it (the fields tests use). */
interface WorkflowRecord {
	id: string;
	name: string;
	active: boolean;
	/** The current draft's version; activation publishes a version by this id. */
	versionId: string;
	/** The published (running) version, null while inactive. */
	activeVersionId: string | null;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
}

/** `GET /rest/workflows/:id/publication-status` */
interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

interface CredentialInput {
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** Statuses after which an execution never changes again. */
const FINAL: ExecutionStatus[] = ['success', 'error', 'canceled', 'crashed'];
/** Every status n8n gives an execution: as a filter, it makes n8n list executions by id (see newestExecutionId). */
const EVERY_STATUS: ExecutionStatus[] = [
	'new',
	'running',
	'success',
	'error',
	'canceled',
	'crashed',
	'waiting',
	'unknown',
];

/**
 * The REST API the editor uses (`/rest/...`), signed in as the owner with the `n8n-auth` cookie.
 * Responses arrive wrapped as `{ data: ... }`; the methods here unwrap them.
 */
export class N8nRestClient {
	private cookie = '';
	private readonly http: AxiosInstance;

	constructor(readonly baseUrl: string) {
		// Every status is returned, not thrown, so errors can carry n8n's own message.
		this.http = axios.create({
			baseURL: baseUrl,
			validateStatus: () => true,
			maxRedirects: 0,
			timeout: 60_000,
		});
	}

	/** Sets up the owner account on a fresh instance (or logs in if it already exists) and returns a signed-in client. */
	static async signIn(baseUrl: string, owner = E2E_OWNER): Promise<N8nRestClient> {
		const client = new N8nRestClient(baseUrl);
		const setup = await client.http.post('/rest/owner/setup', owner);
		if (setup.status === 200) client.keepCookie(setup.headers['set-cookie']);
		else await client.login(owner.email, owner.password);
		return client;
	}

	async login(email: string, password: string): Promise<void> {
		const response = await this.http.post('/rest/login', { emailOrLdapLoginId: email, password });
		if (response.status !== 200)
			throw new Error(`login failed: HTTP ${response.status} ${JSON.stringify(response.data)}`);
		this.keepCookie(response.headers['set-cookie']);
	}

	/** Any REST call, signed in; returns the unwrapped `data`, throws with n8n's message on a non-2xx status. */
	async request<T>(
		method: Method,
		path: string,
		body?: unknown,
		params?: Record<string, string>,
	): Promise<T> {
		const response = await this.http.request({
			method,
			url: path,
			data: body,
			params,
			headers: { cookie: this.cookie },
		});
		if (response.status < 200 || response.status >= 300) {
			throw new Error(
				`${method} ${path} failed: HTTP ${response.status} ${JSON.stringify(response.data)}`,
			);
		}
		return (response.data as { data: T }).data;
	}

	/**
	 * Stores a workflow (inactive). Exported workflow JSON goes in as it is: n8n drops fields it does not take, such
	 * as `active` (activation is a separate call) and `versionId`; an `id` is kept (an existing one is an error).
	 */
	async createWorkflow(workflow: Record<string, unknown>): Promise<WorkflowRecord> {
		return this.request<WorkflowRecord>('POST', '/rest/workflows', workflow);
	}

	async getWorkflow(id: string): Promise<WorkflowRecord> {
		return this.request<WorkflowRecord>('GET', `/rest/workflows/${id}`);
	}

	/**
	 * Publishes the workflow's current version, which registers its production webhooks and triggers.
	 * n8n 2.x has no `active` flag to PATCH: it is `POST /rest/workflows/:id/activate` with the version to publish.
	 * n8n 2.39 registers them within that call: its publication service (the outbox below) is off by default there
	 * (N8N_USE_WORKFLOW_PUBLICATION_SERVICE) and its publication status answers 404 "Workflow publication status
	 * is not available" (older n8n has no such route: 404 too); n8n 2.40 turned it on.
	 */
	async activateWorkflow(id: string, timeoutMs = 60_000): Promise<WorkflowRecord> {
		const { versionId } = await this.getWorkflow(id);
		const activated = await this.request<WorkflowRecord>('POST', `/rest/workflows/${id}/activate`, {
			versionId,
		});
		if (await this.publishesThroughOutbox(id))
			await this.waitForPublication(id, versionId, timeoutMs);
		return activated;
	}

	private async publishesThroughOutbox(id: string): Promise<boolean> {
		const response = await this.http.get(`/rest/workflows/${id}/publication-status`, {
			headers: { cookie: this.cookie },
		});
		return response.status !== 404;
	}

	/**
	 * n8n 2.40 publishes through an outbox: the activate call returns at once and a background worker registers the
	 * webhooks and triggers a moment later (a call before that gets 404). A trigger that fails to start (e.g. its
	 * webhookCreate throws) shows up only here, as status "failed" or "partial" with the node's error message.
	 */
	async waitForPublication(
		id: string,
		versionId: string,
		timeoutMs = 60_000,
	): Promise<PublicationStatus> {
		let last: PublicationStatus | undefined;
		try {
			return await pollUntil(
				async () => {
					last = await this.request<PublicationStatus>(
						'GET',
						`/rest/workflows/${id}/publication-status`,
					);
					if (last.status === 'in_progress' || last.status === 'not_published') return undefined;
					if (last.status === 'published' && last.liveVersionId === versionId) return last;
					if (last.status === 'failed' || last.status === 'partial') {
						const errors = last.triggers.map(
							(t) => `${t.nodeId}: ${t.status}${t.errorMessage ? ` (${t.errorMessage})` : ''}`,
						);
						throw new Error(`publishing workflow ${id} ${last.status}: ${errors.join('; ')}`);
					}
					return undefined;
				},
				{ timeoutMs, intervalMs: 200, description: `workflow ${id} to be published` },
			);
		} catch (error) {
			throw new Error(
				`${(error as Error).message}; last publication status: ${JSON.stringify(last)}`,
			);
		}
	}

	async deactivateWorkflow(id: string): Promise<WorkflowRecord> {
		return this.request<WorkflowRecord>('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	async createAndActivateWorkflow(workflow: Record<string, unknown>): Promise<WorkflowRecord> {
		const created = await this.createWorkflow(workflow);
		return this.activateWorkflow(created.id);
	}

	/**
	 * Runs the workflow like the editor's "Execute workflow" button (mode "manual"), from the named trigger.
	 * Returns `{ executionId }`, or `{ waitingForWebhook: true }` when that trigger is a webhook: n8n then listens
	 * once on its test URL (`/webhook-test/<path>`) for 2 minutes.
	 */
	async runManually(
		id: string,
		triggerNodeName: string,
	): Promise<{ executionId?: string; waitingForWebhook?: boolean }> {
		return this.request('POST', `/rest/workflows/${id}/run`, {
			triggerToStartFrom: { name: triggerNodeName },
		});
	}

	/** Newest first, each execution once. `status` filters (e.g. ['waiting']); n8n returns at most 100. */
	async listExecutions(
		filter: { workflowId?: string; status?: ExecutionStatus[]; limit?: number } = {},
	): Promise<ExecutionSummary[]> {
		const query: Record<string, unknown> = {};
		if (filter.workflowId !== undefined) query.workflowId = filter.workflowId;
		if (filter.status !== undefined) query.status = filter.status;
		const page = await this.request<{ results: ExecutionSummary[] }>(
			'GET',
			'/rest/executions',
			undefined,
			{
				filter: JSON.stringify(query),
				limit: String(filter.limit ?? 100),
			},
		);
		// While executions finish, n8n can list one twice (seen in queue mode): keep each id once.
		const unique = new Map(page.results.map((execution) => [execution.id, execution]));
		return [...unique.values()].sort((a, b) => Number(b.id) - Number(a.id));
	}

	/**
	 * The id of the workflow's newest execution (0 when none). Not `listExecutions({ limit: 1 })[0]`: without a status
	 * filter n8n lists running executions first, then the finished ones newest *started* first
	 * (`COALESCE(startedAt, createdAt) DESC`; n8n 2.40.7, executions/execution.service.js findLatestCurrentAndCompleted),
	 * and under load an execution created before another can start after it. With a status filter n8n orders by id.
	 */
	async newestExecutionId(workflowId: string): Promise<number> {
		const [newest] = await this.listExecutions({ workflowId, status: EVERY_STATUS, limit: 1 });
		return Number(newest?.id ?? 0);
	}

	/** The workflow's executions newer than `afterId`, once none of them is new or running. */
	async settledExecutionsAfter(
		workflowId: string,
		afterId: number,
		timeoutMs = 120_000,
	): Promise<ExecutionSummary[]> {
		return await pollUntil(
			async () => {
				const all = (await this.listExecutions({ workflowId })).filter(
					(execution) => Number(execution.id) > afterId,
				);
				return all.some((execution) => ['new', 'running'].includes(execution.status))
					? undefined
					: all;
			},
			{
				timeoutMs,
				intervalMs: 500,
				description: `the executions of workflow ${workflowId} to end`,
			},
		);
	}

	/** The sorted statuses of the workflow's executions newer than `afterId`, once none of them is new or running. */
	async executionStatusesAfter(
		workflowId: string,
		afterId: number,
		timeoutMs = 120_000,
	): Promise<string[]> {
		return (await this.settledExecutionsAfter(workflowId, afterId, timeoutMs))
			.map((execution) => execution.status)
			.sort();
	}

	/** One execution with its run data, decoded from n8n's flatted string into a normal object. */
	async getExecution(id: string): Promise<ExecutionDetail> {
		const raw = await this.request<(Omit<ExecutionDetail, 'data'> & { data: string }) | undefined>(
			'GET',
			`/rest/executions/${id}`,
		);
		if (raw === undefined || raw === null) throw new Error(`execution ${id} not found`);
		return { ...raw, data: parseFlatted(raw.data) as ExecutionDetail['data'] };
	}

	/**
	 * Waits until an execution reaches `status` and returns it in full. Give `executionId`, or `workflowId` to
	 * watch that workflow's newest execution (newer than `afterExecutionId` if given). Fails at once if the execution
	 * ends in another final status, and after `timeoutMs` (30 s by default) with the last status seen.
	 */
	async waitForExecution(options: {
		status: ExecutionStatus | ExecutionStatus[];
		executionId?: string;
		workflowId?: string;
		afterExecutionId?: string;
		timeoutMs?: number;
	}): Promise<ExecutionDetail> {
		const wanted = Array.isArray(options.status) ? options.status : [options.status];
		let last = 'no execution yet';
		const summary = await pollUntil(
			async () => {
				const current = await this.findExecution(options);
				if (current === undefined) return undefined;
				last = `execution ${current.id} is "${current.status}"`;
				if (wanted.includes(current.status)) return current;
				if (FINAL.includes(current.status)) {
					const detail = await this.getExecution(current.id);
					const error = detail.data.resultData.error;
					throw new Error(`${last}, not ${wanted.join('/')}${error ? `: ${error.message}` : ''}`);
				}
				return undefined;
			},
			{
				timeoutMs: options.timeoutMs ?? 30_000,
				intervalMs: 300,
				description: `an execution with status ${wanted.join('/')}`,
			},
		).catch((error: Error) => {
			throw new Error(`${error.message} (${last})`);
		});
		return this.getExecution(summary.id);
	}

	private async findExecution(options: {
		executionId?: string;
		workflowId?: string;
		afterExecutionId?: string;
	}): Promise<ExecutionSummary | undefined> {
		if (options.executionId !== undefined) {
			const detail = await this.getExecution(options.executionId).catch(() => undefined);
			return detail;
		}
		if (options.workflowId === undefined)
			throw new Error('waitForExecution needs executionId or workflowId');
		const after = Number(options.afterExecutionId ?? 0);
		const [newest] = (await this.listExecutions({ workflowId: options.workflowId })).filter(
			(e) => Number(e.id) > after,
		);
		return newest;
	}

	/** Stores a credential (n8n encrypts `data`) in the owner's personal project; returns its id. */
	async createCredential(credential: CredentialInput): Promise<string> {
		const created = await this.request<{ id: string }>('POST', '/rest/credentials', credential);
		return created.id;
	}

	/**
	 * Tests credential data like the editor's "Test" button (`POST /rest/credentials/test`): n8n runs the credential
	 * type's `test` request. Unsaved data is tested with id '' (allowed for the owner).
	 */
	async testCredential(
		credential: CredentialInput & { id?: string },
	): Promise<CredentialTestResult> {
		return this.request<CredentialTestResult>('POST', '/rest/credentials/test', {
			credentials: {
				id: credential.id ?? '',
				name: credential.name,
				type: credential.type,
				data: credential.data,
			},
		});
	}

	/** Tests a stored credential as saved (what the editor does when its dialog opens on a saved credential). */
	async testStoredCredential(id: string): Promise<CredentialTestResult> {
		// includeData returns secrets redacted; n8n puts the stored values back before testing.
		const stored = await this.request<CredentialInput & { id: string }>(
			'GET',
			`/rest/credentials/${id}`,
			undefined,
			{ includeData: 'true' },
		);
		return this.testCredential(stored);
	}

	/**
	 * The loaded description of a node type, e.g. ('CUSTOM.argosIdLiveness', 1); throws if n8n does not know it.
	 * (The description's own `name` is the bare one, 'argosIdLiveness'.)
	 */
	async getNodeType(
		name: string,
		version: number,
	): Promise<{ name: string; displayName: string; version: number | number[] }> {
		const [description] = await this.request<
			Array<{ name: string; displayName: string; version: number | number[] }>
		>('POST', '/rest/node-types', { nodeInfos: [{ name, version }] });
		return description;
	}

	private keepCookie(setCookie: string[] | undefined): void {
		const auth = setCookie?.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth === undefined) throw new Error('n8n sent no n8n-auth cookie');
		this.cookie = auth;
	}
}
