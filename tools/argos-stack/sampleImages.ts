import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import * as path from 'path';

import { writeFamilySamples, type FamilySample } from '../../emulator/family/familySamples';
import { writeSampleImages, type SampleImage } from '../../emulator/sampleImages';
import type { UploadFile } from '../n8n/binaryUpload';
import { repoRoot } from '../n8n/paths';

const SAMPLES_DIR = path.join(repoRoot, 'samples');
const FAMILY_SAMPLES_DIR = path.join(SAMPLES_DIR, 'family');

/** One sample file: its bytes, what the manifest says about it, and what the emulator records of it. */
export interface Sample<Manifest = SampleImage> extends UploadFile {
	manifest: Manifest;
	sha256: string;
}

/** Draws a sample set into `dir` and looks its files up by name. */
async function loadSampleSet<Manifest extends { fileName: string; mimeType: string }>(
	dir: string,
	write: (dir: string) => Promise<Manifest[]>,
): Promise<(fileName: string) => Sample<Manifest>> {
	const manifest = await write(dir);
	return (fileName) => {
		const entry = manifest.find((sample) => sample.fileName === fileName);
		if (entry === undefined) throw new Error(`no sample "${fileName}" in the manifest`);
		const content = readFileSync(path.join(dir, fileName));
		return {
			fileName,
			mimeType: entry.mimeType,
			content,
			manifest: entry,
			sha256: createHash('sha256').update(content).digest('hex'),
		};
	};
}

/**
 * The synthetic samples, drawn first: samples/ is git-ignored and the e2e config has no globalSetup, so a fresh
 * clone running only the e2e suite would otherwise have none. Unchanged files are left alone.
 */
export function loadSamples(): Promise<(fileName: string) => Sample> {
	return loadSampleSet(SAMPLES_DIR, writeSampleImages);
}

/** The Verify family's selfies and documents (samples/family), drawn first as loadSamples' are. */
export function loadFamilySamples(): Promise<(fileName: string) => Sample<FamilySample>> {
	return loadSampleSet(FAMILY_SAMPLES_DIR, writeFamilySamples);
}

/**
 * Pieces of the base64 the node sends as `idImage`: its first 200 characters and 200 from its middle (the start
 * of two JPEGs from one encoder may be alike, the middle is the picture). Finding either means the image leaked.
 */
export function base64Fingerprints(content: Buffer): string[] {
	const base64 = content.toString('base64');
	const middle = Math.floor(base64.length / 2);
	return [base64.slice(0, 200), base64.slice(middle, middle + 200)];
}
