/**
 * The real n8n every reliability matrix runs in: the packed package, the emulator (callbacks held back: the matrices
 * deliver callbacks themselves), a folder of case files n8n may read, and three Argos credentials:
 * the emulator one without a Callback Secret (the default setup), one with a Callback Secret, and one whose Base URL
 * is Argos on the internet (unreachable here: no request can leave the machine) for the callback-host rules.
 */
import { randomBytes } from 'crypto';

import type { ExecutionDetail, ExecutionStatus } from '../n8n';
import {
	EMULATOR_API_KEY,
	EXAMPLE_CREDENTIAL,
	startArgosStack,
	type ArgosStack,
} from '../argos-stack/argosStack';
import { pollUntil } from '../n8n/poll';
import { createCaseFolder, type CaseFolder } from './caseFiles';
import type { CaseItem, CredentialRef } from './caseWorkflows';

/** A Base URL whose host looks public to the node but cannot be resolved here (offline, and `.invalid` never is). */
const UNREACHABLE_PUBLIC_BASE_URL = 'https://argos-api.reliability.invalid/modules';
/** Emulator callbacks wait this long: the matrices cancel them (emulator.reset) and deliver their own. */
const HELD_CALLBACK_DELAY_MS = 60 * 60 * 1000;

export interface ReliabilityStack {
	argos: ArgosStack;
	files: CaseFolder;
	credentials: {
		/** The emulator, no Callback Secret: what a user gets by filling in the API key. */
		emulator: CredentialRef;
		/** The emulator with a Callback Secret. */
		withSecret: CredentialRef;
		/** Argos' public Base URL form, unreachable from here. */
		publicBaseUrl: CredentialRef;
	};
	/** The secrets the scan looks for. */
	secrets: { apiKey: string; callbackSecret: string };
	/** Every HTTP answer n8n gave a matrix (for the scan of all outputs). */
	answers: string[];
	/** Creates and publishes a workflow; returns its id. */
	publish(workflow: Record<string, unknown>): Promise<string>;
	/** POSTs `{ items }` to a case workflow's Start webhook and returns the execution once it ended or waits. */
	runCase(workflowId: string, path: string, items: CaseItem[]): Promise<ExecutionDetail>;
	countExecutions(workflowId: string, status?: ExecutionStatus[]): Promise<number>;
	/** The count once it has not changed for `quietMs` and nothing is running. */
	settledCount(workflowId: string, quietMs?: number): Promise<number>;
	stop(): Promise<void>;
}

export async function startReliabilityStack(): Promise<ReliabilityStack> {
	const files = await createCaseFolder();
	const argos = await startArgosStack({
		emulator: { callbackDelayMs: HELD_CALLBACK_DELAY_MS },
		env: { N8N_RESTRICT_FILE_ACCESS_TO: files.dir },
	});
	// n8n may be restarted (the crash matrix): always the current client
	const rest = () => argos.rest;
	const callbackSecret = `reliability-secret-${randomBytes(16).toString('hex')}`;
	const credential = async (name: string, data: Record<string, unknown>) => ({
		id: await rest().createCredential({ name, type: 'argosIdentityApi', data }),
		name,
	});
	const credentials = {
		emulator: { ...EXAMPLE_CREDENTIAL },
		withSecret: await credential('Argos (emulator, with Callback Secret)', {
			apiKey: EMULATOR_API_KEY,
			baseUrl: argos.emulator.url,
			callbackSecret,
		}),
		publicBaseUrl: await credential('Argos (public Base URL, unreachable)', {
			apiKey: EMULATOR_API_KEY,
			baseUrl: UNREACHABLE_PUBLIC_BASE_URL,
			callbackSecret: '',
		}),
	};
	const answers: string[] = [];

	const countExecutions = async (workflowId: string, status?: ExecutionStatus[]) => {
		const page = await rest().request<{ count: number }>('GET', '/rest/executions', undefined, {
			filter: JSON.stringify({ workflowId, ...(status && { status }) }),
			limit: '1',
		});
		return page.count;
	};

	return {
		argos,
		files,
		credentials,
		secrets: { apiKey: EMULATOR_API_KEY, callbackSecret },
		answers,
		async publish(workflow) {
			return (await rest().createAndActivateWorkflow(workflow)).id;
		},
		async runCase(workflowId, path, items) {
			const [previous] = await rest().listExecutions({ workflowId });
			const response = await fetch(argos.n8n.webhookUrl(path), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ items }),
			});
			answers.push(await response.text());
			if (response.status !== 200)
				throw new Error(`the case webhook ${path} answered HTTP ${response.status}`);
			return rest().waitForExecution({
				workflowId,
				afterExecutionId: previous?.id,
				status: ['success', 'error', 'waiting', 'canceled', 'crashed'],
				timeoutMs: 180_000,
			});
		},
		countExecutions,
		async settledCount(workflowId, quietMs = 2500) {
			let last = -1;
			let stableSince = Date.now();
			return pollUntil(
				async () => {
					const [count, busy] = await Promise.all([
						countExecutions(workflowId),
						countExecutions(workflowId, ['new', 'running']),
					]);
					if (count !== last || busy > 0) {
						last = count;
						stableSince = Date.now();
						return undefined;
					}
					return Date.now() - stableSince >= quietMs ? count : undefined;
				},
				{
					timeoutMs: 300_000,
					intervalMs: 500,
					description: `executions of ${workflowId} to settle`,
				},
			);
		},
		async stop() {
			await argos.stop();
			files.remove();
		},
	};
}
