import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { sniffImage, type ImageFormat } from './imageSniffing';

/** The vendor's limits (best-practice-for-image page): JPEG or PNG, at most 10 MB, at least 640x480. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MIN_WIDTH = 640;
export const MIN_HEIGHT = 480;

export interface AcceptedImage {
	format: ImageFormat;
	bytes: number;
	width?: number;
	height?: number;
}

export type ImageValidation =
	{ ok: true; image: AcceptedImage } | { ok: false; problem: InputProblem };

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

/**
 * Checks what can be known before spending an API call; the vendor would reject or misjudge these images.
 * `bytes` may be only the start of the image when `byteLength` gives its whole size.
 */
export function validateIdImage(
	bytes: Uint8Array,
	options: { enforceMinimumSize: boolean; byteLength?: number },
): ImageValidation {
	const byteLength = options.byteLength ?? bytes.length;
	if (byteLength === 0) {
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
	if (byteLength > MAX_IMAGE_BYTES) {
		return {
			ok: false,
			problem: {
				message: `The image is ${formatMegabytes(byteLength)}; Argos accepts at most 10 MB`,
				description:
					'Resize or recompress the photo below 10 MB (for example with the Edit Image node) and keep at least 640x480 pixels.',
			},
		};
	}
	if (sniffed.width === undefined || sniffed.height === undefined) {
		return {
			ok: false,
			problem: {
				message: `The ${sniffed.format.toUpperCase()} file is damaged: its header has no image size`,
				description: 'The file may be cut short. Upload or download it again.',
			},
		};
	}
	if (options.enforceMinimumSize && (sniffed.width < MIN_WIDTH || sniffed.height < MIN_HEIGHT)) {
		return {
			ok: false,
			problem: {
				message: `The image is ${sniffed.width}x${sniffed.height} pixels; Argos needs at least ${MIN_WIDTH}x${MIN_HEIGHT}`,
				description:
					'Use a larger photo of the document (1920x1080 or more is recommended, with some space around the card). To send it anyway, turn off the option "Reject Images Below 640x480".',
			},
		};
	}
	return {
		ok: true,
		image: {
			format: sniffed.format,
			bytes: byteLength,
			width: sniffed.width,
			height: sniffed.height,
		},
	};
}
