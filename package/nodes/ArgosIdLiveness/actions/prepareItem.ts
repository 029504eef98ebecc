import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	linkReferenceProblem,
	type CallbackTerms,
} from '../../resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES, type CheckName, type Scores } from '../../resultsAndCallbacks/checks';
import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { expectedNameDigest } from '../../resultsAndCallbacks/nameDigest';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import { readNumberOption } from '../../resultsAndCallbacks/numberOptions';
import type { DocumentChecks } from '../../resultsAndCallbacks/recognitionResult';
import {
	FACE_COMPARE_IMAGES,
	FACE_LIVENESS_IMAGES,
	ID_LIVENESS_IMAGES,
	ID_RECOGNITION_IMAGES,
	type ImageRules,
} from '../helpers/imageRules';
import { ImageSource, type ImageOrigin } from '../helpers/imageSource';
import {
	IMAGE_INPUTS,
	MODE,
	minimumAgeParameter,
	minimumSimilarityParameter,
	optionsWithDefaults,
	readItemOptions,
	readResource,
	readWaitLimit,
	RESOURCE,
	type ImageInputNames,
	type ItemOptions,
	type Mode,
	type Resource,
	type WaitLimit,
} from '../description/parameters';
import { readArgosAccount } from '../transport/argosAccount';
import { validateCallbackUrl } from '../transport/documentRequest';
import type { DocumentDescription } from '../transport/familyRequests';
import { asItemError, inputError, type ItemError } from './itemErrors';
import type { ItemEcho } from './outputItems';
import { readParameter } from './readParameter';

/** Everything the later steps need of one item, read from its parameters once: they read nothing more. */
export interface ReadyItem {
	itemIndex: number;
	/** The API the item goes to. */
	resource: Resource;
	/** ID Liveness: the requested checks and their minimum scores (none for the other resources). */
	checks: CheckName[];
	minimumScores: Scores;
	/** Face Compare: the similarity from which the faces match. */
	minimumSimilarity?: number;
	/** ID Recognition: the document as the request describes it, and the checks on what it says. */
	document?: DocumentDescription & { checks: DocumentChecks };
	options: ItemOptions;
	/**
	 * The case reference, echoed in the output; with a callback URL it rides in the URL's query (signed when the
	 * credential has a callback secret).
	 */
	reference?: string;
	/** Send Result to Callback URL: where Argos is told to POST the result. */
	callbackUrl?: string;
	/**
	 * Both asynchronous operations, Face Compare and ID Recognition: what the result is judged by when it comes back,
	 * carried by the callback link or kept by the waiting execution (the expected name only as its digest).
	 */
	callbackTerms?: CallbackTerms;
	/** Submit and Wait for Result: this execution's resume URL, sent as n8n gives it (n8n signs it). */
	resumeUrl?: string;
	/** Submit and Wait for Result: how long the execution waits for the callback, and the option that says so. */
	wait?: { waitLimit: WaitLimit; optionName: string };
	/**
	 * The checked photos, in the API's order (the ID photo; the selfie; the origin and target faces): their bytes kept
	 * from the pre-flight, or read again when sent.
	 */
	images: ImageSource[];
}

/** Each resource's image inputs (in the request's order) and the limits of its API. */
const IMAGES_OF: Record<Resource, { inputs: ImageInput[]; rules: ImageRules }> = {
	idLiveness: { inputs: [{ names: IMAGE_INPUTS.main }], rules: ID_LIVENESS_IMAGES },
	faceLiveness: { inputs: [{ names: IMAGE_INPUTS.main }], rules: FACE_LIVENESS_IMAGES },
	faceCompare: {
		inputs: [
			{ names: IMAGE_INPUTS.originFace, side: 'Origin' },
			{ names: IMAGE_INPUTS.targetFace, side: 'Target' },
		],
		rules: FACE_COMPARE_IMAGES,
	},
	idRecognition: {
		inputs: [
			{ names: IMAGE_INPUTS.main, side: 'Front' },
			{ names: IMAGE_INPUTS.back, side: 'Back', optional: true },
		],
		rules: ID_RECOGNITION_IMAGES,
	},
};

