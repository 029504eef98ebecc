import { interpretKeyProbe } from '../../nodes/shared/keyProbe';

describe('interpretKeyProbe', () => {
	it('takes "1005 idImage is required" as an accepted key', () => {
		expect(interpretKeyProbe(400, { error: { errorCode: '1005' } })).toMatchObject({ status: 'OK', message: expect.stringContaining('accepted the API key') });
	});
	it('says in plain words that a key was rejected', () => {
		expect(interpretKeyProbe(401, { error: { errorCode: '1001' } })).toMatchObject({ status: 'Error', message: expect.stringContaining('rejected this API key') });
	});
	it('explains a 403 and an unexpected answer', () => {
		expect(interpretKeyProbe(403, { message: 'Forbidden' }).message).toContain('HTTP 403');
		expect(interpretKeyProbe(404, '<html>')).toMatchObject({ status: 'Error', message: expect.stringContaining('Check the Base URL') });
		expect(interpretKeyProbe(400, { error: { errorCode: '1003' } })).toMatchObject({ status: 'Error', message: expect.stringContaining('error 1003') });
	});
});
