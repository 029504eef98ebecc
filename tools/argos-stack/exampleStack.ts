/**
 * The example workflows imported into a real n8n with the packed package and the emulator, their placeholder URLs
 * pointed at loopback (a capture server for the CRM and ticket system, n8n itself for callbacks), and published.
 */
import * as path from 'path';

import {
	exampleFiles,
	readExample,
	startArgosStack,
	type ArgosStack,
	type ArgosStackOptions,
} from './argosStack';
import { startCaptureServer, type CaptureServer } from '../n8n/captureServer';
import { caseFormValues, exampleFormUrl, withLoopbackHosts } from './exampleWorkflows';
import type { ExecutionDetail } from '../n8n/executionTypes';
import {
	fillAndSubmitForm,
	formFileFrom,
	type FormFile,
	type FormResponse,
} from '../n8n/formSubmission';
import { getFreePort } from '../n8n/freePort';
import { repoRoot } from '../n8n/paths';

export interface ExampleStack {
	stack: ArgosStack;
	/** Receives what the examples send to the CRM and the ticket system. */
	services: CaptureServer;
	/** The examples as imported (placeholders replaced), by file name. */
	workflows: Record<string, Record<string, unknown>>;
	/** Their workflow ids in n8n, by file name. */
	workflowIds: Record<string, string>;
	/** Every photo submitted so far, to look for leaks afterwards. */
	submittedPhotos: FormFile[];
	/**
	 * Submits a case to the example's form (a sample image by file name) and resolves with the execution it started
	 * once that reaches `status` ('success' by default; 'waiting' for Submit and Wait).
	 */
	submit(
		file: string,
		reference: string,
		sample: string,
		status?: 'success' | 'waiting',
	): Promise<ExecutionDetail>;
	/**
	 * Fills an example's form by its labels (files as FormFile) and submits it, resolving with what the form answered
	 * and the execution it started once that reaches `status`.
	 */
	submitFormAndRead(
		file: string,
		valuesByLabel: Record<string, string | FormFile>,
		status?: 'success' | 'waiting',
	): Promise<{ answer: FormResponse; execution: ExecutionDetail }>;
	/** As submit(), with what the form answered: the page the applicant sees (FormResponse.ending, if any). */
	submitAndRead(
		file: string,
		reference: string,
		sample: string,
		status?: 'success' | 'waiting',
	): Promise<{ answer: FormResponse; execution: ExecutionDetail }>;
	/** The newest execution id of an example's workflow ('0' if none), to wait for the next one. */
	newestExecutionId(file: string): Promise<string>;
	stop(): Promise<void>;
}

export function samplePath(fileName: string): string {
	return path.join(repoRoot, 'samples', fileName);
}

/** Starts everything with all of examples/ (or `files`) imported and published. Stop it with stop(). */
export async function startExampleStack(
	options: Omit<ArgosStackOptions, 'workflows' | 'port'> & { files?: string[] } = {},
): Promise<ExampleStack> {
	const files = options.files ?? exampleFiles();
	const services = await startCaptureServer();
	let stack: ArgosStack | undefined;
	try {
		// The port is chosen first so the sender's callback URL can name this n8n before it is imported.
		const port = await getFreePort();
		const urls = { servicesUrl: services.url, n8nBaseUrl: `http://127.0.0.1:${port}` };
		const workflows = Object.fromEntries(
			files.map((file) => [file, withLoopbackHosts(readExample(file), urls)]),
		);
		stack = await startArgosStack({
			...options,
			port,
			workflows: files.map((file) => workflows[file]),
		});
		const started = stack;
		const workflowIds = Object.fromEntries(
			files.map((file, index) => [file, started.workflowIds[index]]),
		);
		for (const file of files) await started.rest.activateWorkflow(workflowIds[file]);

		const submittedPhotos: FormFile[] = [];
		const newestExecutionId = async (file: string): Promise<string> =>
			String(await started.rest.newestExecutionId(workflowIds[file]));
		const submitFormAndRead: ExampleStack['submitFormAndRead'] = async (
			file,
			valuesByLabel,
			status = 'success',
		) => {
			const before = await newestExecutionId(file);
			for (const value of Object.values(valuesByLabel))
				if (typeof value !== 'string') submittedPhotos.push(value);
			const answer = await fillAndSubmitForm(
				exampleFormUrl(started.n8n.baseUrl, workflows[file]),
				valuesByLabel,
			);
			if (answer.status !== 200)
				throw new Error(
					`the form of ${file} answered HTTP ${answer.status}: ${answer.text.slice(0, 300)}`,
				);
			const execution = await started.rest.waitForExecution({
				workflowId: workflowIds[file],
				afterExecutionId: before,
				status,
				timeoutMs: 60_000,
			});
			return { answer, execution };
		};
		const submitAndRead: ExampleStack['submitAndRead'] = (file, reference, sample, status) =>
			submitFormAndRead(file, caseFormValues(reference, formFileFrom(samplePath(sample))), status);
		return {
			stack: started,
			services,
			workflows,
			workflowIds,
			submittedPhotos,
			newestExecutionId,
			submitFormAndRead,
			submitAndRead,
			async submit(file, reference, sample, status) {
				return (await submitAndRead(file, reference, sample, status)).execution;
			},
			async stop() {
				await started.stop();
				await services.close();
			},
		};
	} catch (error) {
		await stack?.stop();
		await services.close();
		throw error;
	}
}
