import {
	ageOn,
	calendarDateOf,
	isBefore,
	isoDate,
	readDocumentDate,
	sameName,
	type CalendarDate,
} from './documentFacts';
import { isRecord } from './livenessResult';
import type { RecognitionTerms } from './callbackSignature';
import { matchesNameDigest, type KeyedNameDigest } from './nameDigest';
import { withValues } from './resultOutput';
import type { Verdict } from './scoring';

type Parsed<Result> = { ok: true; result: Result } | { ok: false; problem: string };

/** The document fields the node reads, under the names its output gives them. */
export const DOCUMENT_FIELDS = [
	'fullName',
	'firstName',
	'middleName',
	'lastName',
	'birthDate',
	'gender',
	'nationality',
	'documentNumber',
	'issueDate',
	'expiryDate',
	'address',
	'issuingAuthority',
	'documentType',
	'issuingCountry',
] as const;

export type DocumentField = (typeof DOCUMENT_FIELDS)[number];

/** The fields that are dates: given out as YYYY-MM-DD when readable. */
const DATE_FIELDS: readonly DocumentField[] = ['birthDate', 'issueDate', 'expiryDate'];

/** Which documented shape Global ID Recognition answered in (docs/ARGOS-API.md): `data{raw,ocr}` or `documentInfo…`. */
export type RecognitionShape = 'data' | 'documentInfo';

/** Global ID Recognition's answer, read from either shape. */
export interface RecognitionResult {
	transactionId?: string;
	shape: RecognitionShape;
	/** The fields Argos read, as text exactly as it wrote them; a field it did not read is absent. */
	fields: Partial<Record<DocumentField, string>>;
	/** Argos' confidence (0–100) for the fields that carry one: only `raw`'s fields in the `data` shape. */
	confidence: Partial<Record<DocumentField, number>>;
	/** The legacy table's `review_front` / `review_back`: false when Argos says it could not recognise that side. */
	frontRecognised?: boolean;
	backRecognised?: boolean;
}

