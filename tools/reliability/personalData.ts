/**
 * The personal-data scan: what ID Recognition reads from a document (names, birth dates, document numbers, addresses)
 * is the item's output and must be nowhere else: not in n8n's log, not in an error's message or description, not in
 * an item's summary (written to go into a ticket or a chat), not in any HTTP answer.
 *
 * The rule, and why: n8n keeps each node's output in its execution data (`execution_data.data`), so the values are
 * rightly there, and only there as the `json` of the recognition node's output items. The scan reads every place the
 * secret scan reads for each value, with that one place cut out:
 * - the execution data as the REST API serves it, with the `json` of each output item of every ID Recognition node
 *   (a node whose `resource` is idRecognition, found in the execution's own copy of the workflow) replaced by its
 *   words for people (`summary`, `error`, `message`, `description`), which must hold no value either;
 * - the database with `execution_data.data` left out: n8n stores it in its "flatted" form, where an item cannot be
 *   cut out soundly, and that column is what the REST API serves (above, each of the few executions that read
 *   documents is among the newest 100 of its workflow). Every other column of every table is read whole;
 * - the user folder (the n8n log among its files) and every HTTP answer, whole.
 * What was cut out must hold every value, or the scan would prove nothing: that is a required zero of its own.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ExecutionDetail } from '../n8n';
import { RESOURCE } from '../../package/nodes/ArgosIdLiveness/description/parameters';
import { caseWorkflow, type CaseItem } from './caseWorkflows';
import type { ReliabilityStack } from './reliabilityStack';
import {
	scanAnswers,
	scanDatabase,
	scanExecutions,
	scanUserFolder,
	type ScanRow,
	type Secret,
} from './secretScan';

/** The documents read, from samples/family: Ada's licence with its back, Cy's expired passport, Dee's identity card. */
const DOCUMENTS: Array<{ front: string; back?: string; idType: string }> = [
	{ front: 'id-ada.jpg', back: 'id-ada-back.jpg', idType: 'drivers_license' },
	{ front: 'id-cy-expired.jpg', idType: 'passport' },
	{ front: 'id-dee-minor.png', idType: 'government_id' },
];
/** Ada's front with a back Argos cannot read (1012): an error item, and without "On Error" a stopped run. */
const FAILING_DOCUMENT = {
	front: 'id-ada.jpg',
	back: 'id-back-unreadable.jpg',
	idType: 'drivers_license',
};

/** The document fields that are personal data, as the samples' markers write them. */
const PERSONAL_FIELDS = ['fullName', 'number', 'birthDate', 'address'] as const;
/** An output item's words for people: kept by the cut, so a value in them is a hit. */
const WORD_FIELDS = ['summary', 'error', 'message', 'description'];

export interface PersonalDataResults {
	/** Every value looked for (in each of its spellings), e.g. "fullName of id-ada.jpg". */
	values: number;
	/** Values the cut-out output did not hold: each makes the scan prove nothing about it. */
	notInOutput: string[];
	rows: ScanRow[];
}

/** A birth date as the document writes it (`19780923`, `2015.05.20`) and as the node gives it (`1978-09-23`). */
function spellings(field: string, text: string): string[] {
	const digits = text.replace(/\D/g, '');
	if (field !== 'birthDate' || digits.length !== 8) return [text];
	const iso = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
	return [...new Set([text, iso])];
}

/** One value of a document: whose and which field, in each spelling it may take. */
interface PersonalValue {
	what: string;
	spellings: string[];
}

/** The personal values of the documents read. */
function personalValues(stack: ReliabilityStack): PersonalValue[] {
	const files = [...DOCUMENTS, FAILING_DOCUMENT].flatMap((document) =>
		document.back ? [document.front, document.back] : [document.front],
	);
	return [...new Set(files)].flatMap((file) => {
		const marker = stack.files.familySample(file).manifest.marker as Record<string, unknown>;
		return PERSONAL_FIELDS.filter((field) => typeof marker[field] === 'string').map((field) => ({
			what: `${field} of ${file}`,
			spellings: spellings(field, marker[field] as string),
		}));
	});
}

