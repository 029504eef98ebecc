import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { interpretKeyProbe } from '../../shared/keyProbe';
import { documentUrl } from './postDocument';

/** n8n's credential test context offers only the legacy request helper, so this is the one place that uses it. */
export async function testApiKey(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const { apiKey, baseUrl } = (credential.data ?? {}) as { apiKey?: string; baseUrl?: string };
	try {
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions -- the only HTTP helper a credential test gets
		const response = (await this.helpers.request({
			method: 'POST',
			uri: documentUrl(baseUrl),
			headers: { 'x-api-key': apiKey ?? '' },
			body: {},
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: 20_000,
		})) as { statusCode: number; body: unknown };
		return interpretKeyProbe(response.statusCode, response.body);
	} catch (error) {
		const code = (error as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
		return {
			status: 'Error',
			message: `Could not reach Argos at ${documentUrl(baseUrl)}${typeof code === 'string' ? ` (${code})` : ''}. Check the Base URL and that this n8n can reach it.`,
		};
	}
}
