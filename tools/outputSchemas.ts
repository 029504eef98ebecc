/**
 * The output schemas the package ships for n8n's editor: `nodes/ArgosIdLiveness/__schema__/v<version>/<resource>/
 * <operation>.json`, which n8n serves at `/schemas/…` (n8n-core's resolveOutputSchemaPath) and `n8n-node build`
 * copies. With them the editor shows a node's output fields before it has run, for mapping in the next node. Each
 * schema is derived from what the node's own output builders give, so it cannot drift from the output:
 * `npm run schemas` writes them, test/unit/outputSchemas.test.ts checks that they are current and complete.
 */
import * as path from 'path';

import {
	buildFaceCompareOutput,
	buildFaceLivenessOutput,
} from '../package/nodes/resultsAndCallbacks/faceResults';
import {
	buildRecognitionOutput,
	DOCUMENT_FIELDS,
} from '../package/nodes/resultsAndCallbacks/recognitionResult';
import {
	buildAcceptedOutput,
	buildResultOutput,
} from '../package/nodes/resultsAndCallbacks/resultOutput';
import { repoRoot } from './n8n/paths';

type JsonSchema =
	| { type: 'object'; properties: Record<string, JsonSchema> }
	| { type: 'array'; items?: JsonSchema }
	| { type: 'string' | 'number' | 'boolean' };

/** The JSON Schema of one value, as n8n's own nodes write theirs (types and properties only). */
export function jsonSchemaOf(value: unknown): JsonSchema {
	if (Array.isArray(value))
		return value.length === 0
			? { type: 'array' }
			: { type: 'array', items: jsonSchemaOf(value[0]) };
	if (typeof value === 'object' && value !== null)
		return {
			type: 'object',
			properties: Object.fromEntries(
				Object.entries(value).map(([key, field]) => [key, jsonSchemaOf(field)]),
			),
		};
	if (typeof value === 'number' || typeof value === 'boolean')
		return { type: typeof value } as JsonSchema;
	return { type: 'string' };
}

const NOW = new Date('2026-12-07T12:00:00Z');

/**
 * One output per resource and operation, from the builders, with every field a result can have: a review (so
 * `failedChecks` is there) with every optional value set. Submit and Wait gives what Wait for Result gives.
 */
function sampleOutputs(): Record<string, Record<string, object>> {
	const idLiveness = buildResultOutput(
		{
			transactionId: 'txn_1',
			engineVersion: 'id_liveness@3.4.2',
			scores: { screenReplay: 12, paperPrinted: 93, replacePortraits: 94 },
		},
		{ screenReplay: 61, paperPrinted: 61, replacePortraits: 61 },
		'C-1',
	);
	const accepted = buildAcceptedOutput({
		reference: 'C-1',
		transactionId: 'txn_1',
		engineVersion: 'id_liveness@3.4.2',
		message: 'accepted',
	});
	const faceCompare = buildFaceCompareOutput(
		{
			transactionId: 'txn_1',
			shape: 'similarity',
			similarity: 0.11,
			originFaceFound: true,
			targetFaceFound: true,
			argosIsMatch: false,
			argosThreshold: 0.8,
		},
		0.8,
		'C-1',
	);
	const document = Object.fromEntries(
		DOCUMENT_FIELDS.map((field) => [field, field.endsWith('Date') ? '2021-03-31' : 'text']),
	);
	const idRecognition = buildRecognitionOutput(
		{
			transactionId: 'txn_1',
			shape: 'data',
			fields: document,
			confidence: { fullName: 90, documentNumber: 90, address: 90, issuingAuthority: 90 },
		},
		{ reviewExpired: true, minimumAge: 18, expectedName: 'another name' },
		'C-1',
		NOW,
	);
	const synchronous = (output: object) => ({ waitForResult: output, submitAndWait: output });
	return {
		idLiveness: { ...synchronous(idLiveness), sendToCallbackUrl: accepted },
		faceLiveness: {
			waitForResult: buildFaceLivenessOutput({ transactionId: 'txn_1', score: 18 }, 61, 'C-1'),
		},
		faceCompare: { ...synchronous(faceCompare), sendToCallbackUrl: accepted },
		idRecognition: { ...synchronous(idRecognition), sendToCallbackUrl: accepted },
	};
}

/** The node version whose resources and operations have schemas (versions 1 and 2 have no resource). */
export const SCHEMA_VERSION = '3.0.0';

export const schemaDir = path.join(
	repoRoot,
	'package',
	'nodes',
	'ArgosIdLiveness',
	'__schema__',
	`v${SCHEMA_VERSION}`,
);

/** Every schema file, as its path under `schemaDir` (`<resource>/<operation>.json`) and its text. */
export function outputSchemaFiles(): Array<{ file: string; text: string }> {
	return Object.entries(sampleOutputs()).flatMap(([resource, operations]) =>
		Object.entries(operations).map(([operation, output]) => ({
			file: `${resource}/${operation}.json`,
			text: `${JSON.stringify(jsonSchemaOf(output), null, '\t')}\n`,
		})),
	);
}
