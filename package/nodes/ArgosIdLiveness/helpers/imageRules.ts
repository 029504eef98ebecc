import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { sniffImage, type ImageFormat } from './imageSniffing';

/** Argos' limits (best-practice-for-image page): JPEG or PNG, at most 10 MB, at least 640x480. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const MIN_WIDTH = 640;
const MIN_HEIGHT = 480;

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
function tooLarge(bytes: number): string {
	const size = formatMegabytes(bytes);
	if (size !== formatMegabytes(MAX_IMAGE_BYTES))
		return `The image is ${size}; Argos accepts at most 10 MB`;
	const exact = (count: number) => count.toLocaleString('en-US');
	return `The image is ${exact(bytes)} bytes; Argos accepts at most ${exact(MAX_IMAGE_BYTES)} bytes (10 MB)`;
}

/**
 * Refuses an image over Argos' 10 MB from its size alone: from n8n's metadata of a binary field, before its bytes
 * are read at all.
 */
export function refuseOversizedImage(bytes: number): InputProblem | undefined {
	if (bytes <= MAX_IMAGE_BYTES) return undefined;
	return {
		message: tooLarge(bytes),
		description:
			'Resize or recompress the photo below 10 MB (for example with the Edit Image node) and keep at least 640x480 pixels.',
	};
}

/** Checks what can be known before spending an API call; Argos would reject or misjudge these images. */
export function validateIdImage(
	bytes: Uint8Array,
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
	if (sniffed.format !== 'jpeg' && sniffed.format !== 'png') {
		const found = FORMAT_NAMES[sniffed.format];
		return {
			ok: false,
			problem: {
				message: found
					? `The file is ${found}; Argos ID Liveness accepts only JPEG or PNG`
					: 'The file is not an image: its content is neither JPEG nor PNG, the only formats Argos ID Liveness accepts',
				description:
					'The format is read from the file content, not its name or MIME type. Convert the photo to JPEG or PNG first (for example with the Edit Image node), or ask the sender for a JPEG or PNG.',
			},
		};
	}
	const oversized = refuseOversizedImage(bytes.length);
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
	if (options.enforceMinimumSize && (sniffed.width < MIN_WIDTH || sniffed.height < MIN_HEIGHT)) {
		return {
			ok: false,
			problem: {
				message: `The image is ${sniffed.width}x${sniffed.height} pixels; Argos needs at least ${MIN_WIDTH}x${MIN_HEIGHT}`,
				description:
					'Use a larger photo of the document (1920x1080 or more is recommended, with some space around the card). To send it anyway, turn off the option "Reject Small Images".',
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
