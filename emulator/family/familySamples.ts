/**
 * Synthetic selfies and ID documents whose markers drive every answer of the Verify family: face liveness scores,
 * compare match / no match / no face, recognition fields (an expired document, a minor), and documented errors.
 * Every person is fictitious. `npm run samples` writes them to samples/family with a manifest.json.
 */

import {
	Canvas,
	drawIdCard,
	encodeCanvasJpeg,
	encodePng,
	FULL_SIZE,
	writeSampleSet,
	type CardLook,
	type Rgb,
} from '../sampleImages';
import { formatFamilyMarker, type FamilyMarker } from './familyImages';

export interface FamilySample {
	fileName: string;
	mimeType: string;
	width: number;
	height: number;
	bytes: number;
	description: string;
	/** What the image carries; the emulator's answers follow from it (see emulator/README.md). */
	marker: FamilyMarker;
}

const SELFIE_SIZE = { width: 800, height: 600 };

/** Fictitious people: the same person on a selfie and a document compares as a match. */
const PEOPLE = {
	ada: { skin: [224, 186, 160], hair: [62, 44, 32], shirt: [44, 96, 150] },
	ben: { skin: [150, 108, 82], hair: [20, 20, 22], shirt: [150, 60, 48] },
	cy: { skin: [196, 150, 120], hair: [120, 120, 124], shirt: [70, 120, 80] },
	dee: { skin: [236, 200, 170], hair: [40, 28, 20], shirt: [200, 160, 40] },
} as const satisfies Record<string, { skin: Rgb; hair: Rgb; shirt: Rgb }>;

const ADA_DOCUMENT: FamilyMarker = {
	person: 'ada',
	fullName: 'ADA SAMPLE',
	firstName: 'ADA',
	lastName: 'SAMPLE',
	gender: 'F',
	nationality: 'USA',
	birthDate: '1990-04-12',
	number: 'D1234567',
	issueDate: '2022-06-01',
	expireDate: '2032-06-01',
	authority: 'DEPARTMENT OF SAMPLES',
	// So the same front also answers /document with high scores.
	screenReplay: '97',
	paperPrinted: '91',
	replacePortraits: '95',
};

/** /document scores of a genuine photo, so a document's only reasons for review are what it says. */
const GENUINE_PHOTO: FamilyMarker = {
	screenReplay: '93',
	paperPrinted: '90',
	replacePortraits: '92',
};

interface FamilyRecipe {
	fileName: string;
	description: string;
	marker: FamilyMarker;
	draw: (markerText: string) => {
		content: Buffer;
		mimeType: string;
		width: number;
		height: number;
	};
}