/**
 * One image input of a resource. `side` names it when the resource has two: in messages ("Origin image: …") and
 * before its parameters' names ("Origin Input Binary Field").
 */
interface ImageInput {
	names: ImageInputNames;
	side?: 'Origin' | 'Target' | 'Front' | 'Back';
	/**
	 * The API takes the image as optional: a source of "None", or an empty field, binary field name or URL, sends
	 * none. So an expression can send a back only when the applicant uploaded one (`{{ $binary.idBack ? 'idBack' : '' }}`).
	 */
	optional?: true;
}

/** An item after step 1: ready to send, or its error; either way what its output item echoes. */
export type PreparedItem = { echo: ItemEcho } & (
	{ ok: true; item: ReadyItem } | { ok: false; problem: ItemError }
);

/** n8n keeps at most this many characters of an execution's custom data value, where Submit and Wait keeps it. */
const MAX_WAITING_REFERENCE_LENGTH = 512;

/**
 * Step 1, prepare: everything about an item that can be known without the API, checked before any credit is spent:
 * its parameters (each read once; an expression that fails becomes the item's error, naming the parameter) and its
 * image, checked whole (its structure up to the end marker). Never throws.
 */
export async function prepareItem(
	context: IExecuteFunctions,
	itemIndex: number,
	mode: Mode,
): Promise<PreparedItem> {
	const echo: ItemEcho = { reference: null, keepBinary: true };
	let referenceRead = false;
	const failWith = (problem: InputProblem, errorType?: 'unusablePhoto'): PreparedItem => ({
		ok: false,
		problem: inputError(context.getNode(), itemIndex, problem, errorType),
		echo,
	});
	try {
		const rawOptions = readParameter(context, 'options', itemIndex, {}) as IDataObject;
		echo.keepBinary = optionsWithDefaults(rawOptions).keepBinary !== false;
		const options = readItemOptions(rawOptions);
		if (!options.ok) return failWith(options.problem);

		const resource = readResource(context);
		let checks: CheckName[] = [];
		let minimumScores: Scores = {};
		if (resource === RESOURCE.idLiveness) {
			checks = CHECK_NAMES.filter((name) => readParameter(context, name, itemIndex) === true);
			if (checks.length === 0) {
				return failWith({
					message: 'No check is turned on',
					description: 'Turn on at least one of Screen Replay, Paper Printed or Replace Portraits.',
				});
			}
			const read = readMinimumScores(options.options, checks);
			if (!read.ok) return failWith(read.problem);
			minimumScores = read.minimumScores;
		}
		let minimumSimilarity: number | undefined;
		if (resource === RESOURCE.faceCompare) {
			const read = readNumberOption(minimumSimilarityParameter, {
				minimumSimilarity: readParameter(context, 'minimumSimilarity', itemIndex) as number,
			});
			if (!read.ok) return failWith(read.problem);
			minimumSimilarity = read.value;
		}

		let document: ReadyItem['document'];
		if (resource === RESOURCE.idRecognition) {
			const read = readDocumentParameters(context, itemIndex);
			if (!read.ok) return failWith(read.problem);
			document = read.document;
		}

		referenceRead = true;
		const reference = referenceParameter(context, itemIndex);
		echo.reference = reference ?? null;
		const item: Omit<ReadyItem, 'images'> = {
			itemIndex,
			resource,
			checks,
			minimumScores,
			minimumSimilarity,
			document,
			options: options.options,
			reference,
		};
		if (mode === MODE.submitAndWait) {
			if ((reference?.length ?? 0) > MAX_WAITING_REFERENCE_LENGTH) {
				return failWith({
					message: `The Reference is ${reference!.length} characters long; Submit and Wait keeps at most ${MAX_WAITING_REFERENCE_LENGTH}`,
					description:
						'The waiting execution keeps the reference in its custom data, which n8n cuts at 512 characters. Use a shorter reference, such as a case or contact ID.',
				});
			}
			const wait = readWaitLimit(rawOptions, context.getNode().typeVersion, Date.now());
			if (!wait.ok) return failWith(wait.problem);
			item.wait = { waitLimit: wait.waitLimit, optionName: wait.optionName };
		}
		if (mode === MODE.sendToCallbackUrl) {
			const linkProblem = reference === undefined ? undefined : linkReferenceProblem(reference);
			if (linkProblem) return failWith(linkProblem);
			const callbackUrl = validateCallbackUrl(
				readParameter(context, 'callbackUrl', itemIndex),
				(await readArgosAccount(context)).baseUrl,
			);
			if (!callbackUrl.ok) {
				return failWith({
					message: `The Callback URL is not usable: ${callbackUrl.problem}`,
					description:
						"Set an absolute https:// URL that Argos can reach from the internet, without user name, password or spaces: such as the production URL of an Argos ID Liveness Trigger on n8n's public address (n8n's WEBHOOK_URL).",
				});
			}
			item.callbackUrl = callbackUrl.url;
		}
		if (mode !== MODE.waitForResult) {
			const terms = await callbackTerms(context, item);
			if (!terms.ok) return failWith(terms.problem);
			item.callbackTerms = terms.terms;
		}

		const { inputs, rules } = IMAGES_OF[resource];
		const images: ImageSource[] = [];
		for (const input of inputs) {
			const origin = readImageOrigin(context, itemIndex, options.options, input);
			// An optional image (ID Recognition's back) the user chose not to send.
			if (origin === undefined) continue;
			const label = input.side && `${input.side} image`;
			const image = new ImageSource(
				context,
				itemIndex,
				origin,
				// Face Compare documents no minimum size: its rules have none to enforce.
				options.options.enforceMinimumSize,
				rules,
			);
			const validated = await image.validate();
			if (!validated.ok) {
				const { message, description } = validated.problem;
				return failWith(
					{ message: label ? `${label}: ${message}` : message, description },
					'unusablePhoto',
				);
			}
			images.push(image);
		}
		return { ok: true, item: { ...item, images }, echo };
	} catch (error) {
		// The reference is echoed even when reading an earlier parameter failed.
		if (!referenceRead) echo.reference = readReferenceOrNull(context, itemIndex);
		return { ok: false, problem: asItemError(context.getNode(), error, itemIndex), echo };
	}
}

