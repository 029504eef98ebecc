import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CHECK_NAMES, type CheckName, type Scores } from '../../resultsAndCallbacks/checks';
import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import { decodeBase64Image, type DecodedImage } from '../helpers/base64Image';
import {
	CHUNK_BYTES,
	endsOfBase64,
	endsOfStream,
	HEAD_BYTES,
	type ImageEnds,
} from '../helpers/imageEnds';
import { validateIdImage } from '../helpers/imageRules';
import { sniffImage } from '../helpers/imageSniffing';
import { MODE, optionsWithDefaults, type Mode } from '../description/parameters';
import { validateCallbackUrl } from '../transport/documentRequest';
import { inputError, type ItemError } from './itemErrors';

/** What one item asks for; parameters may be expressions, so they are read per item. */
export interface ItemSettings {
	checks: CheckName[];
	minimumScores: Scores;
	options: IDataObject;
	/** Where Argos is told to POST the result: the user's URL, or this execution's resume URL. */
	callbackUrl?: string;
	/** Rides in the callback URL's query (signed when the credential has a callback secret). */
	reference?: string;
}

export type PreparedItem = { ok: true; settings: ItemSettings } | { ok: false; problem: ItemError };

type SettingsRead = { ok: true; settings: ItemSettings } | { ok: false; problem: InputProblem };

export function readOptions(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return optionsWithDefaults(context.getNodeParameter('options', itemIndex, {}) as IDataObject);
}

/**
 * Everything about an item that can be known without the API: its parameters and its image. Of the image only the
 * size and the first bytes are read (and the last bytes, when asked), so checking a batch costs little before the
 * first request; the image is read whole when the item is sent, which also keeps memory to what is in flight.
 */
export async function prepareItem(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedItem> {
	const refuse = (problem: InputProblem): PreparedItem => ({
		ok: false,
		problem: inputError(context.getNode(), itemIndex, problem),
	});
	const settings = readItemSettings(context, itemIndex);
	if (!settings.ok) return refuse(settings.problem);
	const enforceMinimumSize = settings.settings.options.enforceMinimumSize !== false;
	const image = await readImageEnds(context, itemIndex, HEAD_BYTES, 0, hasImageSize);
	if (!image.ok) return refuse(image.problem);
	let validation = validateIdImage(image.ends.head, {
		enforceMinimumSize,
		byteLength: image.ends.byteLength,
	});
	if (!validation.ok && frameSizeBeyond(image.ends)) {
		// Rare: the frame size comes after more metadata than the head holds. The whole file decides.
		const whole = await readImage(context, itemIndex);
		if (!whole.ok) return refuse(whole.problem);
		validation = validateIdImage(whole.bytes, { enforceMinimumSize });
	}
	if (!validation.ok) return refuse(validation.problem);
	return { ok: true, settings: settings.settings };
}

export function readItemSettings(context: IExecuteFunctions, itemIndex: number): SettingsRead {
	const mode = context.getNodeParameter('mode', itemIndex) as Mode;
	const options = readOptions(context, itemIndex);

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

	const minimumScores = readMinimumScores(options, checks);
	if (!minimumScores.ok) return minimumScores;

	const settings: ItemSettings = { checks, minimumScores: minimumScores.minimumScores, options };
	if (mode === MODE.sendToCallbackUrl) {
		const callbackUrl = validateCallbackUrl(context.getNodeParameter('callbackUrl', itemIndex));
		if (!callbackUrl.ok) {
			return {
				ok: false,
				problem: {
					message: `The Callback URL is not usable: ${callbackUrl.problem}`,
					description:
						'Set an absolute https:// URL that Argos can reach, such as the production URL of an Argos ID Liveness Trigger.',
				},
			};
		}
		settings.callbackUrl = callbackUrl.url;
		settings.reference = String(context.getNodeParameter('reference', itemIndex, '') ?? '');
	}
	return { ok: true, settings };
}

/** The head tells the format and, for a JPEG or PNG, the pixel size: the rest of the file is not needed. */
function hasImageSize(head: Buffer): boolean {
	const sniffed = sniffImage(head);
	return (sniffed.format !== 'jpeg' && sniffed.format !== 'png') || sniffed.width !== undefined;
}

/** A JPEG whose frame header (with the pixel size) lies past the bytes read so far. */
function frameSizeBeyond(ends: ImageEnds): boolean {
	const sniffed = sniffImage(ends.head);
	return (
		sniffed.format === 'jpeg' && sniffed.width === undefined && ends.head.length < ends.byteLength
	);
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
	const found = findBinary(context, itemIndex);
	if (!found.ok) return found;
	return { ok: true, bytes: await context.helpers.getBinaryDataBuffer(itemIndex, found.name) };
}

export type ImageEndsRead = { ok: true; ends: ImageEnds } | { ok: false; problem: InputProblem };

/**
 * The size and the first and last bytes of an item's ID photo. In-memory binary data is base64 in the item: only
 * its ends are decoded. Stored binary data (filesystem, database, S3 modes) has its size on the item (or in its
 * metadata) and is streamed, only as far as the ends need.
 */
export async function readImageEnds(
	context: IExecuteFunctions,
	itemIndex: number,
	headBytes: number,
	tailBytes: number,
	headIsEnough?: (head: Buffer) => boolean,
): Promise<ImageEndsRead> {
	if (context.getNodeParameter('imageSource', itemIndex) === 'base64') {
		const image = await readImage(context, itemIndex);
		if (!image.ok) return image;
		const { bytes } = image;
		return {
			ok: true,
			ends: {
				byteLength: bytes.length,
				head: bytes,
				tail: bytes.subarray(bytes.length - tailBytes),
			},
		};
	}
	const found = findBinary(context, itemIndex);
	if (!found.ok) return found;
	const { id, data, bytes } = found.binary;
	if (!id) return { ok: true, ends: endsOfBase64(data, headBytes, tailBytes) };
	// n8n 2.x notes the exact size on the item when it stores the file; older files need their metadata read.
	const byteLength =
		typeof bytes === 'number' ? bytes : (await context.helpers.getBinaryMetadata(id)).fileSize;
	const stream = await context.helpers.getBinaryStream(id, CHUNK_BYTES);
	return {
		ok: true,
		ends: await endsOfStream(stream, byteLength, headBytes, tailBytes, headIsEnough),
	};
}