const RECIPES: FamilyRecipe[] = [
	{
		fileName: 'selfie-ada.jpg',
		description: 'A live selfie of Ada: face liveness 94; matches her documents.',
		marker: { person: 'ada', livenessScore: '94' },
		draw: (text) => selfieJpeg('ada', 'live', text),
	},
	{
		fileName: 'selfie-ada-replay.jpg',
		description:
			"Ada's selfie replayed off a screen: face liveness 18 (still her face, so compare matches).",
		marker: { person: 'ada', livenessScore: '18' },
		draw: (text) => selfieJpeg('ada', 'replay', text),
	},
	{
		fileName: 'selfie-ada-borderline.jpg',
		description:
			'Ada in poor light: face liveness 88, compare similarity 0.78 (under the vendor threshold 0.8, over a user minimum of 0.75).',
		marker: { person: 'ada', livenessScore: '88', similarity: '0.78' },
		draw: (text) => selfieJpeg('ada', 'dim', text),
	},
	{
		fileName: 'selfie-ben.png',
		description: 'A live selfie of Ben (PNG): face liveness 91; no match against Ada.',
		marker: { person: 'ben', livenessScore: '91' },
		draw: (text) => ({
			content: encodePng(drawSelfie('ben', 'live'), text),
			mimeType: 'image/png',
			...SELFIE_SIZE,
		}),
	},
	{
		fileName: 'selfie-cy.jpg',
		description: 'A live selfie of Cy: face liveness 90; matches his passport.',
		marker: { person: 'cy', livenessScore: '90' },
		draw: (text) => selfieJpeg('cy', 'live', text),
	},
	{
		fileName: 'selfie-dee.jpg',
		description: 'A live selfie of Dee: face liveness 92; matches her identity card.',
		marker: { person: 'dee', livenessScore: '92' },
		draw: (text) => selfieJpeg('dee', 'live', text),
	},
	{
		fileName: 'selfie-no-face.jpg',
		description:
			'An empty room: face liveness 400 errorCode 1017; compare isAvailable false, similarity 0.',
		marker: { faces: '0' },
		draw: (text) => ({
			content: encodeCanvasJpeg(drawRoom(), text),
			mimeType: 'image/jpeg',
			...SELFIE_SIZE,
		}),
	},
	{
		fileName: 'selfie-unmarked.bmp',
		description:
			'An uncompressed BMP selfie without a marker: compare and recognition take BMP, face liveness refuses it (1003).',
		marker: {},
		draw: () => ({
			content: encodeBmp(drawSelfie('ben', 'live')),
			mimeType: 'image/bmp',
			...SELFIE_SIZE,
		}),
	},
	{
		fileName: 'id-ada.jpg',
		description:
			"Ada's driving licence, front: every field readable, dates as YYYY-MM-DD, valid until 2032, adult; /document scores 97/91/95.",
		marker: ADA_DOCUMENT,
		draw: (text) => cardJpeg('genuine', text),
	},
	{
		fileName: 'id-ada-back.jpg',
		description: "The back of Ada's licence: adds her address.",
		marker: { address: '110 SAMPLE STREET, SPRINGFIELD' },
		draw: (text) => cardJpeg('printed-copy', text),
	},
	{
		fileName: 'id-back-unreadable.jpg',
		description: 'A back the vendor cannot read: 400 errorCode 1012 (or a failure callback).',
		marker: { errorCode: '1012' },
		draw: (text) => cardJpeg('screen-replay', text),
	},
	{
		fileName: 'id-cy-expired.jpg',
		description:
			"Cy's passport, expired on 31 March 2021, dates as YYYYMMDD, read with confidence 58; /document scores 93/90/92.",
		marker: {
			person: 'cy',
			fullName: 'CY EXAMPLE',
			firstName: 'CY',
			lastName: 'EXAMPLE',
			gender: 'M',
			nationality: 'GBR',
			birthDate: '19780923',
			number: 'P7654321',
			issueDate: '20110331',
			expireDate: '20210331',
			confidence: '58',
			...GENUINE_PHOTO,
		},
		draw: (text) => cardJpeg('portrait-swap', text),
	},
	{
		fileName: 'id-dee-minor.png',
		description:
			"Dee's identity card (PNG): born 20 May 2015, so a minor until 2033; dates as YYYY.MM.DD; /document scores 93/90/92.",
		marker: {
			person: 'dee',
			fullName: 'DEE MINOR EXAMPLE',
			firstName: 'DEE',
			middleName: 'MINOR',
			lastName: 'EXAMPLE',
			gender: 'F',
			nationality: 'KOR',
			birthDate: '2015.05.20',
			number: 'K2015052',
			issueDate: '2025.01.15',
			expireDate: '2030.01.15',
			...GENUINE_PHOTO,
		},
		draw: (text) => ({
			content: encodePng(drawIdCard(FULL_SIZE.width, FULL_SIZE.height, 'genuine'), text),
			mimeType: 'image/png',
			...FULL_SIZE,
		}),
	},
];

export function writeFamilySamples(dir: string): Promise<FamilySample[]> {
	const drawable = RECIPES.map((recipe) => ({
		...recipe,
		draw: () => recipe.draw(formatFamilyMarker(recipe.marker)),
	}));
	return writeSampleSet(dir, drawable, (recipe, content, facts) => ({
		fileName: recipe.fileName,
		...facts,
		bytes: content.length,
		description: recipe.description,
		marker: recipe.marker,
	}));
}

