import { isSignedResumeUrl } from '../../package/nodes/ArgosIdLiveness/actions/submitAndWait';
import {
	refuseUnsupportedN8n,
	UNSUPPORTED_N8N_MESSAGE,
} from '../../package/nodes/resultsAndCallbacks/supportedN8n';

describe('on an n8n too old for the package', () => {
	it('passes on the n8n-workflow the package is built against', () => {
		expect(() => refuseUnsupportedN8n()).not.toThrow();
	});

	// A TypeError would reach n8n's log as "Class could not be found" (n8n 1.82.3): the message must be a plain Error's.
	it('throws a plain Error that says which n8n is needed when NodeConnectionTypes is missing', () => {
		let thrown: unknown;
		try {
			refuseUnsupportedN8n({ NodeConnectionType: { Main: 'main' } });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(Error);
		expect(thrown).not.toBeInstanceOf(TypeError);
		expect((thrown as Error).message).toBe(UNSUPPORTED_N8N_MESSAGE);
		expect(UNSUPPORTED_N8N_MESSAGE).toMatch(/^n8n-nodes-argos-id-liveness needs n8n 2\.0 or newer/);
	});

	it.each([
		['ArgosIdLiveness/ArgosIdLiveness.node'],
		['ArgosIdLivenessTrigger/ArgosIdLivenessTrigger.node'],
	])(
		'refuses to load %s where n8n-workflow has no NodeConnectionTypes (n8n before 1.83)',
		(file) => {
			jest.isolateModules(() => {
				jest.doMock('n8n-workflow', () => ({
					...jest.requireActual('n8n-workflow'),
					NodeConnectionTypes: undefined,
				}));
				expect(() => require(`../../package/nodes/${file}`)).toThrow(UNSUPPORTED_N8N_MESSAGE);
			});
		},
	);
});

describe('isSignedResumeUrl', () => {
	it.each([
		['https://n8n.example.com/webhook-waiting/42?signature=abc', true],
		['https://n8n.example.com/webhook-waiting/42', false], // n8n 1.x
		['https://n8n.example.com/webhook-waiting/42?signature=', false],
		['not a url', false],
	])('%s: %s', (url, signed) => {
		expect(isSignedResumeUrl(url)).toBe(signed);
	});
});
