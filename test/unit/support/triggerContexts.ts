/**
 * Stand-ins for the contexts n8n hands the trigger, as n8n's own trigger tests build them (a mocked
 * IWebhookFunctions with a mocked Express response, packages/nodes-base/nodes/** /test/*Trigger*.test.ts), written
 * out by hand with just what the trigger calls. The response records what was answered, and end() is what n8n
 * calls to answer (also after a run).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	WorkflowExecuteMode,
} from 'n8n-workflow';

interface RecordedResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
	ended: boolean;
	status(code: number): RecordedResponse;
	setHeader(name: string, value: string): RecordedResponse;
	json(body: unknown): RecordedResponse;
	end(): RecordedResponse;
}

export function recordedResponse(): RecordedResponse {
	const response: RecordedResponse = {
		statusCode: 200,
		headers: {},
		body: undefined,
		ended: false,
		status(code) {
			response.statusCode = code;
			return response;
		},
		setHeader(name, value) {
			response.headers[name.toLowerCase()] = value;
			return response;
		},
		// as Express: json() sends, and sending ends the response
		json(body) {
			response.body = body;
			return response.end();
		},
		end() {
			response.ended = true;
			return response;
		},
	};
	return response;
}

export interface TriggerSetup {
	workflowId: string;
	nodeId: string;
	webhookId: string;
	credentialId?: string;
	credentials: { apiKey?: string; callbackSecret?: string };
	/** The workflow's static data as saved (the trigger node's part). */
	saved: IDataObject;
	options?: IDataObject;
	failedAnalyses?: string;
	/** How often getCredentials was called. */
	credentialReads: number;
}

export function triggerSetup(workflowId: string, credentials: TriggerSetup['credentials']) {
	const setup: TriggerSetup = {
		workflowId,
		nodeId: `${workflowId}-trigger`,
		webhookId: `${workflowId}-webhook`,
		credentialId: `${workflowId}-credential`,
		credentials,
		saved: {},
		credentialReads: 0,
	};
	return setup;
}

/** A webhook call: the request's query and body, n8n's mode, and a fresh response. */
export function webhookContext(
	setup: TriggerSetup,
	request: { query: IDataObject; body: unknown; mode?: WorkflowExecuteMode },
): { context: IWebhookFunctions; response: RecordedResponse; staticData: IDataObject } {
	const response = recordedResponse();
	// n8n reads static data from the database for every call: a copy, so the test sees what a call would change
	const staticData = JSON.parse(JSON.stringify(setup.saved)) as IDataObject;
	const context = {
		getNodeParameter: (name: string, fallback: unknown) =>
			({ options: setup.options, failedAnalyses: setup.failedAnalyses })[name] ?? fallback,
		getQueryData: () => request.query,
		getBodyData: () => request.body,
		getHeaderData: () => ({}),
		getResponseObject: () => response,
		getCredentials: async () => {
			setup.credentialReads++;
			return setup.credentials;
		},
		getNode: () => ({
			id: setup.nodeId,
			name: 'Argos ID Liveness Trigger',
			webhookId: setup.webhookId,
			credentials:
				setup.credentialId === undefined
					? undefined
					: { argosIdentityApi: { id: setup.credentialId, name: 'Argos' } },
		}),
		getWorkflow: () => ({ id: setup.workflowId, name: 'callbacks', active: true }),
		getMode: () => request.mode ?? 'webhook',
		getWorkflowStaticData: () => staticData,
		logger: { warn: () => {} },
	};
	return { context: context as unknown as IWebhookFunctions, response, staticData };
}

/** What n8n passes to a run's 'workflowExecuteAfter' handlers. */
type RunEndHandler = (run: unknown, newStaticData?: IDataObject) => unknown;

/**
 * The trigger's execute() in the run a webhook call started: its input is what webhook() returned, its static data
 * what was saved. n8n's 'workflowExecuteAfter' handlers hold, as in n8n, the one that saves the run's static data
 * (as it is then, when given: `setup.saved`).
 */
export function runContext(
	setup: TriggerSetup,
	input: INodeExecutionData[][],
	mode: WorkflowExecuteMode = 'webhook',
): { context: IExecuteFunctions; staticData: IDataObject; handlers: RunEndHandler[] } {
	const staticData = JSON.parse(JSON.stringify(setup.saved)) as IDataObject;
	const saveStaticData: RunEndHandler = (_run, newStaticData) => {
		if (newStaticData) setup.saved = JSON.parse(JSON.stringify(newStaticData)) as IDataObject;
	};
	const handlers: RunEndHandler[] = [saveStaticData];
	const context = {
		getExecuteData: () => ({ data: { main: input } }),
		getMode: () => mode,
		getWorkflow: () => ({ id: setup.workflowId, name: 'callbacks', active: true }),
		getNode: () => ({ id: setup.nodeId, name: 'Argos ID Liveness Trigger' }),
		getWorkflowStaticData: () => staticData,
		additionalData: { hooks: { handlers: { workflowExecuteAfter: handlers } } },
	};
	return { context: context as unknown as IExecuteFunctions, staticData, handlers };
}

/** n8n ending a run: its 'workflowExecuteAfter' handlers in order, with the static data unless cancelled. */
export async function endRun(
	run: ReturnType<typeof runContext>,
	outcome: 'ended' | 'cancelled' = 'ended',
): Promise<void> {
	for (const handler of run.handlers)
		await handler({}, outcome === 'ended' ? run.staticData : undefined);
}
