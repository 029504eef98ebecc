import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { sniffImage, type ImageFormat } from './imageSniffing';

/** What one Argos API accepts as an image, from its documented limits (docs/ARGOS-API.md). */
export interface ImageRules {
	/** The API as a message names it: "Argos ID Liveness". */
	api: string;
	/** What the image shows, for hints: "the document", "the selfie". */
	subject: string;
	formats: readonly ImageFormat[];
	maxBytes: number;
	/** The limit as the vendor says it: "10 MB". */
	maxBytesInWords: string;
	/** The documented minimum size; absent when the API documents none. */
	minSize?: { width: number; height: number };
}

/** ID Liveness (best-practice-for-image page): JPEG or PNG, at most 10 MB, at least 640x480. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export const ID_LIVENESS_IMAGES: ImageRules = {
	api: 'Argos ID Liveness',
	subject: 'the document',
	formats: ['jpeg', 'png'],
	maxBytes: MAX_IMAGE_BYTES,
	maxBytesInWords: '10 MB',
	minSize: { width: 640, height: 480 },
};

/**
 * Face Liveness: JPEG, PNG or WebP, at least 640x480. No byte limit is documented: assumed the 10 MB of ID Liveness
 * on the same gateway, so a selfie never takes more memory than an ID photo.
 */
export const FACE_LIVENESS_IMAGES: ImageRules = {
	api: 'Argos Face Liveness',
	subject: 'the face',
	formats: ['jpeg', 'png', 'webp'],
	maxBytes: MAX_IMAGE_BYTES,
	maxBytesInWords: '10 MB',
	minSize: { width: 640, height: 480 },
};

/** Face Compare (legacy page): JPEG, PNG or BMP, "under 5 MB" read as 5,000,000 bytes; no minimum size. */
export const FACE_COMPARE_IMAGES: ImageRules = {
	api: 'Argos Face Compare',
	subject: 'the face',
	formats: ['jpeg', 'png', 'bmp'],
	maxBytes: 5_000_000,
	maxBytesInWords: '5 MB',
};

/**
 * Global ID Recognition (legacy page): JPEG, PNG or BMP, "under 2 MB" read as 2,000,000 bytes; about 1 MB and a card
 * of 421x266 pixels are advised, not required, so no minimum size.
 */
export const ID_RECOGNITION_IMAGES: ImageRules = {
	api: 'Argos ID Recognition',
	subject: 'the document',
	formats: ['jpeg', 'png', 'bmp'],
	maxBytes: 2_000_000,
	maxBytesInWords: '2 MB',
};

interface AcceptedImage {
	format: ImageFormat;
	bytes: number;
	width?: number;
	height?: number;
}

type ImageValidation = { ok: true; image: AcceptedImage } | { ok: false; problem: InputProblem };

const FORMAT_NAMES: Record<string, string> = {
	gif: 'a GIF image',
	webp: 'a WebP image',
	bmp: 'a BMP image',
	tiff: 'a TIFF image',
	heic: 'a HEIC/HEIF photo (as iPhones save them)',
	pdf: 'a PDF document',
};

