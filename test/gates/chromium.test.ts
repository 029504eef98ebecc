/** tools/browser/chromium.ts: without a Chromium it can install, the browser test and the screenshots say what to do. */
describe('ensureChromium', () => {
	const saved = process.env.CHROMIUM_PATH;
	afterEach(() => {
		if (saved === undefined) delete process.env.CHROMIUM_PATH;
		else process.env.CHROMIUM_PATH = saved;
	});

	it('names the missing binary and how to install it, and installs nothing for a path it did not choose', () => {
		process.env.CHROMIUM_PATH = '/nonexistent/chromium';
		jest.isolateModules(() => {
			const { ensureChromium } =
				require('../../tools/browser/chromium') as typeof import('../../tools/browser/chromium');
			const log = jest.fn();
			expect(() => ensureChromium(log)).toThrow(
				"Chromium is not installed at /nonexistent/chromium. Install Debian's package as root (apt-get install chromium) or set CHROMIUM_PATH",
			);
			expect(log).not.toHaveBeenCalled();
		});
	});
});
