/**
 * An error n8n's webhook layer answers with a status code (its ResponseError family):
 * the body is `{ code, message }` plus `hint`, as n8n's serializer writes it.
 */
export class WebhookHttpError extends Error {
	constructor(
		readonly statusCode: number,
		message: string,
		readonly hint?: string,
	) {
		super(message);
	}

	get body(): { code: number; message: string; hint?: string } {
		return {
			code: this.statusCode,
			message: this.message,
			...(this.hint ? { hint: this.hint } : {}),
		};
	}
}

/** n8n answers unexpected failures with 500 and code 0. */
export function internalErrorBody(message: string): { code: number; message: string } {
	return { code: 0, message };
}
