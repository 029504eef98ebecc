import { sleep, type ICredentialsDecrypted, type IExecuteFunctions } from 'n8n-workflow';

import {
	ARGOS_CREDENTIAL_TYPE,
	ARGOS_PRODUCTION_BASE_URL,
} from '../../../credentials/ArgosIdentityApi.credentials';
import type { ArgosApi } from '../../resultsAndCallbacks/argosErrors';
import { callbackSigningKey } from '../../resultsAndCallbacks/callbackSignature';
import { decryptedCredential } from '../../resultsAndCallbacks/n8nInternals';
import type { ItemOptions } from '../description/parameters';
import { governorFor, type RequestGovernor } from './requestGovernor';
import type { RetryPolicy } from './retryTiming';

/** The Argos account of a run: its credential, read once per node run (one context serves every item of a run). */
interface ArgosAccount {
	baseUrl: string | undefined;
	credential: ICredentialsDecrypted;
	/** The key callback links are signed with, when the credential has a Callback Secret. */
	callbackSecret?: string;
	/** The API key and callback secret: cut from any Argos' text copied into an error. */
	secrets: string[];
	/** The account's request governor, shared by every execution of this n8n process. */
	governor: RequestGovernor;
}

const accounts = new WeakMap<IExecuteFunctions, Promise<ArgosAccount>>();

export function readArgosAccount(context: IExecuteFunctions): Promise<ArgosAccount> {
	let account = accounts.get(context);
	if (!account) {
		account = context
			.getCredentials<{ apiKey?: string; baseUrl?: string; callbackSecret?: string }>(
				ARGOS_CREDENTIAL_TYPE,
			)
			.then((data) => ({
				baseUrl: data.baseUrl,
				credential: decryptedCredential(context, ARGOS_CREDENTIAL_TYPE, data),
				callbackSecret: callbackSigningKey(data),
				secrets: [data.apiKey, data.callbackSecret].filter((secret): secret is string => !!secret),
				// One governor per account (base URL and key), named by its ID Liveness URL and shared by every API: Argos
				// does not say whether its limit is per API (docs/ARGOS-API.md).
				governor: governorFor(apiUrl(data.baseUrl, 'document'), String(data.apiKey ?? ''), {
					now: Date.now,
					sleep,
				}),
			}));
		accounts.set(context, account);
	}
	return account;
}

/** How a run's requests reach Argos: its account, and the timeout, retries and bounds of the run's options. */
export interface ArgosConnection extends ArgosAccount {
	timeoutMs: number;
	/** For server and network errors; a rate limit is left to the governor. */
	retry: RetryPolicy;
	/** The "Max Concurrent Requests" option: an upper bound on the governor's limit. */
	maxConcurrent: number;
	/** How long one item may keep being rate-limited before it fails. */
	maxRateLimitWaitMs: number;
}

/** The run's connection; `options` are the checked options of one item (the first that could be prepared). */
export async function connectToArgos(
	context: IExecuteFunctions,
	options: ItemOptions,
): Promise<ArgosConnection> {
	return {
		...(await readArgosAccount(context)),
		timeoutMs: options.timeoutSeconds * 1000,
		retry: {
			maxRetries: options.maxRetries,
			baseDelayMs: 1000,
			maxDelayMs: options.maxRetryWaitSeconds * 1000,
		},
		maxConcurrent: options.concurrency,
		maxRateLimitWaitMs: options.maxRateLimitWaitSeconds * 1000,
	};
}

/** Falls back to production when the credential has no base URL, and tolerates a trailing slash. */
export function apiUrl(baseUrl: string | undefined, api: ArgosApi): string {
	return `${(baseUrl || ARGOS_PRODUCTION_BASE_URL).replace(/\/+$/, '')}/${api}`;
}
