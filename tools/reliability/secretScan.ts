/**
 * Matrix 4, the secret scan: the API key, the Callback Secret and every image that entered n8n as a file (a
 * fingerprint of its base64) must appear nowhere n8n keeps or shows anything: every table of its SQLite database,
 * every other file in its user folder (logs, config; the binary-data folder `.n8n/storage` holds raw image bytes, not
 * base64, and is left out), its log, the execution data the REST API serves, and every HTTP answer n8n gave the matrices.
 * The database is read with Node 24's built-in SQLite (the n8n runtime's Node), row by row, column by column.
 */
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { callbackSigningKey } from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import type { ExecutionDetail } from '../n8n';
import type { ReliabilityStack } from './reliabilityStack';

/** A text that must be found nowhere, and what to call it in a hit. */
export interface Secret {
	what: string;
	text: string;
}

export interface ScanRow {
	place: string;
	/** What was read, e.g. "31 tables, 5,120 rows, 84 MB". */
	scanned: string;
	hits: Array<{ what: string; where: string }>;
}

/**
 * Runs in the n8n runtime's Node 24 (node:sqlite): argv = database, secrets file, columns left out ("table.column",
 * JSON); prints the result as JSON.
 */
const DATABASE_SCAN = `
const { DatabaseSync } = require('node:sqlite');
const fs = require('fs');
const [databasePath, secretsPath, skippedJson] = process.argv.slice(-3);
const secrets = JSON.parse(fs.readFileSync(secretsPath, 'utf8'));
const skipped = new Set(JSON.parse(skippedJson));
const db = new DatabaseSync(databasePath, { readOnly: true });
const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
let rows = 0;
let bytes = 0;
const hits = new Set();
for (const table of tables) {
	const statement = db.prepare('SELECT * FROM "' + table.replace(/"/g, '""') + '"');
	for (const row of statement.iterate()) {
		rows++;
		for (const [column, value] of Object.entries(row)) {
			if (value === null || value === undefined || skipped.has(table + '.' + column)) continue;
			const text = value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : String(value);
			bytes += text.length;
			for (const secret of secrets)
				if (text.includes(secret.text)) hits.add(JSON.stringify({ what: secret.what, where: table + '.' + column }));
		}
	}
}
process.stdout.write(JSON.stringify({ tables: tables.length, rows, bytes, hits: [...hits].map((h) => JSON.parse(h)) }));
`;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function findIn(text: string, secrets: Secret[], where: string): ScanRow['hits'] {
	return secrets
		.filter((secret) => text.includes(secret.text))
		.map(({ what }) => ({ what, where }));
}

/** Every column of every table, but the `skipped` ones ("table.column", each read elsewhere by the caller). */
export function scanDatabase(
	stack: ReliabilityStack,
	secrets: Secret[],
	skipped: string[] = [],
): ScanRow {
	const n8n = stack.argos.n8n;
	const databasePath = path.join(n8n.userFolder, '.n8n', 'database.sqlite');
	const secretsPath = path.join(os.tmpdir(), `reliability-secrets-${process.pid}.json`);
	writeFileSync(secretsPath, JSON.stringify(secrets), { mode: 0o600 });
	try {
		const output = execFileSync(
			n8n.node,
			['--no-warnings', '-e', DATABASE_SCAN, databasePath, secretsPath, JSON.stringify(skipped)],
			{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
		);
		const result = JSON.parse(output) as {
			tables: number;
			rows: number;
			bytes: number;
			hits: ScanRow['hits'];
		};
		return {
			place: skipped.length
				? `n8n's SQLite database (every table; ${skipped.join(', ')} read as the REST API serves it)`
				: "n8n's SQLite database (every table)",
			scanned: `${result.tables} tables, ${result.rows.toLocaleString('en')} rows, ${megabytes(result.bytes)}`,
			hits: result.hits,
		};
	} finally {
		rmSync(secretsPath, { force: true });
	}
}

/** Binary data as raw bytes (n8n 2.x: `.n8n/storage`, formerly `binaryData`), and installed packages. */
const RAW_FOLDERS = ['storage', 'binaryData', 'node_modules'];

/** Every file below the user folder but the database (scanned on its own) and the raw binary data. */
export function scanUserFolder(stack: ReliabilityStack, secrets: Secret[]): ScanRow {
	const root = stack.argos.n8n.userFolder;
	const hits: ScanRow['hits'] = [];
	let files = 0;
	let bytes = 0;
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (!RAW_FOLDERS.includes(entry.name)) walk(full);
				continue;
			}
			if (!entry.isFile() || /database\.sqlite/.test(entry.name)) continue;
			if (statSync(full).size > 256 * 1024 * 1024) continue;
			const text = readFileSync(full).toString('latin1');
			files++;
			bytes += text.length;
			hits.push(...findIn(text, secrets, path.relative(root, full)));
		}
	};
	walk(root);
	return {
		place: "n8n's user folder (log, config, every file but the database and raw binary data)",
		scanned: `${files} files, ${megabytes(bytes)}`,
		hits,
	};
}

/**
 * The run data of every workflow's newest executions (up to 100 each), as the REST API serves it to the editor, or
 * what `view` leaves of each (the personal-data scan cuts out the one place its values belong).
 */
export async function scanExecutions(
	stack: ReliabilityStack,
	secrets: Secret[],
	view: (execution: ExecutionDetail) => unknown = (execution) => execution,
): Promise<ScanRow> {
	const rest = stack.argos.rest;
	const workflows = await rest.request<Array<{ id: string }> | { data: Array<{ id: string }> }>(
		'GET',
		'/rest/workflows',
	);
	const list = Array.isArray(workflows) ? workflows : workflows.data;
	const hits: ScanRow['hits'] = [];
	let executions = 0;
	let bytes = 0;
	for (const { id } of list) {
		for (const summary of await rest.listExecutions({ workflowId: id })) {
			const text = JSON.stringify(view(await rest.getExecution(summary.id)));
			executions++;
			bytes += text.length;
			hits.push(...findIn(text, secrets, `execution ${summary.id}`));
		}
	}
	return {
		place: 'execution data served by the REST API (newest 100 per workflow)',
		scanned: `${executions} executions of ${list.length} workflows, ${megabytes(bytes)}`,
		hits,
	};
}

export function scanAnswers(stack: ReliabilityStack, secrets: Secret[]): ScanRow {
	const hits: ScanRow['hits'] = [];
	stack.answers.forEach((text, index) => hits.push(...findIn(text, secrets, `answer ${index}`)));
	return {
		place: 'HTTP answers n8n gave the matrices',
		scanned: `${stack.answers.length.toLocaleString('en')} answers`,
		hits,
	};
}

export async function scanForSecrets(
	stack: ReliabilityStack,
	secrets: Secret[],
): Promise<ScanRow[]> {
	return [
		scanDatabase(stack, secrets),
		scanUserFolder(stack, secrets),
		await scanExecutions(stack, secrets),
		scanAnswers(stack, secrets),
	];
}

/**
 * The API key, the Callback Secret, the signing key derived from the API key (links are signed with it when the
 * credential has no secret), and a fingerprint of every image that entered n8n as a file.
 */
export function secretsOf(stack: ReliabilityStack): Secret[] {
	return [
		{ what: 'the API key', text: stack.secrets.apiKey },
		{ what: 'the Callback Secret', text: stack.secrets.callbackSecret },
		{
			what: 'the signing key derived from the API key',
			text: callbackSigningKey({ apiKey: stack.secrets.apiKey })!,
		},
		...stack.files.fingerprints(),
	];
}
