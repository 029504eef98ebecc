import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ARGOS_CREDENTIAL_TYPE } from '../../../credentials/ArgosIdentityApi.credentials';
import { linkReferenceProblem } from '../../resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES, type CheckName, type Scores } from '../../resultsAndCallbacks/checks';
import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import { decodeBase64Image, type DecodedImage } from '../helpers/base64Image';
import { downloadImage } from '../helpers/imageDownload';
import { refuseOversizedImage, validateIdImage } from '../helpers/imageRules';
import {
	MODE,
	optionsWithDefaults,
	readItemOptions,
	readMode,
	type ItemOptions,
} from '../description/parameters';
import { validateCallbackUrl } from '../transport/documentRequest';
import { inputError, type ItemError } from './itemErrors';

/** What one item asks for; parameters may be expressions, so they are read per item. */
export interface ItemSettings {
	checks: CheckName[];
	minimumScores: Scores;
	options: ItemOptions;
	/** Where Argos is told to POST the result: the user's URL, or this execution's resume URL. */
	callbackUrl?: string;
	/**
	 * The case reference, echoed in the output; with a callback URL it rides in the URL's query (signed when the
	 * credential has a callback secret).
	 */
	reference?: string;
}

/** An item ready to be sent: its settings, and its checked image while the run keeps it from the pre-flight. */
export interface ReadyItem {
	settings: ItemSettings;
	image?: Buffer;
}

export type PreparedItem = ({ ok: true } & ReadyItem) | { ok: false; problem: ItemError };

type SettingsRead = { ok: true; settings: ItemSettings } | { ok: false; problem: InputProblem };

export function readOptions(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return optionsWithDefaults(context.getNodeParameter('options', itemIndex, {}) as IDataObject);
}

/**
 * Everything about an item that can be known without the API: its parameters and its image, checked whole (its
 * structure up to the end marker). The caller keeps the image for sending, or drops it to read it again then (see
 * `imageKeeper`).
 */
