import type { IExecuteFunctions } from 'n8n-workflow';

import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { decodeBase64Image, type DecodedImage } from './base64Image';
import { downloadImage } from './imageDownload';
import {
	ID_LIVENESS_IMAGES,
	refuseOversizedImage,
	validateImage,
	type ImageRules,
} from './imageRules';

/** Where an item's image is, as its parameters say: read once, when the item is prepared. */
export type ImageOrigin =
	/** `parameterName`: the binary field's parameter as the editor shows it, for the hint when the field is missing. */
	| { source: 'binary'; propertyName: string; parameterName: string }
	| { source: 'base64'; value: unknown }
	| { source: 'url'; url: unknown; timeoutMs: number };

/**
 * An item's ID photo, checked whole each time it is read (its structure up to the end marker). The pre-flight reads
 * it and may keep the bytes until the item is sent (see `imageKeeper`); otherwise sending reads it again, a file
 * opening or a download whose bytes are validated again, so what is sent is always what was validated.
 */
export class ImageSource {
	private kept: Buffer | undefined;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly origin: ImageOrigin,
		private readonly enforceMinimumSize: boolean,
		/** The limits of the API the image is for. */
		private readonly rules: ImageRules = ID_LIVENESS_IMAGES,
	) {}

	/** The pre-flight: reads and validates the photo, and keeps its bytes until `take` or `drop`. */
	async validate(): Promise<DecodedImage> {
		const image = await this.readValidated();
		this.kept = image.ok ? image.bytes : undefined;
		return image;
	}

	/** How many bytes this source keeps from the pre-flight. */
	get keptBytes(): number {
		return this.kept?.length ?? 0;
	}

	/** Lets the kept bytes go: `take` reads the photo again. */
	drop(): void {
		this.kept = undefined;
	}

	/** For sending: the bytes kept from the pre-flight (handed over once, then no longer kept), or read and validated again. */
	async take(): Promise<DecodedImage> {
		const kept = this.kept;
		this.kept = undefined;
		return kept ? { ok: true, bytes: kept } : await this.readValidated();
	}

	private async readValidated(): Promise<DecodedImage> {
		const image = await this.read();
		if (!image.ok) return image;
		const validation = validateImage(image.bytes, this.rules, {
			enforceMinimumSize: this.enforceMinimumSize,
		});
		return validation.ok ? image : validation;
	}

	/**
	 * From a binary field (read through n8n's helpers, so it works in filesystem and database binary modes alike),
	 * from a base64 / data: URL field, or downloaded from a URL.
	 */
	private async read(): Promise<DecodedImage> {
		const { context, itemIndex, origin } = this;
		if (origin.source === 'base64') return decodeBase64Image(origin.value);
		if (origin.source === 'url') return await downloadImage(context, origin.url, origin.timeoutMs);
		const binary = context.getInputData()[itemIndex]?.binary ?? {};
		const found = binary[origin.propertyName];
		if (!found) return { ok: false, problem: missingBinary(origin, Object.keys(binary)) };
		// n8n notes the size of a stored file: one over the limit is refused without reading it into memory.
		const oversized =
			typeof found.bytes === 'number' ? refuseOversizedImage(found.bytes, this.rules) : undefined;
		if (oversized) return { ok: false, problem: oversized };
		return {
			ok: true,
			bytes: await context.helpers.getBinaryDataBuffer(itemIndex, origin.propertyName),
		};
	}
}

function missingBinary(
	origin: { propertyName: string; parameterName: string },
	available: string[],
): InputProblem {
	return {
		message: `The item has no binary field "${origin.propertyName}"`,
		description: available.length
			? `Set "${origin.parameterName}" to one of: ${available.join(', ')}.`
			: 'The item has no files at all. Connect a node that provides the photo (e.g. a Form Trigger with a file field or an HTTP Request that downloads it), or choose "Base64 String or Data URL" as the image source.',
	};
}

/** How many bytes of checked images one run keeps from its pre-flight until they are sent. */
export const KEPT_IMAGE_BYTES = 16 * 1024 * 1024;

/**
 * For one run: keeps the images of the first items prepared, up to `KEPT_IMAGE_BYTES` in all, and drops the
 * others, which are read (or downloaded) again when they are sent. Keeping every image would make memory grow with
 * the batch rather than with what is in flight; reading every image twice costs a file opening or a download each.
 */
export function imageKeeper(): (image: ImageSource) => void {
	let kept = 0;
	return (image) => {
		const bytes = image.keptBytes;
		if (kept + bytes <= KEPT_IMAGE_BYTES) kept += bytes;
		else image.drop();
	};
}
