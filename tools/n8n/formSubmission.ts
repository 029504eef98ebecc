import { readFileSync } from 'fs';
import * as path from 'path';

/** A file to upload, as a browser's file input holds it. */
export interface FormFile {
	fileName: string;
	mimeType: string;
	bytes: Buffer;
}

export type FormValue = string | FormFile;

export interface FormResponse {
	status: number;
	text: string;
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
 * form's "Respond When" is "Workflow Finishes", else at once.
 */
export async function submitForm(
	url: string,
	values: Record<string, FormValue>,
): Promise<FormResponse> {
	const body = new FormData();
	for (const [name, value] of Object.entries(values)) {
		if (typeof value === 'string') body.append(name, value);
		else body.append(name, new Blob([value.bytes], { type: value.mimeType }), value.fileName);
	}
	const response = await fetch(url, { method: 'POST', body });
	return { status: response.status, text: await response.text() };
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
