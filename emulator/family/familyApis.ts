import { faceLivenessApi } from './faceLiveness';
import { createFaceCompareApi } from './faceCompare';
import { createIdRecognitionApi } from './idRecognition';
import type { VendorApi } from '../documentHandler';
import type { FamilyBody } from './familyApi';
import type { ResponseShapes } from './familyContract';

/** The Verify family by path, each served also under /modules as the vendor's base URL has it. */
export function createFamilyRoutes(
	shapes: () => ResponseShapes,
): Map<string, VendorApi<FamilyBody>> {
	const apis = {
		'/liveness': faceLivenessApi,
		'/compare': createFaceCompareApi(shapes),
		'/recognition': createIdRecognitionApi(shapes),
	};
	return new Map(
		Object.entries(apis).flatMap(([path, api]) => [
			[path, api],
			[`/modules${path}`, api],
		]),
	);
}
