import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeServerBin, installDir, isInstalled, writeStamp } from './install-code-server.ts';

describe('the code-server cache', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bm-cs-cache-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const placeLauncher = (version: string) => {
    const bin = codeServerBin(version, root);
    mkdirSync(dirname(bin), { recursive: true });
    writeFileSync(bin, '#!/bin/sh\n');
  };

  it('is empty until an install finished', () => {
    expect(isInstalled('4.100.3', root)).toBe(false);
    // Files of an install that stopped half-way, without the stamp written last.
    placeLauncher('4.100.3');
    expect(isInstalled('4.100.3', root)).toBe(false);
  });

  it('holds a version once its stamp is written, and only that version', () => {
    placeLauncher('4.100.3');
    writeStamp('4.100.3', root);
    expect(isInstalled('4.100.3', root)).toBe(true);
    expect(isInstalled('4.101.0', root)).toBe(false);
  });

  it('does not trust a stamp naming another version or cut short', () => {
    placeLauncher('4.100.3');
    writeFileSync(join(installDir('4.100.3', root), '.installed.json'), '{"version":"4.99.0"}\n');
    expect(isInstalled('4.100.3', root)).toBe(false);
    writeFileSync(join(installDir('4.100.3', root), '.installed.json'), '{"vers');
    expect(isInstalled('4.100.3', root)).toBe(false);
  });

  it('does not trust a stamp whose launcher is gone', () => {
    mkdirSync(installDir('4.100.3', root), { recursive: true });
    writeStamp('4.100.3', root);
    expect(isInstalled('4.100.3', root)).toBe(false);
  });
});
