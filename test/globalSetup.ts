import path from 'path';
import { writeSampleImages } from '../emulator/sampleImages';

/** Every suite may read <repo>/samples; drawing them here keeps the folder out of git and always current. */
export default async function globalSetup(): Promise<void> {
	await writeSampleImages(path.join(__dirname, '..', 'samples'));
}
