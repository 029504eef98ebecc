/** The family's image fields: decoded once, their format sniffed, and the marker that chooses the vendor's answer. */

import { decodeIdImage, sha256 } from '../documentRequest';
import { markerTexts } from '../imageAnalysis';
import type { FamilyOnlyFormat, ImageFormat } from '../types';

export type FamilyFormat = ImageFormat | FamilyOnlyFormat;

export type FamilyImage = { bytes: Buffer; format: FamilyFormat | 'unknown' } | { problem: string };

/** As strict as /document's idImage (no data: prefix, padded base64), knowing WebP and BMP as well. */
export function decodeFamilyImage(text: string): FamilyImage {
	const decoded = decodeIdImage(text);
	if ('problem' in decoded || decoded.format !== 'unknown') return decoded;
	return { bytes: decoded.bytes, format: sniffFamilyOnlyFormat(decoded.bytes) };
}

function sniffFamilyOnlyFormat(bytes: Buffer): FamilyOnlyFormat | 'unknown' {
	if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
		return 'webp';
	if (bytes.toString('latin1', 0, 2) === 'BM' && bytes.length >= 26) return 'bmp';
	return 'unknown';
}

/**
 * What whoever drew the image chose for it, as `key=value` pairs separated by `;` in the same place as /document's
 * marker (a JPEG comment, a PNG tEXt chunk): `person`, `faces`, `livenessScore`, `similarity`, `errorCode`, and the
 * OCR fields. WebP and BMP images carry none.
 */
export type FamilyMarker = Partial<Record<string, string>>;

export function readFamilyMarker(bytes: Buffer, format: FamilyFormat): FamilyMarker {
	if (format !== 'jpeg' && format !== 'png') return {};
	const marker: FamilyMarker = {};
	for (const text of markerTexts(bytes, format)) {
		for (const entry of text.split(';')) {
			const separator = entry.indexOf('=');
			if (separator > 0)
				marker[entry.slice(0, separator).trim()] = entry.slice(separator + 1).trim();
		}
	}
	return marker;
}

export function formatFamilyMarker(marker: FamilyMarker): string {
	return Object.entries(marker)
		.map(([key, value]) => `${key}=${value}`)
		.join(';');
}

/** A number from the marker within [0, max], or undefined when absent or out of range. */
export function markerNumber(marker: FamilyMarker, key: string, max: number): number | undefined {
	const text = marker[key];
	const value = Number(text);
	return text === undefined || text === '' || !(value >= 0 && value <= max) ? undefined : value;
}

/** A big-endian 16-bit number at `offset` of the image's SHA-256: the same bytes always give the same value. */
export function hashNumber(bytes: Buffer, offset: number): number {
	return sha256(bytes).readUInt16BE(offset);
}