function formatMegabytes(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "10.0 MB" would hide that 10 MB + 1 byte is over the limit: then the exact bytes tell the difference. */
function tooLarge(bytes: number, rules: ImageRules): string {
	const size = formatMegabytes(bytes);
	if (size !== formatMegabytes(rules.maxBytes))
		return `The image is ${size}; Argos accepts at most ${rules.maxBytesInWords}`;
	const exact = (count: number) => count.toLocaleString('en-US');
	return `The image is ${exact(bytes)} bytes; Argos accepts at most ${exact(rules.maxBytes)} bytes (${rules.maxBytesInWords})`;
}

/** "JPEG or PNG", "JPEG, PNG or WebP". */
function formatList(formats: readonly ImageFormat[]): string {
	const names = formats.map((format) => FORMAT_LABELS[format] ?? format.toUpperCase());
	return names.length === 1
		? names[0]
		: `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

const FORMAT_LABELS: Partial<Record<ImageFormat, string>> = { webp: 'WebP' };

/**
 * Refuses an image over the API's limit from its size alone: from n8n's metadata of a binary field, before its bytes
 * are read at all.
 */
export function refuseOversizedImage(
	bytes: number,
	rules: ImageRules = ID_LIVENESS_IMAGES,
): InputProblem | undefined {
	if (bytes <= rules.maxBytes) return undefined;
	const minimum = rules.minSize
		? ` and keep at least ${rules.minSize.width}x${rules.minSize.height} pixels`
		: '';
	return {
		message: tooLarge(bytes, rules),
		description: `Resize or recompress the photo below ${rules.maxBytesInWords} (for example with the Edit Image node)${minimum}.`,
	};
}

/** Checks what can be known before spending an ID Liveness call. */
export function validateIdImage(
	bytes: Uint8Array,
	options: { enforceMinimumSize: boolean },
): ImageValidation {
	return validateImage(bytes, ID_LIVENESS_IMAGES, options);
}

/** Checks what can be known before spending an API call; Argos would reject or misjudge these images. */
export function validateImage(
	bytes: Uint8Array,
	rules: ImageRules,
	options: { enforceMinimumSize: boolean },
): ImageValidation {
	if (bytes.length === 0) {
		return {
			ok: false,
			problem: {
				message: 'The image is empty (0 bytes)',
				description:
					'Check the node that produced the file: the upload or download gave no content.',
			},
		};
	}
	const sniffed = sniffImage(bytes);
	if (!rules.formats.includes(sniffed.format)) {
		const found = FORMAT_NAMES[sniffed.format];
		const accepted = formatList(rules.formats);
		const neither = rules.formats.length === 2 ? 'neither' : 'none of';
		return {
			ok: false,
			problem: {
				message: found
					? `The file is ${found}; ${rules.api} accepts only ${accepted}`
					: `The file is not an image: its content is ${neither} ${accepted.replace(' or ', rules.formats.length === 2 ? ' nor ' : ', ')}, the only formats ${rules.api} accepts`,
				description: `The format is read from the file content, not its name or MIME type. Convert the photo to ${accepted} first (for example with the Edit Image node), or ask the sender for a ${accepted}.`,
			},
		};
	}
	const oversized = refuseOversizedImage(bytes.length, rules);
	if (oversized) return { ok: false, problem: oversized };
	if (sniffed.width === undefined || sniffed.height === undefined) {
		return {
			ok: false,
			problem: {
				message: `The ${sniffed.format.toUpperCase()} file is damaged: its header has no image size`,
				description: 'The file may be cut short. Upload or download it again.',
			},
		};
	}
	if (sniffed.damage !== undefined) {
		return {
			ok: false,
			problem: {
				message: `The ${sniffed.format.toUpperCase()} file is damaged or cut short: ${sniffed.damage}`,
				description:
					'Argos could not analyse it, and the request would still be billed. Upload or download the file again, or export it again from the original photo.',
			},
		};
	}
	const minimum = rules.minSize;
	if (
		options.enforceMinimumSize &&
		minimum &&
		(sniffed.width < minimum.width || sniffed.height < minimum.height)
	) {
		return {
			ok: false,
			problem: {
				message: `The image is ${sniffed.width}x${sniffed.height} pixels; Argos needs at least ${minimum.width}x${minimum.height}`,
				description: `Use a larger photo of ${rules.subject}${rules === ID_LIVENESS_IMAGES ? ' (1920x1080 or more is recommended, with some space around the card)' : ''}. To send it anyway, turn off the option "Reject Small Images".`,
			},
		};
	}
	return {
		ok: true,
		image: {
			format: sniffed.format,
			bytes: bytes.length,
			width: sniffed.width,
			height: sniffed.height,
		},
	};
}
