import { mkdir, readFile, rename, writeFile } from 'fs/promises';
import path from 'path';
import { crc32 } from 'zlib';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { formatMarker, hashScores, PNG_MARKER_KEYWORD, type ImageMarker } from './imageAnalysis';
import type { LivenessScores } from './types';

/** One synthetic file: what it really is, and what the emulator answers when it is sent with all pipelines. */
export interface SampleImage {
	fileName: string;
	/** What the bytes are, whatever the file name says. */
	mimeType: string;
	/** null when the file is no image at all. */
	width: number | null;
	height: number | null;
	bytes: number;
	description: string;
	/** Why a careful client should not send it; absent for usable images. */
	defect?: 'too-small' | 'not-an-image' | 'unsupported-format' | 'empty';
	expected: { scores: LivenessScores } | { errorCode: '1003' | '1005' | '1009' };
}

interface DrawnFile {
	content: Buffer;
	mimeType: string;
	width: number | null;
	height: number | null;
}

export type Rgb = readonly [number, number, number];
export type CardLook = 'genuine' | 'screen-replay' | 'printed-copy' | 'portrait-swap';

export const FULL_SIZE = { width: 1280, height: 800 };
const JPEG_QUALITY = 88;

const GENUINE_JPEG: LivenessScores = { screenReplay: 97, paperPrinted: 91, replacePortraits: 95 };
const GENUINE_PNG: LivenessScores = { screenReplay: 98, paperPrinted: 94, replacePortraits: 96 };
const SCREEN_REPLAY: LivenessScores = { screenReplay: 12, paperPrinted: 93, replacePortraits: 94 };
const PRINTED_COPY: LivenessScores = { screenReplay: 96, paperPrinted: 45, replacePortraits: 92 };
const PORTRAIT_SWAP: LivenessScores = { screenReplay: 95, paperPrinted: 90, replacePortraits: 22 };

/** Writes every sample and samples/manifest.json into dir; files already holding the same bytes are left alone. */
export function writeSampleImages(dir: string): Promise<SampleImage[]> {
	return writeSampleSet(dir, RECIPES, (recipe, content, facts) => ({
		fileName: recipe.fileName,
		...facts,
		bytes: content.length,
		description: recipe.description,
		...(recipe.defect && { defect: recipe.defect }),
		expected: recipe.expected ?? { scores: hashScores(content) },
	}));
}

/** Draws each recipe into dir (files already holding the same bytes are left alone) and lists them in manifest.json. */
export async function writeSampleSet<Recipe extends { fileName: string }, Facts, Entry>(
	dir: string,
	recipes: Array<Recipe & { draw: () => Facts & { content: Buffer } }>,
	describe: (recipe: Recipe, content: Buffer, facts: Omit<Facts, 'content'>) => Entry,
): Promise<Entry[]> {
	await mkdir(dir, { recursive: true });
	const entries: Entry[] = [];
	for (const recipe of recipes) {
		const { content, ...facts } = recipe.draw();
		await writeIfChanged(path.join(dir, recipe.fileName), content);
		entries.push(describe(recipe, content, facts));
	}
	await writeIfChanged(
		path.join(dir, 'manifest.json'),
		Buffer.from(`${JSON.stringify(entries, null, '\t')}\n`),
	);
	return entries;
}

interface Recipe {
	fileName: string;
	description: string;
	draw: () => DrawnFile;
	defect?: SampleImage['defect'];
	/** Omitted when the image carries no marker, so the emulator derives its scores from the image's hash. */
	expected?: SampleImage['expected'];
}