/**
 * What an item's result is judged by when it comes back by callback, read now as the item is: Face Compare's
 * minimum similarity, ID Recognition's document checks. The expected name is personal data: it leaves as its keyed
 * digest only (nameDigest.ts), made with the credential's link signing key, which the trigger has too.
 */
async function callbackTerms(
	context: IExecuteFunctions,
	item: Omit<ReadyItem, 'images'>,
): Promise<{ ok: true; terms: CallbackTerms } | { ok: false; problem: InputProblem }> {
	if (item.resource === RESOURCE.faceCompare)
		return { ok: true, terms: { faceCompare: { minimumSimilarity: item.minimumSimilarity! } } };
	if (item.resource !== RESOURCE.idRecognition) return { ok: true, terms: {} };
	const { reviewExpired, minimumAge, expectedName } = item.document!.checks;
	const terms = { recognition: { reviewExpired, minimumAge } };
	if (expectedName === '') return { ok: true, terms };
	const signingKey = (await readArgosAccount(context)).callbackSecret;
	if (signingKey === undefined) {
		return {
			ok: false,
			problem: {
				message:
					'The credential has no API key, so the Expected Name cannot be checked on the callback',
				description:
					'The name travels only as a digest keyed with the credential. Set the API key in the Argos credential.',
			},
		};
	}
	const nameDigest = expectedNameDigest(expectedName as string, signingKey);
	return { ok: true, terms: { recognition: { ...terms.recognition, nameDigest } } };
}

/** Global ID Recognition's list of document types (docs/ARGOS-API.md); an expression may give any text. */
const ID_TYPES = ['government_id', 'passport', 'drivers_license'];

