import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { findPostgresBinDir } from '../../tools/n8n/services';

describe('findPostgresBinDir (Debian keeps PostgreSQL servers in /usr/lib/postgresql/<major>/bin)', () => {
	let root: string;
	beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'pg-layout-'))));
	afterEach(() => rmSync(root, { recursive: true, force: true }));
	const install = (major: string, withInitdb = true) => {
		mkdirSync(path.join(root, major, 'bin'), { recursive: true });
		if (withInitdb) writeFileSync(path.join(root, major, 'bin', 'initdb'), '');
	};

	it('picks the newest major version that has initdb, numerically (16 after 9)', () => {
		install('9');
		install('15');
		install('16');
		install('17', false); // client tools only
		expect(findPostgresBinDir(root)).toBe(path.join(root, '16', 'bin'));
	});

	it('finds none when no server is installed, so the suite installs or names the packages', () => {
		install('15', false);
		expect(findPostgresBinDir(root)).toBeUndefined();
		expect(findPostgresBinDir(path.join(root, 'absent'))).toBeUndefined();
	});
});
