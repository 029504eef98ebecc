/**
 * `npm run dev`'s ports: set by a flag or the environment, checked free, or the preferred one or the next free one.
 */
import * as net from 'net';

import {
	choosePort,
	EDITOR_PORT,
	EMULATOR_PORT,
	isPortFree,
	PortSettingError,
	requestedPort,
} from '../../tools/argos-stack/devPorts';

const freeExcept =
	(...taken: number[]) =>
	async (port: number) =>
		!taken.includes(port);

describe('requestedPort', () => {
	it('takes the flag first, then the environment variable, else nothing', () => {
		expect(requestedPort(EDITOR_PORT, '5690', { DEV_N8N_PORT: '5691' })).toBe(5690);
		expect(requestedPort(EDITOR_PORT, undefined, { DEV_N8N_PORT: '5691' })).toBe(5691);
		expect(requestedPort(EMULATOR_PORT, undefined, { DEV_N8N_PORT: '5691' })).toBeUndefined();
	});

	it.each(['x', '0', '65536', '56.5'])('refuses %p, naming where it came from', (text) => {
		expect(() => requestedPort(EDITOR_PORT, text, {})).toThrow(
			new PortSettingError(`--port must be a port number from 1 to 65535, not "${text}"`),
		);
	});
});

describe('choosePort', () => {
	it('uses the preferred port when it is free', async () => {
		expect(await choosePort(EDITOR_PORT, undefined, [], freeExcept())).toEqual({ port: 5678 });
	});

	it("moves past a taken preferred port, and past n8n's task broker port, saying so", async () => {
		expect(await choosePort(EDITOR_PORT, undefined, [], freeExcept(5678))).toEqual({
			port: 5680,
			note: "Port 5678 is taken, so n8n's editor uses 5680 (--port or DEV_N8N_PORT chooses).",
		});
	});

	it('never gives a port already given to the other server', async () => {
		expect((await choosePort(EMULATOR_PORT, undefined, [8787], freeExcept())).port).toBe(8788);
	});

	it('uses a requested port that is free, and stops with what to do when it is taken', async () => {
		expect(await choosePort(EDITOR_PORT, 5690, [], freeExcept())).toEqual({ port: 5690 });
		await expect(choosePort(EDITOR_PORT, 5678, [], freeExcept(5678))).rejects.toThrow(
			new PortSettingError(
				"Port 5678 for n8n's editor is taken (another n8n or emulator running?). Choose another with --port or DEV_N8N_PORT, or set neither to use a free one.",
			),
		);
		await expect(choosePort(EMULATOR_PORT, 5690, [5690], freeExcept())).rejects.toThrow(
			PortSettingError,
		);
	});
});

describe('isPortFree', () => {
	it('is false while a server listens on the port, true once it has closed', async () => {
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as net.AddressInfo;
		expect(await isPortFree(port)).toBe(false);
		await new Promise((resolve) => server.close(resolve));
		expect(await isPortFree(port)).toBe(true);
	});
});