const RECIPES: Recipe[] = [
	{
		fileName: 'genuine.jpg',
		description:
			'A clean photo of a synthetic ID card with space around it; every pipeline scores high.',
		draw: () => jpegCard(FULL_SIZE, 'genuine', { scores: GENUINE_JPEG }),
		expected: { scores: GENUINE_JPEG },
	},
	{
		fileName: 'genuine.png',
		description: 'The same card as a PNG; every pipeline scores high.',
		draw: () => pngCard(FULL_SIZE, 'genuine', { scores: GENUINE_PNG }),
		expected: { scores: GENUINE_PNG },
	},
	{
		fileName: 'screen-replay.jpg',
		description: 'The card photographed off a screen (scan lines); screenReplay scores low.',
		draw: () => jpegCard(FULL_SIZE, 'screen-replay', { scores: SCREEN_REPLAY }),
		expected: { scores: SCREEN_REPLAY },
	},
	{
		fileName: 'printed-copy.png',
		description: 'A grey photocopy of the card; paperPrinted scores medium.',
		draw: () => pngCard(FULL_SIZE, 'printed-copy', { scores: PRINTED_COPY }),
		expected: { scores: PRINTED_COPY },
	},
	{
		fileName: 'portrait-swap.jpg',
		description: 'The card with a portrait pasted over the original; replacePortraits scores low.',
		draw: () => jpegCard(FULL_SIZE, 'portrait-swap', { scores: PORTRAIT_SWAP }),
		expected: { scores: PORTRAIT_SWAP },
	},
	{
		fileName: 'analysis-fails.jpg',
		description:
			'A valid card photo the vendor cannot analyse: 400 errorCode 1009 (or a failure callback).',
		draw: () => jpegCard(FULL_SIZE, 'genuine', { scores: {}, errorCode: '1009' }),
		expected: { errorCode: '1009' },
	},
	{
		fileName: 'too-small.jpg',
		description:
			'A valid JPEG of 320x200, below the vendor minimum of 640x480; no marker, so scores come from its hash.',
		draw: () => jpegCard({ width: 320, height: 200 }, 'genuine'),
		defect: 'too-small',
	},
	{
		fileName: 'not-an-image.txt',
		description: 'Plain text.',
		draw: () => ({
			content: Buffer.from(
				'This is not an image: a text file for testing that non-images are refused.\n',
			),
			mimeType: 'text/plain',
			width: null,
			height: null,
		}),
		defect: 'not-an-image',
		expected: { errorCode: '1003' },
	},
	{
		fileName: 'animated.gif',
		description: 'A minimal two-frame animated GIF89a; the vendor accepts only JPEG and PNG.',
		draw: () => ({ content: animatedGif(), mimeType: 'image/gif', width: 1, height: 1 }),
		defect: 'unsupported-format',
		expected: { errorCode: '1003' },
	},
	{
		fileName: 'empty.jpg',
		description: 'Zero bytes; its base64 is empty, so the vendor says idImage is required.',
		draw: () => ({
			content: Buffer.alloc(0),
			mimeType: 'application/octet-stream',
			width: null,
			height: null,
		}),
		defect: 'empty',
		expected: { errorCode: '1005' },
	},
	{
		fileName: 'renamed-gif.jpg',
		description: 'A GIF named .jpg: only the content tells.',
		draw: () => ({ content: animatedGif(), mimeType: 'image/gif', width: 1, height: 1 }),
		defect: 'unsupported-format',
		expected: { errorCode: '1003' },
	},
];

function jpegCard(size: typeof FULL_SIZE, look: CardLook, marker?: ImageMarker): DrawnFile {
	const canvas = drawIdCard(size.width, size.height, look);
	return {
		content: encodeCanvasJpeg(canvas, marker && formatMarker(marker)),
		mimeType: 'image/jpeg',
		...size,
	};
}

/** The canvas as a JPEG, the marker (if any) in a comment segment. */
export function encodeCanvasJpeg(canvas: Canvas, markerText?: string): Buffer {
	const comments = markerText === undefined ? [] : [markerText];
	const { data } = encodeJpeg(
		{ width: canvas.width, height: canvas.height, data: canvas.data, comments },
		JPEG_QUALITY,
	);
	return data;
}

function pngCard(size: typeof FULL_SIZE, look: CardLook, marker: ImageMarker): DrawnFile {
	const canvas = drawIdCard(size.width, size.height, look);
	return { content: encodePng(canvas, formatMarker(marker)), mimeType: 'image/png', ...size };
}

async function writeIfChanged(file: string, content: Buffer): Promise<void> {
	const existing = await readFile(file).catch(() => undefined);
	if (existing?.equals(content)) return;
	// Renamed into place so a test run reading the folder at the same time never sees half a file.
	const partial = `${file}.${process.pid}.partial`;
	await writeFile(partial, content);
	await rename(partial, file);
}

// ---- Drawing: an RGBA canvas and the few shapes an ID card needs ----

export class Canvas {
	readonly data: Buffer;

	constructor(
		readonly width: number,
		readonly height: number,
		background: Rgb,
	) {
		this.data = Buffer.alloc(width * height * 4);
		this.rect(0, 0, width, height, background);
	}

	rect(left: number, top: number, width: number, height: number, color: Rgb): void {
		this.paint(left, top, left + width, top + height, undefined, color);
	}

	roundedRect(
		left: number,
		top: number,
		width: number,
		height: number,
		radius: number,
		color: Rgb,
	): void {
		const right = left + width;
		const bottom = top + height;
		this.paint(
			left,
			top,
			right,
			bottom,
			(x, y) => {
				const dx = larger(larger(left + radius - x, 0), x - (right - radius));
				const dy = larger(larger(top + radius - y, 0), y - (bottom - radius));
				return dx * dx + dy * dy <= radius * radius;
			},
			color,
		);
	}

	/** Clipped to clip, so a shape can sit at the edge of a box without spilling over it. */
	ellipse(
		cx: number,
		cy: number,
		rx: number,
		ry: number,
		color: Rgb,
		clip: { bottom: number },
	): void {
		this.paint(
			cx - rx,
			cy - ry,
			cx + rx,
			Math.min(cy + ry, clip.bottom),
			(x, y) => {
				return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
			},
			color,
		);
	}

