/**
 * The files the reliability matrices feed to n8n: copies of the samples, each made unique by a JPEG comment so the
 * emulator's recording (which keeps each image's SHA-256) tells which item a request belonged to, and the broken
 * files of the bad-input matrix. They are written into one folder that n8n may read (N8N_RESTRICT_FILE_ACCESS_TO)
 * and enter n8n only through its "Read/Write Files from Disk" node, so no image's base64 is ever put into execution
 * data by the test itself: any base64 the secret scan finds was put there by the package.
 */
import { createHash } from 'crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { FamilySample } from '../../emulator/family/familySamples';
import {
	base64Fingerprints,
	loadFamilySamples,
	loadSamples,
	type Sample,
} from '../argos-stack/sampleImages';

export interface CaseFile {
	/** Absolute path, as n8n's Read node is given it. */
	path: string;
	sha256: string;
	/** The sample it was made from, or a description of the broken file. */
	origin: string;
	/** Pieces of its base64: finding one in n8n's database, logs or outputs means the image leaked. */
	fingerprints: string[];
}

/** A folder of files for one n8n instance; `remove()` deletes it. */
export interface CaseFolder {
	dir: string;
	sample: (fileName: string) => Sample;
	/** A Verify family sample (samples/family): selfies, and documents whose marker the emulator reads as their text. */
	familySample: (fileName: string) => Sample<FamilySample>;
	/** Writes `content` as `name` (subfolders allowed) and returns it with its digest and fingerprints. */
	write(name: string, content: Buffer, origin: string): CaseFile;
	/** A copy of a JPEG sample that differs from every other copy by a fixed-length comment after SOI. */
	uniqueJpeg(name: string, sampleName: string, tag: string): CaseFile;
	/** Every file written so far. */
	files(): CaseFile[];
	/** The distinct fingerprints of every file written, each named by the file it came from. */
	fingerprints(): Array<{ what: string; text: string }>;
	remove(): void;
}

const SOI_LENGTH = 2;
/** Same length for every tag, so the base64 of the picture after it lines up the same in every copy. */
const TAG_LENGTH = 32;
const TAG_PREFIX = 'reliability ';

/**
 * The base64 every copy made by uniqueJpeg starts with (SOI, the comment header, the tag's fixed prefix: 18 bytes,
 * a whole number of base64 groups): a leak of the start of any copy contains it, whichever copy it was.
 */
const COPY_START = Buffer.concat([
	Buffer.from([0xff, 0xd8]),
	jpegComment(TAG_PREFIX.padEnd(TAG_LENGTH, '.')).subarray(0, 4 + TAG_PREFIX.length),
]).toString('base64');

/** A run of one character (the middle of a zero-padded file) is no fingerprint: it occurs anywhere. */
const distinctive = (text: string) => !/^(.)\1*$/.test(text);

/** `FF FE <length> text`: a JPEG comment segment, which decoders skip and the emulator reads as no marker. */
function jpegComment(text: string): Buffer {
	const body = Buffer.from(text, 'latin1');
	const header = Buffer.from([0xff, 0xfe, 0, 0]);
	header.writeUInt16BE(body.length + 2, 2);
	return Buffer.concat([header, body]);
}

export async function createCaseFolder(): Promise<CaseFolder> {
	const sample = await loadSamples();
	const familySample = await loadFamilySamples();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'argos-reliability-'));
	const written: CaseFile[] = [];
	const write = (name: string, content: Buffer, origin: string): CaseFile => {
		const filePath = path.join(dir, name);
		mkdirSync(path.dirname(filePath), { recursive: true });
		writeFileSync(filePath, content);
		const file = {
			path: filePath,
			sha256: createHash('sha256').update(content).digest('hex'),
			origin,
			fingerprints: content.length >= 300 ? base64Fingerprints(content).filter(distinctive) : [],
		};
		written.push(file);
		return file;
	};
	return {
		dir,
		sample,
		familySample,
		write,
		uniqueJpeg(name, sampleName, tag) {
			const content = sample(sampleName).content;
			const comment = jpegComment(
				`${TAG_PREFIX}${tag}`.padEnd(TAG_LENGTH, '.').slice(0, TAG_LENGTH),
			);
			const file = write(
				name,
				Buffer.concat([content.subarray(0, SOI_LENGTH), comment, content.subarray(SOI_LENGTH)]),
				sampleName,
			);
			// Its own start differs from every other copy's by the tag: the shared start stands for all of them.
			file.fingerprints = [COPY_START, ...file.fingerprints.slice(1)];
			return file;
		},
		files: () => [...written],
		fingerprints() {
			const byText = new Map<string, string>();
			for (const file of written)
				for (const text of file.fingerprints)
					if (!byText.has(text))
						byText.set(text, `base64 of ${file.origin} (${path.basename(file.path)})`);
			return [...byText].map(([text, what]) => ({ what, text }));
		},
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}
