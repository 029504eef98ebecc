import path from 'path';
import { writeFamilySamples } from '../emulator/family/familySamples';
import { writeSampleImages } from '../emulator/sampleImages';

/** Usage: npm run samples [-- <folder>]; writes into <repo>/samples by default. */
async function main(): Promise<void> {
	const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'samples'));
	const samples = await writeSampleImages(dir);
	for (const sample of samples) {
		console.log(
			`${sample.fileName.padEnd(20)} ${sample.mimeType.padEnd(26)} ${sample.width ?? '-'}x${sample.height ?? '-'}  ${JSON.stringify(sample.expected)}`,
		);
	}
	console.log(`${samples.length} samples and manifest.json in ${dir}`);
	const familyDir = path.join(dir, 'family');
	const family = await writeFamilySamples(familyDir);
	for (const sample of family)
		console.log(
			`${sample.fileName.padEnd(26)} ${sample.mimeType.padEnd(11)} ${sample.description}`,
		);
	console.log(`${family.length} Verify family samples and manifest.json in ${familyDir}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
