import http from 'http';
import https from 'https';
import { delay } from './httpIo';
import type { CallbackBody, CallbackDelivery } from './types';

const DELIVERY_TIMEOUT_MS = 10_000;

interface Waiter {
	count: number;
	resolve: (deliveries: CallbackDelivery[]) => void;
}

/** Posts results to callback URLs, the way the vendor does after a 201, and records every delivery. */
export class CallbackCourier {
	readonly deliveries: CallbackDelivery[] = [];
	private waiters: Waiter[] = [];
	// Replaced on cancel: deliveries begun under an aborted signal are neither sent on nor recorded.
	private cancellation = new AbortController();

	constructor(
		private readonly delayMs: number,
		private readonly copies: number,
		private readonly log: (line: string) => void,
	) {}

	/** transactionId names the delivery in the record and the log: a vendor's body may lack one. */
	schedule(url: string, body: CallbackBody, transactionId: string): void {
		void this.deliver(url, body, transactionId, this.cancellation.signal);
	}

	cancelPending(): void {
		this.cancellation.abort();
		this.cancellation = new AbortController();
	}

	clear(): void {
		this.cancelPending();
		this.deliveries.length = 0;
	}

	waitFor(count: number, timeoutMs = 5000): Promise<CallbackDelivery[]> {
		if (this.deliveries.length >= count) return Promise.resolve([...this.deliveries]);
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {
				count,
				resolve: (deliveries) => {
					clearTimeout(timer);
					resolve(deliveries);
				},
			};
			const timer = setTimeout(() => {
				this.waiters = this.waiters.filter((other) => other !== waiter);
				reject(
					new Error(
						`expected ${count} callback deliveries within ${timeoutMs} ms, got ${this.deliveries.length}`,
					),
				);
			}, timeoutMs);
			this.waiters.push(waiter);
		});
	}

	private async deliver(
		url: string,
		body: CallbackBody,
		transactionId: string,
		signal: AbortSignal,
	): Promise<void> {
		await delay(this.delayMs);
		for (let attempt = 1; attempt <= this.copies && !signal.aborted; attempt++) {
			const delivery: CallbackDelivery = {
				url,
				transactionId,
				attempt,
				deliveredAt: new Date().toISOString(),
				body,
			};
			try {
				delivery.status = await postJson(url, body, signal);
			} catch (error) {
				delivery.error = error instanceof Error ? error.message : String(error);
			}
			if (signal.aborted) return;
			// The query string may carry the receiver's secret, so the log shows only where it went.
			const { origin, pathname } = new URL(url);
			this.log(
				`callback ${transactionId} #${attempt} → ${origin}${pathname}: ${delivery.status ?? delivery.error}`,
			);
			this.record(delivery);
		}
	}

	private record(delivery: CallbackDelivery): void {
		this.deliveries.push(delivery);
		const satisfied = this.waiters.filter((waiter) => this.deliveries.length >= waiter.count);
		this.waiters = this.waiters.filter((waiter) => !satisfied.includes(waiter));
		for (const waiter of satisfied) waiter.resolve([...this.deliveries]);
	}
}

function postJson(url: string, body: CallbackBody, signal: AbortSignal): Promise<number> {
	const target = new URL(url);
	const transport = target.protocol === 'https:' ? https : http;
	const payload = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const request = transport.request(
			target,
			{
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(payload),
				},
				timeout: DELIVERY_TIMEOUT_MS,
				signal,
				// No pooled keep-alive sockets that would outlive the emulator.
				agent: false,
			},
			(response) => {
				response.resume();
				response.on('end', () => resolve(response.statusCode ?? 0));
				response.on('error', reject);
			},
		);
		request.on('timeout', () =>
			request.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS} ms`)),
		);
		request.on('error', reject);
		request.end(payload);
	});
}
