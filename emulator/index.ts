export { startEmulator } from './startEmulator';
export { formatMarker, PNG_MARKER_KEYWORD, type ImageMarker } from './imageAnalysis';
export type {
	CallbackBody,
	CallbackDelivery,
	Emulator,
	EmulatorOptions,
	Fault,
	LivenessScores,
	RecordedImage,
	RecordedRequest,
} from './types';
