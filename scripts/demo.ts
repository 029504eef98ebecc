/**
 * npm run demo: builds nothing itself (the npm script builds first), then starts the Argos emulator and a real n8n
 * headless with the packed package, and runs two examples through their forms, printing what came out with the form's
 * last page as the applicant sees it: examples/kyc-intake.json on each sample ID photo, then
 * examples/kyc-decision.json (four checks, one decision) on each sample applicant. It stops what it started.
 */
import * as path from 'path';

import { writeFamilySamples } from '../emulator/family/familySamples';
import { writeSampleImages } from '../emulator/sampleImages';
import { scoresOf } from '../tools/argos-stack/argosOutput';
import { startExampleStack, type ExampleStack } from '../tools/argos-stack/exampleStack';
import {
	APPLICANTS,
	applicantForm,
	decisionOf,
	KYC_DECISION,
} from '../tools/argos-stack/kycApplicants';
import { nodeOutput } from '../tools/n8n/executionData';
import type { ExecutionDetail } from '../tools/n8n/executionTypes';
import { repoRoot } from '../tools/n8n/paths';

const EXAMPLE = 'kyc-intake.json';
const CHECK_NODE = 'Argos ID Liveness';
const ROUTES: Record<string, string> = {
	'Update CRM': 'Pass → CRM',
	'Open review ticket': 'Review → ticket',
	'Ask for another photo': 'Review → retry',
};
const IMAGES = [
	'genuine.jpg',
	'genuine.png',
	'screen-replay.jpg',
	'printed-copy.png',
	'portrait-swap.jpg',
	'analysis-fails.jpg',
	'too-small.jpg',
];

function row(image: string, execution: ExecutionDetail, formPage: string): string[] {
	const [pass = [], review = []] = [0, 1].map((outputIndex) =>
		nodeOutput(execution.data, CHECK_NODE, { outputIndex }),
	);
	const [result] = [...pass, ...review];
	const scores: Record<string, number> = result ? scoresOf(result) : {};
	const route = Object.keys(ROUTES).find(
		(node) => execution.data.resultData.runData[node] !== undefined,
	);
	const failed = Array.isArray(result?.failedChecks) ? result.failedChecks.join(', ') : '';
	return [
		image,
		...['screenReplay', 'paperPrinted', 'replacePortraits'].map((check) =>
			String(scores[check] ?? '–'),
		),
		// An item that was not checked has verdict "review" and an error: shown as "error".
		typeof result?.error === 'string' ? 'error' : String(result?.verdict ?? 'error'),
		route ? ROUTES[route] : '–',
		formPage,
		typeof result?.error === 'string' ? result.error : failed,
	];
}

const PHOTO_TABLE = [
	'image',
	'screen replay',
	'paper printed',
	'replace portraits',
	'verdict',
	'route',
	'form page',
	'failed checks / error',
];

function printTable(header: string[], rows: string[][]): void {
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((cells) => cells[column].length)),
	);
	const line = (cells: string[]) =>
		cells
			.map((cell, column) => cell.padEnd(widths[column]))
			.join('  ')
			.trimEnd();
	console.log(line(header));
	console.log(line(widths.map((width) => '-'.repeat(width))));
	for (const cells of rows) console.log(line(cells));
}

/** examples/kyc-decision.json on each sample applicant: one decision per applicant, with every reason. */
async function runDecisions(demo: ExampleStack): Promise<void> {
	console.log(
		`\n${KYC_DECISION.file}: an ID document and a selfie per applicant, four Argos checks, one decision.\n`,
	);
	const requestsBefore = demo.stack.emulator.requests.length;
	const rows: string[][] = [];
	for (const [index, applicant] of APPLICANTS.entries()) {
		const { answer, execution } = await demo.submitFormAndRead(
			KYC_DECISION.file,
			applicantForm(applicant, `APPLICANT-${index + 1}`),
		);
		const { decision, reasons } = decisionOf(execution);
		rows.push([applicant.who, decision, answer.ending?.title ?? '–', reasons.join(' | ') || '–']);
	}
	printTable(['applicant', 'decision', 'form page', 'reasons'], rows);
	const requests = demo.stack.emulator.requests.length - requestsBefore;
	console.log(
		`\n${APPLICANTS.length} applicants, ${requests} Argos requests in all (a photo the node refuses is never sent).`,
	);
}

async function main(): Promise<void> {
	await writeSampleImages(path.join(repoRoot, 'samples'));
	await writeFamilySamples(path.join(repoRoot, 'samples', 'family'));
	console.log(
		'Starting the Argos emulator and a real n8n with the packed package (the first run installs n8n)...',
	);
	const demo = await startExampleStack({ files: [EXAMPLE, KYC_DECISION.file] });
	try {
		console.log(
			`n8n ${demo.stack.n8n.baseUrl} is running ${EXAMPLE}; submitting each sample image through its form.\n`,
		);
		const rows: string[][] = [];
		for (const [index, image] of IMAGES.entries()) {
			const { answer, execution } = await demo.submitAndRead(EXAMPLE, `DEMO-${index + 1}`, image);
			rows.push(row(image, execution, answer.ending?.title ?? '–'));
		}
		printTable(PHOTO_TABLE, rows);
		const crm = demo.services.requestsTo('/api/kyc-passed').length;
		const tickets = demo.services.requestsTo('/api/tickets').length;
		console.log(
			`\nThe CRM received ${crm} update(s), the ticket system ${tickets} ticket(s). Scores come from the emulator (see emulator/README.md).`,
		);
		await runDecisions(demo);
	} finally {
		await demo.stop();
	}
}

void main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
