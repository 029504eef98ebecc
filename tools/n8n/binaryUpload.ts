import axios, { type AxiosResponse } from 'axios';
import { randomBytes } from 'crypto';

/** A file as a client uploads it to an n8n Webhook. */
export interface UploadFile {
	fileName: string;
	mimeType: string;
	content: Buffer;
}

/**
 * POSTs the file as `multipart/form-data` under `field`, as an HTML form or `curl -F` would.
 */
export async function postMultipartFile(
	url: string,
	field: string,
	file: UploadFile,
): Promise<AxiosResponse> {
	return postMultipartFiles(url, [{ field, file }]);
}

/**
 * POSTs several files in one `multipart/form-data` body, each under its own field (`curl -F a=@x -F b=@y`).
 * Built by hand (no form library among the dev dependencies), with a random boundary that cannot occur in a file.
 */
export async function postMultipartFiles(
	url: string,
	parts: Array<{ field: string; file: UploadFile }>,
): Promise<AxiosResponse> {
	const boundary = `----argos-e2e-${randomBytes(12).toString('hex')}`;
	const body = Buffer.concat([
		...parts.flatMap(({ field, file }) => [
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.fileName}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`,
			),
			file.content,
			Buffer.from('\r\n'),
		]),
		Buffer.from(`--${boundary}--\r\n`),
	]);
	return axios.post(url, body, {
		headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
		validateStatus: () => true,
		maxBodyLength: Infinity,
	});
}

/**
 * POSTs the file as the raw request body (`curl --data-binary @photo.png -H 'content-type: image/png'`).
 * The Content-Disposition header carries the file name, which n8n's Webhook node keeps.
 */
export async function postRawFile(url: string, file: UploadFile): Promise<AxiosResponse> {
	return axios.post(url, file.content, {
		headers: {
			'content-type': file.mimeType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
		},
		validateStatus: () => true,
	});
}