/**
 * ID Recognition's parameters, checked as Argos would before a credit is spent: the country as three letters (upper
 * case is what the API documents, so "usa" is sent as "USA"), a listed type, and the checks. The name is not echoed
 * in any message: it is personal data.
 */
function readDocumentParameters(
	context: IExecuteFunctions,
	itemIndex: number,
):
	| { ok: true; document: NonNullable<ReadyItem['document']> }
	| { ok: false; problem: InputProblem } {
	const country = String(readParameter(context, 'issuingCountry', itemIndex, '') ?? '')
		.trim()
		.toUpperCase();
	if (!/^[A-Z]{3}$/.test(country)) {
		return {
			ok: false,
			problem: {
				message:
					country === ''
						? 'The Issuing Country is empty'
						: 'The Issuing Country is not a three-letter country code',
				description:
					'Set "Issuing Country" to the ISO 3166-1 alpha-3 code of the country that issued the document, such as USA, GBR or KOR.',
			},
		};
	}
	const idType = readParameter(context, 'idType', itemIndex);
	if (typeof idType !== 'string' || !ID_TYPES.includes(idType)) {
		return {
			ok: false,
			problem: {
				message: 'The Document Type is not one Argos knows',
				description: `Set "Document Type" to one of the listed types; an expression must give ${ID_TYPES.join(', ')}.`,
			},
		};
	}
	const minimumAge = readNumberOption(minimumAgeParameter, {
		minimumAge: readParameter(context, 'minimumAge', itemIndex) as number,
	});
	if (!minimumAge.ok) return minimumAge;
	const expectedName = readParameter(context, 'expectedName', itemIndex, '');
	return {
		ok: true,
		document: {
			issuingCountry: country,
			idType,
			checks: {
				// An expression may give the text "false".
				reviewExpired: String(readParameter(context, 'reviewExpired', itemIndex, true)) !== 'false',
				minimumAge: minimumAge.value,
				expectedName:
					expectedName === null || expectedName === undefined ? '' : String(expectedName).trim(),
			},
		},
	};
}

/** The item's Reference parameter; empty is none. */
function referenceParameter(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const reference = readParameter(context, 'reference', itemIndex, '');
	return reference === '' || reference === null || reference === undefined
		? undefined
		: String(reference);
}

/** The reference an error item echoes; null too when it cannot be read (the item's failure says why). */
function readReferenceOrNull(context: IExecuteFunctions, itemIndex: number): string | null {
	try {
		return referenceParameter(context, itemIndex) ?? null;
	} catch {
		return null;
	}
}

/** What an item's output echoes when the run failed before the item could be prepared. */
export function readEcho(context: IExecuteFunctions, itemIndex: number): ItemEcho {
	let keepBinary = true;
	try {
		keepBinary =
			optionsWithDefaults(readParameter(context, 'options', itemIndex, {}) as IDataObject)
				.keepBinary !== false;
	} catch {
		// the item's failure says why; its files stay
	}
	return { reference: readReferenceOrNull(context, itemIndex), keepBinary };
}

/** Where one image input's photo is, from its parameters; undefined for an optional image left out. */
function readImageOrigin(
	context: IExecuteFunctions,
	itemIndex: number,
	options: ItemOptions,
	{ names, side, optional }: ImageInput,
): ImageOrigin | undefined {
	const source = readParameter(context, names.source, itemIndex) as string;
	if (source === 'none') return undefined;
	const value = readParameter(
		context,
		source === 'base64' || source === 'url' ? names[source] : names.binary,
		itemIndex,
	);
	if (optional && (value === '' || value === null || value === undefined)) return undefined;
	if (source === 'base64') return { source, value };
	if (source === 'url') return { source, url: value, timeoutMs: options.timeoutSeconds * 1000 };
	return {
		source: 'binary',
		propertyName: value as string,
		parameterName: `${side ? `${side} ` : ''}Input Binary Field`,
	};
}
