import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveCharterPath } from './charter-location';

describe('resolveCharterPath', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'charter-location-'));
    mkdirSync(join(root, 'charter'));
    writeFileSync(join(root, 'charter', 'charter.yaml'), 'version: "2026.1.1"\n');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds charter/charter.yaml in the repository root from the source tree', () => {
    const source = join(root, 'libs', 'service-runtime', 'src');
    mkdirSync(source, { recursive: true });
    expect(resolveCharterPath(undefined, source)).toBe(join(root, 'charter', 'charter.yaml'));
  });

  it('finds the same file from a build under dist/', () => {
    const built = join(root, 'dist', 'libs', 'service-runtime', 'src');
    mkdirSync(built, { recursive: true });
    expect(resolveCharterPath(undefined, built)).toBe(join(root, 'charter', 'charter.yaml'));
  });

  it('uses CHARTER_PATH as given when it is absolute', () => {
    expect(resolveCharterPath('/etc/concord/charter.yaml', root)).toBe('/etc/concord/charter.yaml');
  });

  it('resolves a relative CHARTER_PATH from the working directory', () => {
    expect(resolveCharterPath('config/charter.yaml', root)).toBe(resolve('config/charter.yaml'));
  });

  it('finds the repository charter from this library itself', () => {
    expect(resolveCharterPath(undefined)).toBe(resolve(__dirname, '../../../charter/charter.yaml'));
  });
});