function cardJpeg(look: CardLook, markerText: string) {
	const canvas = drawIdCard(FULL_SIZE.width, FULL_SIZE.height, look);
	return { content: encodeCanvasJpeg(canvas, markerText), mimeType: 'image/jpeg', ...FULL_SIZE };
}

type SelfieLook = 'live' | 'replay' | 'dim';

function selfieJpeg(person: keyof typeof PEOPLE, look: SelfieLook, markerText: string) {
	return {
		content: encodeCanvasJpeg(drawSelfie(person, look), markerText),
		mimeType: 'image/jpeg',
		...SELFIE_SIZE,
	};
}

/** One frontal face well inside the frame, as the vendor's best practices ask (face box over 150 px, margins). */
function drawSelfie(person: keyof typeof PEOPLE, look: SelfieLook): Canvas {
	const { skin, hair, shirt } = PEOPLE[person];
	const canvas = drawRoom();
	const { width, height } = canvas;
	const bottom = { bottom: height };
	const cx = width / 2;
	canvas.ellipse(cx, height * 1.02, width * 0.3, height * 0.3, shirt, bottom);
	canvas.ellipse(cx, height * 0.4, width * 0.15, height * 0.27, hair, bottom);
	canvas.ellipse(cx, height * 0.45, width * 0.13, height * 0.24, skin, bottom);
	for (const side of [-1, 1])
		canvas.ellipse(cx + side * width * 0.05, height * 0.41, 12, 8, [40, 40, 48], bottom);
	canvas.rect(cx - 30, height * 0.56, 60, 8, [150, 70, 70]);
	if (look === 'replay')
		canvas.recolor((pixel, y) => {
			const scanLine = y % 4 === 0;
			pixel.r *= scanLine ? 0.8 : 0.96;
			pixel.b *= scanLine ? 0.95 : 1.06;
		});
	if (look === 'dim')
		canvas.recolor((pixel) => {
			pixel.r *= 0.55;
			pixel.g *= 0.5;
			pixel.b *= 0.45;
		});
	return canvas;
}

function drawRoom(): Canvas {
	const canvas = new Canvas(SELFIE_SIZE.width, SELFIE_SIZE.height, [214, 218, 210]);
	canvas.rect(520, 80, 200, 240, [190, 214, 236]);
	canvas.rect(0, 470, SELFIE_SIZE.width, 130, [160, 140, 118]);
	return canvas;
}

/** A bottom-up 24-bit BMP (BITMAPINFOHEADER), rows padded to four bytes. */
function encodeBmp(canvas: Canvas): Buffer {
	const rowBytes = Math.ceil((canvas.width * 3) / 4) * 4;
	const header = Buffer.alloc(54);
	const size = header.length + rowBytes * canvas.height;
	header.write('BM', 0, 'latin1');
	header.writeUInt32LE(size, 2);
	header.writeUInt32LE(header.length, 10);
	header.writeUInt32LE(40, 14);
	header.writeInt32LE(canvas.width, 18);
	header.writeInt32LE(canvas.height, 22);
	header.writeUInt16LE(1, 26);
	header.writeUInt16LE(24, 28);
	header.writeUInt32LE(rowBytes * canvas.height, 34);
	const pixels = Buffer.alloc(rowBytes * canvas.height);
	for (let y = 0; y < canvas.height; y++) {
		const row = (canvas.height - 1 - y) * rowBytes;
		for (let x = 0; x < canvas.width; x++) {
			const source = (y * canvas.width + x) * 4;
			pixels[row + x * 3] = canvas.data[source + 2];
			pixels[row + x * 3 + 1] = canvas.data[source + 1];
			pixels[row + x * 3 + 2] = canvas.data[source];
		}
	}
	return Buffer.concat([header, pixels]);
}