	/** Rewrites every pixel in place; used for whole-image effects such as scan lines. */
	recolor(transform: (pixel: { r: number; g: number; b: number }, y: number) => void): void {
		// One reused object, no arrays: this runs a million times per image.
		const pixel = { r: 0, g: 0, b: 0 };
		for (let y = 0, offset = 0; y < this.height; y++) {
			for (let x = 0; x < this.width; x++, offset += 4) {
				pixel.r = this.data[offset];
				pixel.g = this.data[offset + 1];
				pixel.b = this.data[offset + 2];
				transform(pixel, y);
				this.data[offset] = toByte(pixel.r);
				this.data[offset + 1] = toByte(pixel.g);
				this.data[offset + 2] = toByte(pixel.b);
			}
		}
	}

	/** Without an inside test every pixel of the box is painted. */
	private paint(
		left: number,
		top: number,
		right: number,
		bottom: number,
		inside: ((x: number, y: number) => boolean) | undefined,
		color: Rgb,
	): void {
		const x0 = Math.max(0, Math.round(left));
		const x1 = Math.min(this.width, Math.round(right));
		const y0 = Math.max(0, Math.round(top));
		const y1 = Math.min(this.height, Math.round(bottom));
		for (let y = y0; y < y1; y++) {
			for (let x = x0; x < x1; x++) {
				// Sampled at the pixel centre, so shapes scale cleanly to the small sample.
				if (inside && !inside(x + 0.5, y + 0.5)) continue;
				const offset = (y * this.width + x) * 4;
				this.data[offset] = color[0];
				this.data[offset + 1] = color[1];
				this.data[offset + 2] = color[2];
				this.data[offset + 3] = 255;
			}
		}
	}
}

// Per-pixel code avoids Math.*: inside jest's test sandbox every global lookup is slow.
function toByte(value: number): number {
	return value <= 0 ? 0 : value >= 255 ? 255 : (value + 0.5) | 0;
}

function larger(a: number, b: number): number {
	return a > b ? a : b;
}

const COLORS = {
	background: [236, 238, 241],
	shadow: [208, 211, 216],
	card: [252, 252, 249],
	header: [31, 78, 140],
	headerText: [226, 234, 245],
	portrait: [200, 204, 210],
	silhouette: [150, 156, 165],
	pastedPortrait: [214, 196, 170],
	pastedSilhouette: [168, 140, 112],
	label: [176, 181, 188],
	value: [58, 63, 71],
	chip: [212, 178, 92],
	mrz: [85, 89, 95],
	paper: [226, 222, 212],
} as const satisfies Record<string, Rgb>;

/** A fictitious card (no real person, no real issuer) in ID-1 proportions, with a wide margin as the vendor asks. */
export function drawIdCard(width: number, height: number, look: CardLook): Canvas {
	const canvas = new Canvas(width, height, COLORS.background);
	const cardWidth = width * 0.6;
	const cardHeight = cardWidth / 1.586;
	const left = (width - cardWidth) / 2;
	const top = (height - cardHeight) / 2;
	const radius = cardWidth * 0.035;
	const at = (fx: number, fy: number) => [left + fx * cardWidth, top + fy * cardHeight] as const;

	canvas.roundedRect(
		left + cardWidth * 0.01,
		top + cardWidth * 0.012,
		cardWidth,
		cardHeight,
		radius,
		COLORS.shadow,
	);
	canvas.roundedRect(left, top, cardWidth, cardHeight, radius, COLORS.card);
	// A rounded header whose lower corners the card body squares off again.
	canvas.roundedRect(left, top, cardWidth, cardHeight * 0.2 + radius, radius, COLORS.header);
	canvas.rect(left, top + cardHeight * 0.2, cardWidth, radius, COLORS.card);
	canvas.rect(...at(0.05, 0.055), cardWidth * 0.45, cardHeight * 0.05, COLORS.headerText);
	canvas.rect(...at(0.05, 0.125), cardWidth * 0.3, cardHeight * 0.03, COLORS.headerText);

	drawPortrait(
		canvas,
		at(0.05, 0.27),
		cardWidth * 0.26,
		cardHeight * 0.56,
		look === 'portrait-swap',
	);

	const valueLengths = [0.42, 0.3, 0.36, 0.22];
	valueLengths.forEach((length, row) => {
		canvas.rect(...at(0.36, 0.29 + row * 0.13), cardWidth * 0.12, cardHeight * 0.025, COLORS.label);
		canvas.rect(
			...at(0.36, 0.33 + row * 0.13),
			cardWidth * length,
			cardHeight * 0.04,
			COLORS.value,
		);
	});
	canvas.roundedRect(
		...at(0.82, 0.3),
		cardWidth * 0.11,
		cardHeight * 0.15,
		cardWidth * 0.012,
		COLORS.chip,
	);

	for (const row of [0.88, 0.935]) {
		for (let column = 0; column < 36; column++) {
			canvas.rect(
				...at(0.05 + column * 0.025, row),
				cardWidth * 0.017,
				cardHeight * 0.035,
				COLORS.mrz,
			);
		}
	}

	applyLook(canvas, look);
	return canvas;
}

