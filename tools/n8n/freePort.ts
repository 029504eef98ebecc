import * as net from 'net';

/** n8n's task broker default; never hand it out, an n8n started elsewhere may hold it. */
const reserved = new Set([5678, 5679]);
/** Ports already given out by this process: the OS may offer the same free port twice before anyone binds it. */
const handedOut = new Set<number>();

/** A TCP port on 127.0.0.1 that is free right now and not yet given to another caller here. */
export async function getFreePort(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await askOsForPort();
		if (reserved.has(port) || handedOut.has(port)) continue;
		handedOut.add(port);
		return port;
	}
	throw new Error('no free TCP port found on 127.0.0.1');
}

function askOsForPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** True when something accepts TCP connections on 127.0.0.1:port right now. */
export function isPortListening(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}
