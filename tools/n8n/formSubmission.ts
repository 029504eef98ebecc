import { readFileSync } from 'fs';
import * as path from 'path';

import { pollUntil } from './poll';

/** A file to upload, as a browser's file input holds it. */
export interface FormFile {
	fileName: string;
	mimeType: string;
	bytes: Buffer;
}

type FormValue = string | FormFile;

export interface FormResponse {
	status: number;
	text: string;
	/** The last page's title and message when the workflow ends the form with an n8n Form node's "Form Ending". */
	ending?: FormEnding;
}

export interface FormEnding {
	title: string;
	message: string;
}

/** A production form URL in n8n 2.x: `<base>/form/<path>` (N8N_ENDPOINT_FORM), not `/webhook/`. */
export function formUrl(n8nBaseUrl: string, formPath: string): string {
	return `${n8nBaseUrl}/form/${formPath.replace(/^\//, '')}`;
}

/** A file from disk with the MIME type a browser would give it (from its extension; the content may say otherwise). */
export function formFileFrom(filePath: string): FormFile {
	const types: Record<string, string> = {
		'.jpg': 'image/jpeg',
		'.jpeg': 'image/jpeg',
		'.png': 'image/png',
		'.gif': 'image/gif',
		'.txt': 'text/plain',
	};
	return {
		fileName: path.basename(filePath),
		mimeType: types[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream',
		bytes: readFileSync(filePath),
	};
}

/**
 * GETs the form page and maps each field's label to its input name. n8n's Form Trigger names inputs by position
 * (`field-0`, `field-1`, ...) whatever their "Field Name"; the Field Name only names the output (JSON key, binary
 * property). Reading the page, as a person would, keeps a test from depending on the order.
 */
export async function readFormFields(url: string): Promise<Record<string, string>> {
	const response = await fetch(url);
	const html = await response.text();
	if (response.status !== 200)
		throw new Error(`GET ${url}: HTTP ${response.status} ${html.slice(0, 300)}`);
	const fields: Record<string, string> = {};
	for (const match of html.matchAll(
		/<label class='form-label[^']*' for='(field-\d+)'>([^<]*)<\/label>/g,
	))
		fields[match[2].trim()] = match[1];
	if (Object.keys(fields).length === 0) throw new Error(`no form fields found on ${url}`);
	return fields;
}

/**
 * POSTs multipart/form-data to the form's URL, as the page's script does (`fetch(location.search, { method: 'POST',
 * body: formData })`): inputs by name, a file with its name and type. Answered when the workflow has finished if the
 * form's "Respond When" is "Workflow Finishes", else at once. When the workflow has n8n Form nodes after the
 * trigger, n8n answers at once with `{ formWaitingUrl }` and the script goes on to the page the workflow reaches
 * (followToFormPage): the answer is then that page.
 */
async function submitForm(url: string, values: Record<string, FormValue>): Promise<FormResponse> {
	const body = new FormData();
	for (const [name, value] of Object.entries(values)) {
		if (typeof value === 'string') body.append(name, value);
		else body.append(name, new Blob([value.bytes], { type: value.mimeType }), value.fileName);
	}
	const response = await fetch(url, { method: 'POST', body });
	const text = await response.text();
	const waitingUrl = formWaitingUrlIn(text);
	if (response.status !== 200 || waitingUrl === undefined) return { status: response.status, text };
	return followToFormPage(waitingUrl);
}

function formWaitingUrlIn(text: string): URL | undefined {
	try {
		const { formWaitingUrl } = JSON.parse(text) as { formWaitingUrl?: unknown };
		return typeof formWaitingUrl === 'string' ? new URL(formWaitingUrl) : undefined;
	} catch {
		return undefined;
	}
}

/** The statuses n8n's form page stops asking at (form-trigger.handlebars' checkExecutionStatus). */
const FINAL_STATUSES = ['form-waiting', 'success', 'error', 'canceled', 'crashed', 'null'];

/**
 * What the form page's script does after `{ formWaitingUrl }`: asks `<formWaitingUrl>/n8n-execution-status` until
 * the execution waits at a Form node ("form-waiting"), then loads that page. A Form Ending's page POSTs back at once,
 * which lets the execution finish; so does this. Throws if the execution ended without reaching a form page.
 */
async function followToFormPage(waitingUrl: URL): Promise<FormResponse> {
	const statusUrl = new URL(waitingUrl);
	statusUrl.pathname += '/n8n-execution-status';
	const status = await pollUntil(
		async () => {
			const text = (await (await fetch(statusUrl)).text()).trim();
			return FINAL_STATUSES.includes(text) ? text : undefined;
		},
		{ timeoutMs: 60_000, description: `the form page of ${waitingUrl.pathname}` },
	);
	if (status !== 'form-waiting')
		throw new Error(
			`the execution behind ${waitingUrl.pathname} ended "${status}" on no form page`,
		);
	const page = await fetch(waitingUrl);
	const text = await page.text();
	const ending = readFormEnding(text);
	if (ending !== undefined) {
		const resumed = await fetch(waitingUrl, { method: 'POST' });
		if (resumed.status !== 200)
			throw new Error(`the form ending's POST got HTTP ${resumed.status}: ${await resumed.text()}`);
	}
	return { status: page.status, text, ending };
}

/** The title and message of n8n's form ending page (form-trigger-completion.handlebars), as a person reads them. */
function readFormEnding(html: string): FormEnding | undefined {
	const match = html.match(/<div class='header'>\s*<h1>([\s\S]*?)<\/h1>\s*<p[^>]*>([\s\S]*?)<\/p>/);
	// A next form page has a header too, inside its <form>.
	if (!match || html.includes('<form')) return undefined;
	return { title: htmlText(match[1]), message: htmlText(match[2]) };
}

function htmlText(html: string): string {
	const entities: Record<string, string> = {
		amp: '&',
		lt: '<',
		gt: '>',
		quot: '"',
		'#39': "'",
		'#x27': "'",
		'#x3D': '=',
		'#x60': '`',
	};
	return html
		.replace(/<[^>]*>/g, '')
		.replace(/&(#?\w+);/g, (entity, name: string) => entities[name] ?? entity)
		.trim();
}

/** Fills the form by its labels (e.g. { 'Case reference': 'CRM-1', 'ID photo': file }) and submits it. */
export async function fillAndSubmitForm(
	url: string,
	valuesByLabel: Record<string, FormValue>,
): Promise<FormResponse> {
	const fields = await readFormFields(url);
	const values: Record<string, FormValue> = {};
	for (const [label, value] of Object.entries(valuesByLabel)) {
		const name = fields[label];
		if (name === undefined)
			throw new Error(
				`the form at ${url} has no field "${label}"; it has ${Object.keys(fields).join(', ')}`,
			);
		values[name] = value;
	}
	return submitForm(url, values);
}