/** A pasted portrait has other colours and sits a little off the printed frame, as a crude forgery would. */
function drawPortrait(
	canvas: Canvas,
	[left, top]: readonly [number, number],
	width: number,
	height: number,
	pasted: boolean,
): void {
	const shift = pasted ? width * 0.046 : 0;
	const x = left + shift;
	const y = top - shift;
	const figure = pasted ? COLORS.pastedSilhouette : COLORS.silhouette;
	const bottom = { bottom: y + height };
	canvas.rect(x, y, width, height, pasted ? COLORS.pastedPortrait : COLORS.portrait);
	canvas.ellipse(x + width / 2, y + height * 0.38, width * 0.22, height * 0.2, figure, bottom);
	canvas.ellipse(x + width / 2, y + height * 0.98, width * 0.42, height * 0.3, figure, bottom);
}

function applyLook(canvas: Canvas, look: CardLook): void {
	if (look === 'screen-replay') {
		// Dark scan lines over a slightly blue cast, as a phone photo of a monitor shows.
		canvas.recolor((pixel, y) => {
			const scanLine = y % 4 === 0;
			pixel.r *= scanLine ? 0.82 : 0.97;
			pixel.g *= scanLine ? 0.86 : 0.99;
			pixel.b *= scanLine ? 0.95 : 1.04;
		});
	}
	if (look === 'printed-copy') {
		const [paperR, paperG, paperB] = COLORS.paper;
		canvas.recolor((pixel) => {
			const grey = 0.6 * (0.3 * pixel.r + 0.59 * pixel.g + 0.11 * pixel.b);
			pixel.r = grey + 0.4 * paperR;
			pixel.g = grey + 0.4 * paperG;
			pixel.b = grey + 0.4 * paperB;
		});
	}
}

// ---- Encoders ----

/** pngjs writes no text chunks, so the marker's tEXt chunk goes in by hand, right after the IHDR chunk. */
export function encodePng(canvas: Canvas, markerText: string): Buffer {
	const png = new PNG({ width: canvas.width, height: canvas.height });
	canvas.data.copy(png.data);
	const encoded = PNG.sync.write(png, { filterType: 0 });
	const afterHeader = 8 + 12 + 13; // signature, then IHDR: length, type and CRC around 13 bytes of data
	return Buffer.concat([
		encoded.subarray(0, afterHeader),
		pngChunk('tEXt', Buffer.from(`${PNG_MARKER_KEYWORD}\0${markerText}`, 'latin1')),
		encoded.subarray(afterHeader),
	]);
}

function pngChunk(type: string, data: Buffer): Buffer {
	const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData));
	return Buffer.concat([length, typeAndData, crc]);
}

/** Two 1x1 frames (black, then white) looping forever: the smallest real animated GIF89a. */
function animatedGif(): Buffer {
	const frame = (lzwBytes: [number, number]) => [
		...[0x21, 0xf9, 0x04, 0x00, 0x32, 0x00, 0x00, 0x00], // graphic control: 0.5 s delay
		...[0x2c, 0, 0, 0, 0, 0x01, 0x00, 0x01, 0x00, 0x00], // image descriptor: 1x1 at 0,0
		...[0x02, 0x02, ...lzwBytes, 0x00], // LZW minimum code size 2, one block of codes: clear, pixel, end
	];
	return Buffer.from([
		...Buffer.from('GIF89a', 'latin1'),
		...[0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00], // 1x1 screen, global colour table of 2 entries
		...[0x00, 0x00, 0x00, 0xff, 0xff, 0xff],
		...[0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0', 'latin1'), 0x03, 0x01, 0x00, 0x00, 0x00], // loop forever
		...frame([0x44, 0x01]),
		...frame([0x4c, 0x01]),
		0x3b,
	]);
}

/**
 * The JPEG with about `kilobytes` of comment segments right after its start marker: as large as a phone photo,
 * or with as much metadata before its frame header as a large EXIF block, as far as the bytes go.
 */
export function withLeadingComments(jpeg: Buffer, kilobytes: number): Buffer {
	const segments: Buffer[] = [];
	for (let size = 0; size < kilobytes * 1024; size += 65_537)
		segments.push(Buffer.from([0xff, 0xfe, 0xff, 0xff]), Buffer.alloc(65_533, 0x20));
	return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}