export async function prepareItem(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedItem> {
	const refuse = (problem: InputProblem, errorType?: 'unusablePhoto'): PreparedItem => ({
		ok: false,
		problem: inputError(context.getNode(), itemIndex, problem, errorType),
	});
	const settings = await readItemSettings(context, itemIndex);
	if (!settings.ok) return refuse(settings.problem);
	const image = await readImage(context, itemIndex);
	if (!image.ok) return refuse(image.problem, 'unusablePhoto');
	const validation = validateIdImage(image.bytes, {
		enforceMinimumSize: settings.settings.options.enforceMinimumSize,
	});
	if (!validation.ok) return refuse(validation.problem, 'unusablePhoto');
	return { ok: true, settings: settings.settings, image: image.bytes };
}

/** How many bytes of checked images one run keeps from its pre-flight until they are sent. */
export const KEPT_IMAGE_BYTES = 16 * 1024 * 1024;

/**
 * For one run: keeps the images of the first items prepared, up to `KEPT_IMAGE_BYTES` in all, and drops the
 * others, which are read (or downloaded) again when they are sent. Keeping every image would make memory grow with
 * the batch rather than with what is in flight; reading every image twice costs a file opening or a download each.
 */
export function imageKeeper(): (item: PreparedItem) => void {
	let kept = 0;
	return (item) => {
		if (!item.ok || !item.image) return;
		if (kept + item.image.length <= KEPT_IMAGE_BYTES) kept += item.image.length;
		else item.image = undefined;
	};
}

/** The credential's Base URL, read once per node run (one context serves every item of a run). */
const argosBaseUrls = new WeakMap<IExecuteFunctions, Promise<string | undefined>>();
function argosBaseUrl(context: IExecuteFunctions): Promise<string | undefined> {
	let baseUrl = argosBaseUrls.get(context);
	if (!baseUrl) {
		baseUrl = context
			.getCredentials<{ baseUrl?: string }>(ARGOS_CREDENTIAL_TYPE)
			.then((credential) => credential.baseUrl);
		argosBaseUrls.set(context, baseUrl);
	}
	return baseUrl;
}

/** The item's Reference parameter; empty is none. */
function referenceParameter(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const reference = context.getNodeParameter('reference', itemIndex, '');
	return reference === '' || reference === null || reference === undefined
		? undefined
		: String(reference);
}

/** The reference an error item echoes; null too when it cannot be read (the item's failure says why). */
export function readReference(context: IExecuteFunctions, itemIndex: number): string | null {
	try {
		return referenceParameter(context, itemIndex) ?? null;
	} catch {
		return null;
	}
}

/** n8n keeps at most this many characters of an execution's custom data value, where Submit and Wait keeps it. */
export const MAX_WAITING_REFERENCE_LENGTH = 512;

export async function readItemSettings(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<SettingsRead> {
	const mode = readMode(context, itemIndex);
	const options = readItemOptions(
		context.getNodeParameter('options', itemIndex, {}) as IDataObject,
	);
	if (!options.ok) return options;

	const checks = CHECK_NAMES.filter((name) => context.getNodeParameter(name, itemIndex) === true);
	if (checks.length === 0) {
		return {
			ok: false,
			problem: {
				message: 'No check is turned on',
				description: 'Turn on at least one of Screen Replay, Paper Printed or Replace Portraits.',
			},
		};
	}

	const minimumScores = readMinimumScores(options.options, checks);
	if (!minimumScores.ok) return minimumScores;

	const reference = referenceParameter(context, itemIndex);
	if (mode === MODE.submitAndWait && (reference?.length ?? 0) > MAX_WAITING_REFERENCE_LENGTH) {
		return {
			ok: false,
			problem: {
				message: `The Reference is ${reference!.length} characters long; Submit and Wait keeps at most ${MAX_WAITING_REFERENCE_LENGTH}`,
				description:
					'The waiting execution keeps the reference in its custom data, which n8n cuts at 512 characters. Use a shorter reference, such as a case or contact ID.',
			},
		};
	}
	const linkProblem =
		mode === MODE.sendToCallbackUrl && reference !== undefined
			? linkReferenceProblem(reference)
			: undefined;
	if (linkProblem) return { ok: false, problem: linkProblem };
	const settings: ItemSettings = {
		checks,
		minimumScores: minimumScores.minimumScores,
		options: options.options,
		reference,
	};
	if (mode === MODE.sendToCallbackUrl) {
		const callbackUrl = validateCallbackUrl(
			context.getNodeParameter('callbackUrl', itemIndex),
			await argosBaseUrl(context),
		);
		if (!callbackUrl.ok) {
			return {
				ok: false,
				problem: {
					message: `The Callback URL is not usable: ${callbackUrl.problem}`,
					description:
						"Set an absolute https:// URL that Argos can reach from the internet, without user name, password or spaces: such as the production URL of an Argos ID Liveness Trigger on n8n's public address (n8n's WEBHOOK_URL).",
				},
			};
		}
		settings.callbackUrl = callbackUrl.url;
	}
	return { ok: true, settings };
}

type BinaryFound =
	{ ok: true; binary: IBinaryData; name: string } | { ok: false; problem: InputProblem };

function findBinary(context: IExecuteFunctions, itemIndex: number): BinaryFound {
	const name = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const binary = context.getInputData()[itemIndex]?.binary ?? {};
	if (binary[name]) return { ok: true, binary: binary[name], name };
	const available = Object.keys(binary);
	return {
		ok: false,
		problem: {
			message: `The item has no binary field "${name}"`,
			description: available.length
				? `Set "Input Binary Field" to one of: ${available.join(', ')}.`
				: 'The item has no files at all. Connect a node that provides the ID photo (e.g. a Form Trigger with a file field or an HTTP Request that downloads it), or choose "Base64 String or Data URL" as the image source.',
		},
	};
}

/**
 * The ID photo of one item, from a binary field (read through n8n's helpers, so it works in filesystem
 * and database binary modes alike) or from a base64 / data: URL field.
 */
export async function readImage(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<DecodedImage> {
	const source = context.getNodeParameter('imageSource', itemIndex) as string;
	if (source === 'base64') {
		return decodeBase64Image(context.getNodeParameter('imageBase64', itemIndex));
	}
	if (source === 'url') return await readImageFromUrl(context, itemIndex);

	const found = findBinary(context, itemIndex);
	if (!found.ok) return found;
	// n8n notes the size of a stored file: one over the limit is refused without reading it into memory.
	const oversized =
		typeof found.binary.bytes === 'number' ? refuseOversizedImage(found.binary.bytes) : undefined;
	if (oversized) return { ok: false, problem: oversized };
	return { ok: true, bytes: await context.helpers.getBinaryDataBuffer(itemIndex, found.name) };
}

/**
 * The ID photo behind the item's Image URL. It is downloaded for the pre-flight, and again when the item is sent if
 * the run did not keep it (`imageKeeper`), so the bytes are checked here each time: what is sent is always what was
 * checked.
 */
async function readImageFromUrl(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<DecodedImage> {
	const options = readItemOptions(
		context.getNodeParameter('options', itemIndex, {}) as IDataObject,
	);
	// The pre-flight refuses unusable options before any download; the defaults only stand in for the type.
	const { timeoutSeconds, enforceMinimumSize } = options.ok
		? options.options
		: { timeoutSeconds: 60, enforceMinimumSize: true };
	const image = await downloadImage(
		context,
		context.getNodeParameter('imageUrl', itemIndex),
		timeoutSeconds * 1000,
	);
	if (!image.ok) return image;
	const validation = validateIdImage(image.bytes, { enforceMinimumSize });
	return validation.ok ? image : validation;
}