/** A field's text: strings as given (trimmed), numbers as written; anything else, or nothing, is not a reading. */
function text(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

const isConfidence = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;

/** `raw`'s keys, and the field each one is (the vendor's samples show these four with a value and a score). */
const RAW_FIELDS: Partial<Record<string, DocumentField>> = {
	name: 'fullName',
	number: 'documentNumber',
	address: 'address',
	authority: 'issuingAuthority',
};

/** `ocr`'s keys (`ocr_` left out), and the field each one is. */
const OCR_FIELDS: Partial<Record<string, DocumentField>> = {
	fullName: 'fullName',
	firstName: 'firstName',
	middleName: 'middleName',
	lastName: 'lastName',
	birthDate: 'birthDate',
	gender: 'gender',
	nationality: 'nationality',
	number: 'documentNumber',
	issueDate: 'issueDate',
	expireDate: 'expiryDate',
	address: 'address',
};

/** The `data { raw, ocr }` shape: `ocr_*` first (Argos' normalised reading), `raw.<key>.value` where ocr has none. */
function readDataShape(result: Record<string, unknown>, data: Record<string, unknown>) {
	const fields: RecognitionResult['fields'] = {};
	const confidence: RecognitionResult['confidence'] = {};
	const ocr = isRecord(data.ocr) ? data.ocr : {};
	for (const [key, field] of Object.entries(OCR_FIELDS)) {
		const value = text(ocr[`ocr_${key}`]);
		if (value !== undefined) fields[field!] = value;
	}
	const raw = isRecord(data.raw) ? data.raw : {};
	for (const [key, field] of Object.entries(RAW_FIELDS)) {
		const entry = raw[key];
		if (!isRecord(entry)) continue;
		fields[field!] ??= text(entry.value);
		if (fields[field!] !== undefined && isConfidence(entry.score)) confidence[field!] = entry.score;
	}
	const documentType = text(result.document_type);
	if (documentType !== undefined) fields.documentType = documentType;
	return { fields: withValues(fields), confidence };
}

/** The `documentInfo / personalInfo` shape of one copy of the vendor's page (a placeholder, read all the same). */
function readInfoShape(result: Record<string, unknown>) {
	const documentInfo = isRecord(result.documentInfo) ? result.documentInfo : {};
	const person = isRecord(result.personalInfo) ? result.personalInfo : {};
	const address = isRecord(person.address)
		? ['street', 'city', 'state', 'zipCode', 'country']
				.map((part) => text((person.address as Record<string, unknown>)[part]))
				.filter((part) => part !== undefined)
				.join(', ')
		: undefined;
	const fields = withValues({
		fullName: text(person.fullName),
		firstName: text(person.firstName),
		middleName: text(person.middleName),
		lastName: text(person.lastName),
		birthDate: text(person.dateOfBirth),
		gender: text(person.gender),
		nationality: text(person.nationality),
		documentNumber: text(documentInfo.documentNumber),
		issueDate: text(documentInfo.issueDate),
		expiryDate: text(documentInfo.expiryDate),
		address: address === '' ? undefined : address,
		issuingAuthority: text(documentInfo.issuingAuthority),
		documentType: text(documentInfo.documentType),
		issuingCountry: text(documentInfo.issuingCountry),
	});
	return { fields, confidence: {} };
}

/**
 * Reads Global ID Recognition's 200 answer (or a success callback) in either documented shape. Any field may be
 * missing, since what Argos reads depends on the document; an answer in neither shape is a problem, never a pass.
 * Problems name paths only, never a value: the values are personal data.
 */
export function parseRecognitionResult(body: unknown): Parsed<RecognitionResult> {
	if (!isRecord(body)) return { ok: false, problem: 'the answer is not a JSON object' };
	const { result } = body;
	if (!isRecord(result)) return { ok: false, problem: 'the answer has no result object' };
	let read: Pick<RecognitionResult, 'fields' | 'confidence' | 'shape'>;
	if (isRecord(result.data) && (isRecord(result.data.raw) || isRecord(result.data.ocr))) {
		read = { shape: 'data', ...readDataShape(result, result.data) };
	} else if (isRecord(result.documentInfo) || isRecord(result.personalInfo)) {
		read = { shape: 'documentInfo', ...readInfoShape(result) };
	} else {
		return {
			ok: false,
			problem:
				'the answer has neither result.data.raw / result.data.ocr nor result.documentInfo / result.personalInfo',
		};
	}
	return {
		ok: true,
		result: withValues({
			...read,
			transactionId:
				typeof body.transactionId === 'string' && body.transactionId !== ''
					? body.transactionId
					: undefined,
			frontRecognised: typeof result.review_front === 'boolean' ? result.review_front : undefined,
			backRecognised: typeof result.review_back === 'boolean' ? result.review_back : undefined,
		}),
	};
}

/** The checks on what the document says that the user switched on. */
export interface DocumentChecks {
	/** An expiry date before today sends the item to review. */
	reviewExpired: boolean;
	/** A holder younger than this many full years goes to review; 0 is no age check. */
	minimumAge: number;
	/**
	 * The name the applicant gave; a document in another name goes to review. Empty is no name check. Where the
	 * name must not be kept (a callback link, a waiting execution), its keyed digest stands in for it (nameDigest.ts).
	 */
	expectedName: string | KeyedNameDigest;
}

/** Whether `documentName` is the expected name, given as text or as its keyed digest. */
function isExpectedName(documentName: string, expected: string | KeyedNameDigest): boolean {
	return typeof expected === 'string'
		? sameName(documentName, expected)
		: matchesNameDigest(documentName, expected);
}

/**
 * The checks a result that comes back by callback is judged by: its link's or waiting execution's terms, the name
 * by its digest, checked with `signingKey` (the credential's, as when the digest was made).
 */
export function documentChecksOf(
	terms: RecognitionTerms,
	signingKey: string | undefined,
): DocumentChecks {
	const { reviewExpired, minimumAge, nameDigest } = terms;
	return {
		reviewExpired,
		minimumAge,
		expectedName: nameDigest === undefined ? '' : { digest: nameDigest, signingKey },
	};
}

/** Why an item needs review, as a machine reads it (`failedChecks`) and as a person does (`summary`). */
interface Reason {
	check: string;
	words: string;
}

/**
 * Global ID Recognition's output, verdict first: the fields flat (dates as YYYY-MM-DD where readable), each
 * field's confidence where Argos gives one, and the checks the user switched on. A check that cannot be made (no
 * expiry date, a date in a format read only by guessing) is a reason for review, never a pass; so is a document
 * with no name or no number read. The summary names checks, never values: it is copied into tickets and chats.
 */
export function buildRecognitionOutput(
	result: RecognitionResult,
	checks: DocumentChecks,
	reference: string | null,
	now: Date,
) {
	const today = calendarDateOf(now);
	const { fields } = result;
	const reasons: Reason[] = [];
	const dates: Partial<Record<DocumentField, CalendarDate>> = {};
	for (const field of DATE_FIELDS) {
		const date = readDocumentDate(fields[field]);
		if (date) dates[field] = date;
	}

	if (fields.fullName === undefined && fields.lastName === undefined)
		reasons.push({ check: 'nameRead', words: 'no name was read' });
	if (fields.documentNumber === undefined)
		reasons.push({ check: 'documentNumberRead', words: 'no document number was read' });
	if (result.frontRecognised === false)
		reasons.push({ check: 'frontRecognised', words: 'Argos could not recognise the front' });
	if (result.backRecognised === false)
		reasons.push({ check: 'backRecognised', words: 'Argos could not recognise the back' });

	let documentExpired: boolean | undefined;
	if (checks.reviewExpired) {
		const expiry = dates.expiryDate;
		documentExpired = expiry === undefined ? undefined : isBefore(expiry, today);
		if (expiry === undefined)
			reasons.push({
				check: 'documentExpired',
				words:
					fields.expiryDate === undefined
						? 'no expiry date was read'
						: 'the expiry date is in a format that cannot be read without guessing',
			});
		else if (documentExpired)
			reasons.push({ check: 'documentExpired', words: 'the document has expired' });
	}

	let age: number | undefined;
	if (checks.minimumAge > 0) {
		const birth = dates.birthDate;
		age = birth === undefined ? undefined : ageOn(birth, today);
		if (age === undefined)
			reasons.push({
				check: 'minimumAge',
				words:
					fields.birthDate === undefined
						? 'no birth date was read'
						: 'the birth date is in a format that cannot be read without guessing',
			});
		else if (age < checks.minimumAge)
			reasons.push({
				check: 'minimumAge',
				words: `the holder is younger than ${checks.minimumAge}`,
			});
	}

	let nameMatches: boolean | undefined;
	if (checks.expectedName !== '') {
		const documentName =
			fields.fullName ??
			[fields.firstName, fields.middleName, fields.lastName].filter(Boolean).join(' ');
		nameMatches = documentName !== '' && isExpectedName(documentName, checks.expectedName);
		if (!nameMatches)
			reasons.push({
				check: 'nameMatches',
				words: 'the name on the document differs from the expected name',
			});
	}

	const passed = reasons.length === 0;
	const readable: Partial<Record<DocumentField, string>> = { ...fields };
	for (const [field, date] of Object.entries(dates))
		readable[field as DocumentField] = isoDate(date);
	return withValues({
		verdict: (passed ? 'pass' : 'review') as Verdict,
		summary: passed
			? 'The document was read and passed every check'
			: `Needs review: ${reasons.map((reason) => reason.words).join('; ')}`,
		...Object.fromEntries(DOCUMENT_FIELDS.map((field) => [field, readable[field]])),
		confidence: result.confidence,
		documentExpired,
		age,
		nameMatches,
		reference,
		failedChecks: passed ? undefined : [...new Set(reasons.map((reason) => reason.check))],
		transactionId: result.transactionId,
	});
}