function documentItem(stack: ReliabilityStack, document: (typeof DOCUMENTS)[number]): CaseItem {
	const front = stack.files.familySample(document.front);
	const back = document.back && stack.files.familySample(document.back);
	const write = (name: string, content: Buffer) =>
		stack.files.write(`personal-data/${name}`, content, name).path;
	const frontPath = write(document.front, front.content);
	const nationality = (front.manifest.marker as { nationality?: string }).nationality ?? 'USA';
	return {
		file: frontPath,
		// The Read Second node reads a file for every item; an empty back field sends none.
		second: back ? write(back.fileName, back.content) : frontPath,
		p: {
			issuingCountry: nationality,
			idType: document.idType,
			minimumAge: 18,
			...(!back && { backBinaryPropertyName: '' }),
		},
	};
}

/** Runs the documents through ID Recognition: once with "On Error: continue", once stopped by the unreadable back. */
export async function readDocuments(stack: ReliabilityStack): Promise<void> {
	const runs = [
		{
			path: 'rel-personal-data',
			onError: 'continueRegularOutput' as const,
			documents: [...DOCUMENTS, FAILING_DOCUMENT],
		},
		{ path: 'rel-personal-data-stopped', onError: undefined, documents: [FAILING_DOCUMENT] },
	];
	for (const run of runs) {
		const workflowId = await stack.publish(
			caseWorkflow({
				name: `Reliability: read documents (${run.onError ?? 'stop on error'})`,
				path: run.path,
				mode: 'waitForResult',
				imageSource: 'binary',
				credential: stack.credentials.emulator,
				resource: RESOURCE.idRecognition,
				onError: run.onError,
			}),
		);
		const execution = await stack.runCase(
			workflowId,
			run.path,
			run.documents.map((document) => documentItem(stack, document)),
		);
		const expected = run.onError ? 'success' : 'error';
		if (execution.status !== expected)
			throw new Error(`reading documents: execution ${execution.id} ${execution.status}`);
	}
	stack.argos.emulator.reset();
}

/**
 * The execution with the `json` of every ID Recognition node's output items cut down to its words for people, and
 * what was cut out (as JSON texts).
 */
export function cutRecognitionOutput(execution: ExecutionDetail): {
	view: ExecutionDetail;
	cut: string[];
} {
	const view = structuredClone(execution);
	const cut: string[] = [];
	const recognitionNodes = view.workflowData.nodes
		.filter(
			(node) => (node.parameters as IDataObject | undefined)?.resource === RESOURCE.idRecognition,
		)
		.map((node) => String(node.name));
	for (const name of recognitionNodes) {
		for (const run of view.data.resultData.runData[name] ?? []) {
			const outputs = (run.data?.main ?? []) as Array<INodeExecutionData[] | null>;
			for (const item of outputs.flatMap((output) => output ?? [])) {
				cut.push(JSON.stringify(item.json));
				item.json = Object.fromEntries(
					Object.entries(item.json).filter(([field]) => WORD_FIELDS.includes(field)),
				);
			}
		}
	}
	return { view, cut };
}

/** Scans every place but the recognition output for each value; checks that the output holds each. */
export async function scanForPersonalData(stack: ReliabilityStack): Promise<PersonalDataResults> {
	const values = personalValues(stack);
	const texts: Secret[] = values.flatMap(({ what, spellings }) =>
		spellings.map((text) => ({ what, text })),
	);
	const cut: string[] = [];
	const executions = await scanExecutions(stack, texts, (execution) => {
		const result = cutRecognitionOutput(execution);
		cut.push(...result.cut);
		return result.view;
	});
	const output = cut.join('\n');
	return {
		values: values.length,
		notInOutput: values
			.filter((value) => !value.spellings.some((text) => output.includes(text)))
			.map((value) => value.what),
		rows: [
			scanDatabase(stack, texts, ['execution_data.data']),
			scanUserFolder(stack, texts),
			{
				...executions,
				place: `${executions.place}, without the ID Recognition output (its words for people kept)`,
			},
			scanAnswers(stack, texts),
		],
	};
}
