import path from 'path';
import { writeFamilySamples } from '../emulator/family/familySamples';
import { writeSampleImages } from '../emulator/sampleImages';

/** Every suite may read <repo>/samples; drawing them here keeps the folder out of git and always current. */
export default async function globalSetup(): Promise<void> {
	const dir = path.join(__dirname, '..', 'samples');
	await writeSampleImages(dir);
	await writeFamilySamples(path.join(dir, 'family'));
}
