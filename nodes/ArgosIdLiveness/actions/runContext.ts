import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../transport/postDocument';
import type { RunContext } from './checkDocument';

/** Settings that hold for the whole run: the credential's base URL and callback secret, timeouts and retries. */
export async function readRunContext(context: IExecuteFunctions): Promise<RunContext> {
	const { baseUrl, callbackSecret } = await context.getCredentials<{
		baseUrl?: string;
		callbackSecret?: string;
	}>(CREDENTIAL_TYPE);
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		callbackSecret: callbackSecret || undefined,
		transport: {
			baseUrl,
			timeoutMs: Number(options.timeoutSeconds ?? 60) * 1000,
			retry: {
				maxRetries: Number(options.maxRetries ?? 3),
				baseDelayMs: 1000,
				maxDelayMs: Number(options.maxRetryWaitSeconds ?? 30) * 1000,
			},
		},
	};
}
