/**
 * The example workflows (examples/*.json) made runnable on loopback, and what a program needs to drive them:
 * their form URLs and field labels, and where their results land.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ExecutionDetail } from '../n8n/executionTypes';
import { nodeOutput } from '../n8n/executionData';
import {
	fillAndSubmitForm,
	formUrl,
	type FormEnding,
	type FormFile,
	type FormResponse,
} from '../n8n/formSubmission';

/** The placeholder hosts the examples ship with; a user replaces them, a test points them at loopback. */
const PLACEHOLDER_HOSTS = {
	crm: 'https://crm.example.com',
	tickets: 'https://tickets.example.com',
	/** The sender's callback URL: the n8n that runs the trigger workflow. */
	n8n: 'https://your-n8n.example.com',
} as const;

type Workflow = Record<string, unknown>;
interface WorkflowNode {
	name: string;
	type: string;
	parameters: IDataObject;
	webhookId?: string;
}

/**
 * The example with its placeholder URLs pointed at loopback: the CRM and ticket system at `servicesUrl` (paths kept,
 * e.g. `<servicesUrl>/api/tickets`), the callback host at `n8nBaseUrl`. Throws if a node still names an example.com
 * URL afterwards, so a new placeholder cannot slip past the tests to a real host.
 */
export function withLoopbackHosts<T extends Workflow>(
	workflow: T,
	urls: { servicesUrl: string; n8nBaseUrl: string },
): T {
	const text = JSON.stringify(workflow)
		.split(PLACEHOLDER_HOSTS.crm)
		.join(urls.servicesUrl)
		.split(PLACEHOLDER_HOSTS.tickets)
		.join(urls.servicesUrl)
		.split(PLACEHOLDER_HOSTS.n8n)
		.join(urls.n8nBaseUrl);
	const local = JSON.parse(text) as T;
	for (const node of workflowNodes(local)) {
		if (node.type === 'n8n-nodes-base.stickyNote') continue;
		const left = JSON.stringify(node.parameters).match(/https?:\/\/[^"\s]*example\.com[^"\s]*/);
		if (left) throw new Error(`node "${node.name}" still calls a placeholder URL: ${left[0]}`);
	}
	return local;
}

function workflowNodes(workflow: Workflow): WorkflowNode[] {
	return workflow.nodes as WorkflowNode[];
}

function exampleNode(workflow: Workflow, name: string): WorkflowNode {
	const node = workflowNodes(workflow).find((candidate) => candidate.name === name);
	if (node === undefined)
		throw new Error(`the workflow "${String(workflow.name)}" has no node "${name}"`);
	return node;
}

/** The production URL of the workflow's n8n Form Trigger: its Form Path option, else its webhookId. */
export function exampleFormUrl(n8nBaseUrl: string, workflow: Workflow): string {
	const form = workflowNodes(workflow).find((node) => node.type === 'n8n-nodes-base.formTrigger');
	if (form === undefined) throw new Error(`the workflow "${String(workflow.name)}" has no form`);
	const options = (form.parameters.options ?? {}) as IDataObject;
	return formUrl(n8nBaseUrl, String(options.path ?? form.webhookId));
}

/** The production URL of a node's webhook that is not full-path (e.g. the Argos trigger): `/webhook/<webhookId>/<path>`. */
export function exampleWebhookUrl(
	n8nBaseUrl: string,
	workflow: Workflow,
	nodeName: string,
	webhookPath: string,
): string {
	const node = exampleNode(workflow, nodeName);
	if (node.webhookId === undefined) throw new Error(`node "${nodeName}" has no webhookId`);
	return `${n8nBaseUrl}/webhook/${node.webhookId}/${webhookPath}`;
}

/** What the examples' forms ask for: every form example has these two fields (see the examples' Form Trigger). */
const CASE_FORM = { reference: 'Case reference', photo: 'ID photo' } as const;

/** Submits a case to a form example (kyc-intake, async-sender, submit-and-wait) over HTTP, as a browser does. */
export async function submitCase(
	n8nBaseUrl: string,
	workflow: Workflow,
	reference: string,
	photo: FormFile,
): Promise<FormResponse> {
	return fillAndSubmitForm(exampleFormUrl(n8nBaseUrl, workflow), caseFormValues(reference, photo));
}

/** A case form's values by label. */
export function caseFormValues(
	reference: string,
	photo: FormFile,
): Record<string, string | FormFile> {
	return { [CASE_FORM.reference]: reference, [CASE_FORM.photo]: photo };
}

/** The title and message a Form Ending node shows, as its parameters set them. */
export function formEndingOf(workflow: Workflow, nodeName: string): FormEnding {
	const { parameters } = exampleNode(workflow, nodeName);
	return {
		title: String(parameters.completionTitle),
		message: String(parameters.completionMessage),
	};
}

/** Names in the KYC intake example (examples/kyc-intake.json). */
export const KYC_INTAKE = {
	file: 'kyc-intake.json',
	form: 'On form submission',
	argos: 'Argos ID Liveness',
	crm: 'Update CRM',
	ticket: 'Open review ticket',
	/** The IF that sends the node's own photo errors back to the applicant. */
	unusable: 'Photo unusable?',
	/** The form's last pages (n8n Form, Form Ending). */
	retry: 'Ask for another photo',
	received: 'Received',
	/** Where the placeholder URLs send their bodies (the path after the host). */
	crmPath: '/api/kyc-passed',
	ticketPath: '/api/tickets',
} as const;

interface CheckOutcome {
	/** Which output of the Argos node the case came out of. */
	branch: 'pass' | 'review';
	/** That item's JSON: the verdict and scores, or for a failed call the verdict, `errorType` and `error`. */
	json: IDataObject;
}

/**
 * Where one case went in a finished execution of a verdict-routed example (kyc-intake, submit-and-wait): the Argos
 * node's Pass (0) or Review (1) output. One case per execution, as a form sends one.
 */
export function routedOutcome(execution: ExecutionDetail): CheckOutcome {
	// After "Submit and Wait" resumes, n8n 2.40 keeps one run of the node: the resumed one, with the result.
	const pass = nodeOutput(execution.data, KYC_INTAKE.argos, { outputIndex: 0 });
	const review = nodeOutput(execution.data, KYC_INTAKE.argos, { outputIndex: 1 });
	if (pass.length + review.length !== 1)
		throw new Error(`expected one case, got ${pass.length} on Pass and ${review.length} on Review`);
	return pass.length === 1
		? { branch: 'pass', json: pass[0] }
		: { branch: 'review', json: review[0] };
}
