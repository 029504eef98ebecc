import type { FamilyCallbackBody, ResponseShapes } from './family/familyContract';
import type { IncomingHttpHeaders } from 'http';
import type { LimitStep, VendorLimits } from './vendorLimits';

/** The limits (see vendorLimits.ts and README "Limits"), and a schedule that changes them mid-run. */
export type LimitSettings = Partial<VendorLimits> & { schedule?: LimitStep[] };

export interface EmulatorOptions extends Omit<LimitSettings, 'schedule'> {
	/** 0 picks any free port. */
	port?: number;
	host?: string;
	apiKey?: string;
	/** Added before every answer to /document (and before refusals, unless `refusalTiming` is 'immediate'). */
	latencyMs?: number;
	/** Changes of the limits mid-run, from the first request on. */
	limitSchedule?: LimitStep[];
	callbackDelayMs?: number;
	/** Deliver each callback this many times, as a vendor retrying after a lost answer would. */
	duplicateCallbacks?: number;
	/** Larger bodies get 413, as the vendor's gateway does. */
	maxBodyBytes?: number;
	/** Which documented shape /compare and /recognition answer in (see family/responseShapes). */
	responseShapes?: Partial<ResponseShapes>;
	log?: (line: string) => void;
}

export interface Emulator {
	/** Base URL like http://127.0.0.1:PORT; clients append /document. */
	url: string;
	port: number;
	requests: RecordedRequest[];
	callbacks: CallbackDelivery[];
	injectFaults(faults: Fault[]): void;
	/** Changes `maxConcurrent` from the next request on; undefined lifts the limit. */
	throttle(maxConcurrent: number | undefined): void;
	/** Changes any of the limits from the next request on; a `schedule` starts with the next request. */
	setLimits(limits: LimitSettings): void;
	/** The limits in force now. */
	limits(): VendorLimits;
	reset(): void;
	/** From the next request on; shapes left out stay as they are. */
	setResponseShapes(shapes: Partial<ResponseShapes>): void;
	close(): Promise<void>;
	waitForCallbacks(n: number, timeoutMs?: number): Promise<CallbackDelivery[]>;
}

export type Fault =
	| { type: 'status'; status: 429 | 500 | 502 | 503 | 403 | 413; retryAfter?: string }
	| { type: 'drop' }
	| { type: 'slow'; ms: number }
	| { type: 'malformed'; shape?: MalformedShape }
	| { type: 'noResult' };

/** How a malformed 200 breaks the vendor's answer: see malformedAnswer. */
export type MalformedShape = 'cut' | 'nested' | 'page';

export type ImageFormat = 'jpeg' | 'png';

/** Formats only some of the Verify family's APIs take (see family/familyImages). */
export type FamilyOnlyFormat = 'webp' | 'bmp';

export interface LivenessScores {
	screenReplay: number;
	paperPrinted: number;
	replacePortraits: number;
}

/** Only the requested pipelines appear. */
export type VendorResult = Partial<Record<keyof LivenessScores, { liveness_score: number }>>;

/** What the recording keeps of idImage: never the image itself (it is personal data). */
export type RecordedImage =
	| { bytes: number; sha256: string; format: ImageFormat | FamilyOnlyFormat | 'unknown' }
	| { problem: string; length: number };

export interface RecordedRequest {
	receivedAt: string;
	method: string;
	/** Includes the query string. */
	path: string;
	headers: IncomingHttpHeaders;
	/** The JSON body with idImage replaced by a RecordedImage, or the problem that kept it out. */
	body: Record<string, unknown> | { problem: string; bytes: number };
	/** The status answered; null while unanswered or when the connection was dropped. */
	status: number | null;
	/** When the answer left; absent while unanswered or when the connection was dropped. */
	answeredAt?: string;
	/** Which limit refused the request, when one did. */
	refusedBy?: 'cap' | 'rate';
	transactionId?: string;
}

export type CallbackBody =
	| {
			statusCode: 200;
			apiType: string;
			transactionId: string;
			engineVersion: string;
			result: VendorResult;
	  }
	| { statusCode: 400; apiType: string; transactionId: string; errorCode: number; message: string }
	| FamilyCallbackBody;

export interface CallbackDelivery {
	url: string;
	transactionId: string;
	/** 1 for the first delivery, then 2… when duplicateCallbacks > 1. */
	attempt: number;
	deliveredAt: string;
	body: CallbackBody;
	/** The status the receiver answered. */
	status?: number;
	/** Why the receiver could not be reached. */
	error?: string;
}
