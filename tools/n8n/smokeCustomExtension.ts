import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';

/**
 * Writes a tiny custom extension (one node, one credential, plain JavaScript) into `dir`, shaped like a built
 * community package: n8n loads every `*.node.js` / `*.credentials.js` below N8N_CUSTOM_EXTENSIONS, taking the class
 * name from the file name. The node becomes `CUSTOM.smokeHello`; the credential keeps its name, `smokeHelloApi`.
 */
export function writeSmokeExtension(dir: string): void {
	mkdirSync(path.join(dir, 'dist', 'nodes'), { recursive: true });
	mkdirSync(path.join(dir, 'dist', 'credentials'), { recursive: true });
	writeFileSync(path.join(dir, 'dist', 'nodes', 'SmokeHello.node.js'), nodeSource);
	writeFileSync(
		path.join(dir, 'dist', 'credentials', 'SmokeHelloApi.credentials.js'),
		credentialSource,
	);
}

const nodeSource = `'use strict';
class SmokeHello {
	description = {
		displayName: 'Smoke Hello',
		name: 'smokeHello',
		group: ['transform'],
		version: 1,
		description: 'Greets',
		defaults: { name: 'Smoke Hello' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Who', name: 'who', type: 'string', default: 'world' }],
	};
	async execute() {
		return [this.getInputData().map((_item, i) => ({ json: { hello: this.getNodeParameter('who', i) } }))];
	}
}
module.exports = { SmokeHello };
`;

/** Its test request carries the key in a header to <baseUrl>/verify-key, as a vendor's key test would. */
const credentialSource = `'use strict';
class SmokeHelloApi {
	name = 'smokeHelloApi';
	displayName = 'Smoke Hello API';
	properties = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
	];
	authenticate = { type: 'generic', properties: { headers: { 'x-n8n-api-key': '={{ $credentials.apiKey }}' } } };
	test = { request: { baseURL: '={{ $credentials.baseUrl }}', url: '/verify-key' } };
}
module.exports = { SmokeHelloApi };
`;
