/**
 * The sample applicants of the KYC decision example (examples/kyc-decision.json): whose documents and selfies drive
 * each outcome of its four checks, and the decision each one must get. `npm run demo` prints them; the e2e suite
 * holds the example to them.
 */
import type { ExecutionDetail } from '../n8n/executionTypes';
import { nodeOutput } from '../n8n/executionData';
import { formFileFrom, type FormFile } from '../n8n/formSubmission';
import { samplePath } from './exampleStack';

/** Names in the KYC decision example. */
export const KYC_DECISION = {
	file: 'kyc-decision.json',
	checks: ['Read the ID', 'Check the ID photo', 'Check the selfie', 'Compare the faces'],
	decide: 'Decide',
	crm: 'Update CRM',
	ticket: 'Open review ticket',
	newPhotos: 'Ask for new photos',
	received: 'Received',
	crmPath: '/api/kyc-passed',
	ticketPath: '/api/tickets',
} as const;

export type Decision = 'pass' | 'review' | 'newPhotos';

export interface Applicant {
	/** Who, and what the images show. */
	who: string;
	fullName: string;
	issuingCountry: string;
	document: "Driver's license" | 'Passport' | 'Identity card';
	/** Sample file names: family/… for the Verify family's, or one of samples/ (e.g. a GIF). */
	idFront: string;
	idBack?: string;
	selfie: string;
	decision: Decision;
	/** Every reason the decision must give, in the order of the checks. */
	reasons: string[];
}

const ADA = {
	fullName: 'Ada Sample',
	issuingCountry: 'USA',
	document: "Driver's license",
	idFront: 'family/id-ada.jpg',
	idBack: 'family/id-ada-back.jpg',
	selfie: 'family/selfie-ada.jpg',
} as const;

export const APPLICANTS: Applicant[] = [
	{ who: 'Ada: a genuine licence and her live selfie', ...ADA, decision: 'pass', reasons: [] },
	{
		who: 'Ada, without the back (optional)',
		...ADA,
		idBack: undefined,
		decision: 'pass',
		reasons: [],
	},
	{
		who: 'Ada, her selfie replayed off a screen',
		...ADA,
		selfie: 'family/selfie-ada-replay.jpg',
		decision: 'review',
		reasons: ['Selfie of a live person: face liveness scored 18, below 61'],
	},
	{
		who: "Ben's selfie on Ada's licence",
		...ADA,
		selfie: 'family/selfie-ben.png',
		decision: 'review',
		reasons: ['Same face on ID and selfie: similarity 0.11, below 0.8'],
	},
	{
		who: "Ada's licence, another name on the form",
		...ADA,
		fullName: 'Ada Other',
		decision: 'review',
		reasons: ['ID document read: the name on the document differs from the expected name'],
	},
	{
		who: 'Cy: an expired passport',
		fullName: 'Cy Example',
		issuingCountry: 'GBR',
		document: 'Passport',
		idFront: 'family/id-cy-expired.jpg',
		selfie: 'family/selfie-cy.jpg',
		decision: 'review',
		reasons: ['ID document read: the document has expired'],
	},
	{
		who: 'Dee: under 18',
		fullName: 'Dee Minor Example',
		issuingCountry: 'KOR',
		document: 'Identity card',
		idFront: 'family/id-dee-minor.png',
		selfie: 'family/selfie-dee.jpg',
		decision: 'review',
		reasons: ['ID document read: the holder is younger than 18'],
	},
	{
		who: 'Ada, a selfie of an empty room',
		...ADA,
		selfie: 'family/selfie-no-face.jpg',
		decision: 'review',
		reasons: [
			'Selfie of a live person: Argos could not analyze the face (1017 Fail to analyze face)',
			'Same face on ID and selfie: no face found on the target image',
		],
	},
	{
		who: 'Ada, a GIF for a selfie',
		...ADA,
		selfie: 'animated.gif',
		decision: 'newPhotos',
		reasons: [
			'Selfie of a live person: The file is a GIF image; Argos Face Liveness accepts only JPEG, PNG or WebP',
			'Same face on ID and selfie: Target image: The file is a GIF image; Argos Face Compare accepts only JPEG, PNG or BMP',
		],
	},
];

/** The applicant's form, by its labels, as the example's Form Trigger asks. */
export function applicantForm(
	applicant: Applicant,
	reference: string,
): Record<string, string | FormFile> {
	const file = (name: string) => formFileFrom(samplePath(name));
	return {
		'Case reference': reference,
		'Full name': applicant.fullName,
		'Issuing country': applicant.issuingCountry,
		Document: applicant.document,
		'ID front': file(applicant.idFront),
		...(applicant.idBack && { 'ID back': file(applicant.idBack) }),
		Selfie: file(applicant.selfie),
	};
}

/** What the example's Decide node concluded for one applicant. */
export interface DecisionOutput {
	reference: string;
	decision: Decision;
	reasons: string[];
	document: Record<string, unknown> | null;
	transactionIds: string[];
}

export function decisionOf(execution: ExecutionDetail): DecisionOutput {
	const [decision] = nodeOutput(execution.data, KYC_DECISION.decide);
	if (decision === undefined) throw new Error(`execution ${execution.id} has no decision`);
	return decision as unknown as DecisionOutput;
}
