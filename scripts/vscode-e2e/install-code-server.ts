// Installs code-server (VS Code in a browser, with the same Node extension host as the desktop
// editor) once into <repo>/.cache/code-server/<version>/, so the end-to-end suite can run the
// extension in a real VS Code. VS Code's own test downloaders fetch builds from outside the
// package registries, which are unreachable here; code-server installs from npm.
//
// Run alone with `npx tsx scripts/vscode-e2e/install-code-server.ts`; the suite calls
// ensureCodeServer() itself. A finished install is marked with a stamp file written last, and
// the install happens in a scratch folder renamed into place, so an interrupted install is never
// mistaken for a good one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// 4.100.x is the last line that runs on Node 20; later releases require Node 24.
export const CODE_SERVER_VERSION = '4.100.3';

// Native modules of VS Code build against these headers; ripgrep backs search; Chromium drives
// the editor in the tests.
const DEBIAN_PACKAGES = [
  'libkrb5-dev',
  'libsecret-1-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'ripgrep',
  'chromium',
];

// @vscode/ripgrep (a dependency of VS Code) downloads rg from outside the registries unless it
// finds this archive in its cache folder first.
const RIPGREP_CACHE = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const STAMP = '.installed.json';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cacheRoot = join(repoRoot, '.cache', 'code-server');

export class InstallError extends Error {
  constructor(
    readonly code: 'apt_failed' | 'ripgrep_missing' | 'npm_install_failed' | 'binary_missing',
    message: string,
  ) {
    super(message);
    this.name = 'InstallError';
  }
}

export function installDir(version = CODE_SERVER_VERSION, root = cacheRoot): string {
  return join(root, version);
}

export function codeServerBin(version = CODE_SERVER_VERSION, root = cacheRoot): string {
  return join(installDir(version, root), 'node_modules', '.bin', 'code-server');
}

/** True when a complete install of this version is in the cache: its stamp names it and the launcher is there. */
export function isInstalled(version = CODE_SERVER_VERSION, root = cacheRoot): boolean {
  const stampPath = join(installDir(version, root), STAMP);
  if (!existsSync(stampPath) || !existsSync(codeServerBin(version, root))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as { version?: unknown };
    return stamp.version === version;
  } catch {
    // A stamp cut short is no proof of a finished install.
    return false;
  }
}

/** Marks a finished install; written last, so its presence means everything before it completed. */
export function writeStamp(version: string, root = cacheRoot): void {
  writeFileSync(
    join(installDir(version, root), STAMP),
    `${JSON.stringify({ version, installedAt: new Date().toISOString() })}\n`,
  );
}

function missingDebianPackages(): string[] {
  return DEBIAN_PACKAGES.filter((name) => {
    const query = spawnSync('dpkg', ['-s', name], { encoding: 'utf8' });
    return query.status !== 0 || !query.stdout.includes('Status: install ok installed');
  });
}

function ensureDebianPackages(log: (line: string) => void): void {
  const missing = missingDebianPackages();
  if (!missing.length) return;
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install =
    update.status === 0
      ? spawnSync('apt-get', ['install', '-y', ...missing], { stdio: 'inherit', env })
      : update;
  if (install.status !== 0) {
    throw new InstallError(
      'apt_failed',
      `apt-get could not install ${missing.join(' ')} (exit ${install.status})`,
    );
  }
}

function ensureRipgrepArchive(): void {
  const archive = join(RIPGREP_CACHE, RIPGREP_ARCHIVE);
  if (existsSync(archive)) return;
  if (!existsSync('/usr/bin/rg')) throw new InstallError('ripgrep_missing', '/usr/bin/rg is missing');
  mkdirSync(RIPGREP_CACHE, { recursive: true });
  // The archive holds the binary `rg` at its root, as the released one does.
  const partial = `${archive}.${process.pid}.partial`;
  const tar = spawnSync('tar', ['-czf', partial, '-C', '/usr/bin', 'rg'], { stdio: 'inherit' });
  if (tar.status !== 0)
    throw new InstallError('ripgrep_missing', `could not archive /usr/bin/rg (exit ${tar.status})`);
  renameSync(partial, archive);
}

function runNpmInstall(dir: string, version: string, log: (line: string) => void): Promise<void> {
  const env = {
    ...process.env,
    // code-server's postinstall refuses to run as root without this.
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`, which would wait for a yes.
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--no-save', '--loglevel=error', `code-server@${version}`], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(() => {
      log(`installing code-server ${version}… ${Math.round((Date.now() - started) / 1000)} s`);
    }, 15_000);
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(new InstallError('npm_install_failed', `could not run npm: ${error.message}`));
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new InstallError('npm_install_failed', `npm install exited ${code}:\n${tail}`));
    });
  });
}

/**
 * Installs code-server into the cache unless a complete install of this version is there, and
 * returns the path of its launcher.
 */
export async function ensureCodeServer(
  version = CODE_SERVER_VERSION,
  log: (line: string) => void = (line) => console.log(line),
): Promise<string> {
  if (isInstalled(version)) return codeServerBin(version);
  ensureDebianPackages(log);
  ensureRipgrepArchive();
  mkdirSync(cacheRoot, { recursive: true });
  const scratch = join(cacheRoot, `${version}.partial-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // npm 11 runs install scripts only for packages allowed by the project being installed into.
  writeFileSync(
    join(scratch, 'package.json'),
    `${JSON.stringify({ name: 'code-server-cache', private: true, allowScripts: { 'code-server': true } }, null, 2)}\n`,
  );
  log(`installing code-server ${version} into ${installDir(version)} (a few minutes, once)`);
  const started = Date.now();
  try {
    await runNpmInstall(scratch, version, log);
    const bin = join(scratch, 'node_modules', '.bin', 'code-server');
    if (!existsSync(bin)) throw new InstallError('binary_missing', `npm finished but ${bin} is missing`);
    if (isInstalled(version)) {
      // Another run finished the same install meanwhile (and may be using it): keep theirs.
      rmSync(scratch, { recursive: true, force: true });
      return codeServerBin(version);
    }
    rmSync(installDir(version), { recursive: true, force: true });
    renameSync(scratch, installDir(version));
    writeStamp(version);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  log(`code-server ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return codeServerBin(version);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureCodeServer().then(
    (bin) => console.log(`code-server ready: ${bin}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
