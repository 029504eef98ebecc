export { startEmulator } from './startEmulator';
export { formatMarker, PNG_MARKER_KEYWORD, type ImageMarker } from './imageMarker';
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
