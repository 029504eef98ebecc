import type { IncomingHttpHeaders } from 'http';

export interface EmulatorOptions {
	/** 0 picks any free port. */
	port?: number;
	host?: string;
	apiKey?: string;
	/** Added before every answer to /document. */
	latencyMs?: number;
	/** Requests to /document in flight beyond this get 429 with Retry-After. */
	maxConcurrent?: number;
	retryAfterSeconds?: number;
	callbackDelayMs?: number;
	/** Deliver each callback this many times, as a vendor retrying after a lost answer would. */
	duplicateCallbacks?: number;
	/** Larger bodies get 413, as the vendor's gateway does. */
	maxBodyBytes?: number;
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
	reset(): void;
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

export interface LivenessScores {
	screenReplay: number;
	paperPrinted: number;
	replacePortraits: number;
}

/** Only the requested pipelines appear. */
export type VendorResult = Partial<Record<keyof LivenessScores, { liveness_score: number }>>;

/** What the recording keeps of idImage: never the image itself (it is personal data). */
export type RecordedImage =
	| { bytes: number; sha256: string; format: ImageFormat | 'unknown' }
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
	| { statusCode: 400; apiType: string; transactionId: string; errorCode: number; message: string };

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
