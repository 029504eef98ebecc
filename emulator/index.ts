export { startEmulator } from './startEmulator';
export { formatMarker, PNG_MARKER_KEYWORD, type ImageMarker } from './imageAnalysis';
export { formatFamilyMarker, type FamilyMarker } from './family/familyImages';
export type { ResponseShapes } from './family/familyContract';
export type {
	CallbackBody,
	CallbackDelivery,
	Emulator,
	EmulatorOptions,
	Fault,
	LimitSettings,
	LivenessScores,
	RecordedImage,
	RecordedRequest,
} from './types';
export {
	DEFAULT_LIMITS,
	VendorLimiter,
	parseLimits,
	type LimitStep,
	type RateAlgorithm,
	type RateLimit,
	type VendorLimits,
} from './vendorLimits';
