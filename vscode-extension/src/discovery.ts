// Where Pythons live on each OS, found by reading the disk, plus `py -0p` and `reg query` on Windows (neither runs
// a Python). python.ts then asks each candidate its version, in the order given here.
//
// Windows: the py launcher's list (PC/launcher2.c `_printEnvironment`: ` -V:3.13 *        C:\...\python.exe`; the
// launcher of Python <= 3.10, PC/launcher.c: ` -3.9-64        C:\...\python.exe *`), the PEP 514 registry entries
// (HKCU/HKLM\Software\Python\<Company>\<Tag>\InstallPath: default value and ExecutablePath; 32-bit Pythons on
// 64-bit Windows under HKLM\Software\WOW6432Node), the Microsoft Store's packages (launcher2.c `appxSearch`:
// %LOCALAPPDATA%\Microsoft\WindowsApps\PythonSoftwareFoundation.Python.3.X_qbz5n2kfra8p0\python.exe), then PATH,
// where %LOCALAPPDATA%\Microsoft\WindowsApps\python.exe is, with no Python installed, a zero-byte app execution
// alias that opens the Store: it is recognised by its place and size and never run.
// macOS: PATH, Homebrew (/opt/homebrew on Apple silicon, /usr/local on Intel), python.org framework builds; Apple's
// /usr/bin/python3 is a stub that offers to install the Xcode command-line tools unless they are installed.
// Linux: PATH, then /usr/bin and /usr/local/bin. Everywhere: uv's and pyenv's Pythons.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Runner } from './process';

export interface Candidate {
  command: string;
  args: string[];
  /** Where it came from, for messages: "Python extension", "goSidecar.interpreter", "PATH", "py -0p (-V:3.13)". */
  source: string;
}

export interface FileInfo {
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
}

/** The file system as discovery reads it; tests pass a recorded machine. */
export interface DiscoveryFs {
  /** Follows links; undefined when missing or unreadable. */
  stat(p: string): Promise<FileInfo | undefined>;
  /** The link itself: an app execution alias is a zero-byte reparse point. */
  lstat(p: string): Promise<FileInfo | undefined>;
  /** The names in a folder; [] when it is missing. */
  readdir(p: string): Promise<string[]>;
  readFile(p: string): Promise<string | undefined>;
}

const info = (s: { size: number; mtimeMs: number; dev: number; ino: number }): FileInfo =>
  ({ size: s.size, mtimeMs: s.mtimeMs, dev: s.dev, ino: s.ino });

export const realFs: DiscoveryFs = {
  stat: (p) => fsp.stat(p).then((s) => (s.isFile() ? info(s) : undefined), () => undefined),
  lstat: (p) => fsp.lstat(p).then((s) => (s.isDirectory() ? undefined : info(s)), () => undefined),
  readdir: (p) => fsp.readdir(p).catch(() => []),
  readFile: (p) => fsp.readFile(p, 'utf8').catch(() => undefined),
};

/** Passed over without being run. */
export interface Skipped {
  path: string;
  kind: 'store-alias' | 'xcode-stub';
}

export interface Locate {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  fs: DiscoveryFs;
  run: Runner;
  /** Where `py` and `reg` run: never a workspace folder. */
  cwd: string;
  /** The minor versions wanted, newest first: ["3.14", "3.13", "3.12", "3.11"]. */
  versions: readonly string[];
  skipped: Skipped[];
  /** Log lines: what was looked at and not used. */
  notes: string[];
}

function paths(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** An environment variable; on Windows its name in any case (Path, PATH). */
export function envVar(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/** PATH's absolute folders (a relative entry would be taken from the current folder: never). */
export function pathDirs(ctx: Pick<Locate, 'env' | 'platform'>): string[] {
  const p = paths(ctx.platform);
  const value = envVar(ctx.env, 'PATH', ctx.platform) ?? '';
  const dirs = value.split(ctx.platform === 'win32' ? ';' : ':').map((d) => d.trim().replace(/^"(.*)"$/, '$1'));
  return dirs.filter((d) => d && p.isAbsolute(d));
}

function same(a: string, b: string, platform: NodeJS.Platform): boolean {
  const p = paths(platform);
  const norm = (s: string) => p.normalize(s).replace(/[\\/]+$/, '');
  return platform === 'win32' || platform === 'darwin' ? norm(a).toLowerCase() === norm(b).toLowerCase() : norm(a) === norm(b);
}

function windowsApps(ctx: Pick<Locate, 'env' | 'platform' | 'home'>): string {
  const local = envVar(ctx.env, 'LOCALAPPDATA', ctx.platform) ?? path.win32.join(ctx.home, 'AppData', 'Local');
  return path.win32.join(local, 'Microsoft', 'WindowsApps');
}

/** The Store's python.exe / python3.exe: a zero-byte app execution alias right in WindowsApps (not run). */
export async function isStoreAlias(file: string, ctx: Pick<Locate, 'env' | 'platform' | 'home' | 'fs'>): Promise<boolean> {
  if (ctx.platform !== 'win32' || !same(path.win32.dirname(file), windowsApps(ctx), 'win32')) return false;
  const st = await ctx.fs.lstat(file);
  return st !== undefined && st.size === 0;
}

function skip(ctx: Locate, file: string, kind: Skipped['kind'], why: string): void {
  if (ctx.skipped.some((s) => same(s.path, file, ctx.platform))) return;
  ctx.skipped.push({ path: file, kind });
  ctx.notes.push(`${file}: ${why}; not run`);
}

// ---------------------------------------------------------------------------------------------- the py launcher

export interface PyListEntry {
  tag: string;
  path: string;
  isDefault: boolean;
}

/** `py -0p` of either launcher: one line per install, the default one marked with `*`. */
export function parsePyList(stdout: string): PyListEntry[] {
  const entries: PyListEntry[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s*(-V:\S+|-\d\S*|\(venv\))(\s+\*)?\s+(.*?)(\s+\*)?\s*$/.exec(line);
    if (!m) continue;
    let file = m[3];
    const exe = /^(.*?\.exe)(?:\s.*)?$/i.exec(file); // launcher2 prints ExecutableArguments after the path
    if (exe) file = exe[1];
    if (!/^(?:[A-Za-z]:[\\/]|\\\\)/.test(file)) continue;
    if (!/\.exe$/i.test(file)) file = path.win32.join(file, 'python.exe'); // an InstallPath without ExecutablePath
    entries.push({ tag: m[1], path: file, isDefault: !!(m[2] || m[4]) });
  }
  // The launcher's default first, then as listed (newest first).
  return [...entries.filter((e) => e.isDefault), ...entries.filter((e) => !e.isDefault)];
}

/** Free-threaded builds (3.13t) need wheels of their own ABI (cp313t), which the .vsix does not carry. */
export function freeThreaded(tagOrFile: string): boolean {
  return /(?:^|[:/\\-])3\.\d+t(?:$|[-.])|python3\.\d+t(?:\.exe)?$/i.test(tagOrFile);
}

async function firstFile(ctx: Locate, files: string[]): Promise<string | undefined> {
  for (const f of files) if (await ctx.fs.lstat(f)) return f;
  return undefined;
}

export async function pyLauncherCandidates(ctx: Locate): Promise<Candidate[]> {
  const w = path.win32;
  const local = envVar(ctx.env, 'LOCALAPPDATA', 'win32') ?? w.join(ctx.home, 'AppData', 'Local');
  const windir = envVar(ctx.env, 'SystemRoot', 'win32') ?? envVar(ctx.env, 'windir', 'win32') ?? 'C:\\Windows';
  // VS Code's PATH is the one it started with: a launcher installed since is found where installers put it.
  const py = await firstFile(ctx, [
    ...pathDirs(ctx).map((d) => w.join(d, 'py.exe')),
    w.join(windir, 'py.exe'),
    w.join(local, 'Programs', 'Python', 'Launcher', 'py.exe'),
    w.join(local, 'Microsoft', 'WindowsApps', 'py.exe'), // the Python install manager's alias
  ]);
  if (!py) {
    ctx.notes.push('py launcher: not installed');
    return [];
  }
  const r = await ctx.run(py, ['-0p'], { cwd: ctx.cwd, timeoutMs: 15_000 });
  if (r.code !== 0) {
    ctx.notes.push(`py launcher: ${py} -0p: ${r.error ?? `exit ${r.code}`}`);
    return [];
  }
  const out: Candidate[] = [];
  for (const e of parsePyList(r.stdout)) {
    if (freeThreaded(e.tag) || freeThreaded(e.path)) {
      ctx.notes.push(`py -0p (${e.tag}): ${e.path} is a free-threaded build; the bundled wheels are for the standard one`);
      continue;
    }
    out.push({ command: e.path, args: [], source: `py -0p (${e.tag})` });
  }
  if (!out.length) ctx.notes.push(`py launcher: ${py} -0p lists no Python`);
  return out;
}

// ---------------------------------------------------------------------------------------------- PEP 514 registry

export interface RegistryEntry {
  /** The InstallPath key, as reg prints it. */
  key: string;
  company: string;
  tag: string;
  installPath?: string;
  executablePath?: string;
}

/** The registry's roots, as reg.exe names them; 32-bit Pythons on 64-bit Windows are under WOW6432Node. */
export const REGISTRY_ROOTS: readonly string[] = [
  'HKCU\\Software\\Python',
  'HKLM\\Software\\Python',
  'HKLM\\Software\\WOW6432Node\\Python',
];

/**
 * `reg query <root> /s`: key lines at the left margin, value lines `    <name>    <type>    <data>`. The default
 * value's name is localised ("(Default)", "(Standard)", "(par défaut)"): any name in parentheses.
 */
export function parseRegQuery(stdout: string): RegistryEntry[] {
  const entries: RegistryEntry[] = [];
  let current: RegistryEntry | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    if (/^HKEY_/i.test(line)) {
      const m = /\\Python\\([^\\]+)\\([^\\]+)\\InstallPath$/i.exec(line.trim());
      current = m ? { key: line.trim(), company: m[1], tag: m[2] } : undefined;
      if (current) entries.push(current);
      continue;
    }
    const v = /^\s+(.+?)\s{2,}(REG_(?:EXPAND_)?SZ)\s{2,}(.*?)\s*$/.exec(line) ?? /^\s+(.+?)\s{2,}(REG_(?:EXPAND_)?SZ)\s*$/.exec(line);
    if (!current || !v) continue;
    const [name, data] = [v[1].trim(), (v[3] ?? '').trim()];
    if (!data) continue;
    if (/^\(.*\)$|^<NO NAME>$/i.test(name)) current.installPath = data;
    else if (/^ExecutablePath$/i.test(name)) current.executablePath = data;
  }
  return entries;
}

/** "3.12-32" -> [3, 12]; undefined for tags that are not versions. */
function tagVersion(tag: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(tag);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function registryExecutable(e: RegistryEntry): string | undefined {
  if (e.executablePath) return e.executablePath;
  return e.installPath ? path.win32.join(e.installPath, 'python.exe') : undefined;
}

export async function registryCandidates(ctx: Locate): Promise<Candidate[]> {
  const windir = envVar(ctx.env, 'SystemRoot', 'win32') ?? 'C:\\Windows';
  const reg = path.win32.join(windir, 'System32', 'reg.exe');
  const results = await Promise.all(
    REGISTRY_ROOTS.map((root) => ctx.run(reg, ['query', root, '/s'], { cwd: ctx.cwd, timeoutMs: 15_000 })),
  );
  const entries: RegistryEntry[] = [];
  results.forEach((r, i) => {
    if (r.code === 0) entries.push(...parseRegQuery(r.stdout));
    else if (r.code !== 1) ctx.notes.push(`registry ${REGISTRY_ROOTS[i]}: ${r.error ?? `exit ${r.code}`}`); // 1: no such key
  });
  const byVersion = (e: RegistryEntry) => {
    const v = tagVersion(e.tag);
    return v ? v[0] * 1000 + v[1] : -1;
  };
  const out: Candidate[] = [];
  for (const e of entries.sort((a, b) => byVersion(b) - byVersion(a))) {
    const exe = registryExecutable(e);
    if (!exe) continue;
    if (freeThreaded(e.tag) || freeThreaded(exe)) {
      ctx.notes.push(`registry ${e.company}\\${e.tag}: ${exe} is a free-threaded build; the bundled wheels are for the standard one`);
      continue;
    }
    out.push({ command: exe, args: [], source: `registry ${e.company}\\${e.tag}` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- files on disk

async function existing(ctx: Locate, files: Array<[string, string]>): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const [file, source] of files) if (await ctx.fs.stat(file)) out.push({ command: file, args: [], source });
  return out;
}

/** The Microsoft Store's Python packages (real Pythons, unlike the alias that opens the Store). */
export async function storeCandidates(ctx: Locate): Promise<Candidate[]> {
  const apps = windowsApps(ctx);
  const out: Candidate[] = [];
  for (const v of ctx.versions) {
    const exe = path.win32.join(apps, `PythonSoftwareFoundation.Python.${v}_qbz5n2kfra8p0`, 'python.exe');
    if (await ctx.fs.lstat(exe)) out.push({ command: exe, args: [], source: `Microsoft Store Python ${v}` });
  }
  return out;
}

/** PATH's Pythons, in PATH's order; on Windows the Store's alias is passed over. */
export async function pathCandidates(ctx: Locate): Promise<Candidate[]> {
  const p = paths(ctx.platform);
  const names = ctx.platform === 'win32'
    ? ['python.exe', 'python3.exe']
    : ['python3', ...ctx.versions.map((v) => `python${v}`)];
  const out: Candidate[] = [];
  for (const name of names) {
    for (const dir of pathDirs(ctx)) {
      const file = p.join(dir, name);
      if (ctx.platform === 'win32') {
        if (!(await ctx.fs.lstat(file))) continue;
        if (await isStoreAlias(file, ctx)) {
          skip(ctx, file, 'store-alias', "the Microsoft Store's app execution alias, which opens the Store");
          continue;
        }
      } else if (!(await ctx.fs.stat(file))) {
        continue;
      }
      if (ctx.platform === 'darwin' && file === '/usr/bin/python3' && !(await xcodePython(ctx))) {
        skip(ctx, file, 'xcode-stub', "Apple's stub, which offers to install the Xcode command-line tools");
        continue;
      }
      out.push({ command: file, args: [], source: 'PATH' });
    }
  }
  return out;
}

/** Apple's /usr/bin/python3 runs a Python only when the command-line tools or Xcode are installed. */
async function xcodePython(ctx: Locate): Promise<boolean> {
  return !!(await firstFile(ctx, [
    '/Library/Developer/CommandLineTools/usr/bin/python3',
    '/Applications/Xcode.app/Contents/Developer/usr/bin/python3',
  ]));
}

/** Folders of uv- or pyenv-managed Pythons whose names carry a wanted version, newest first. */
async function managed(ctx: Locate, dir: string, exe: (name: string) => string, source: string): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  const names = (await ctx.fs.readdir(dir)).filter((n) => !/freethreaded|pypy|graalpy|\dt(?:$|[-.+])/i.test(n));
  for (const v of ctx.versions) {
    const re = new RegExp(`(?:^|-)${v.replace('.', '\\.')}\\.\\d+(?:$|[-+])`);
    for (const n of names.filter((x) => re.test(x)).sort().reverse()) out.push([exe(n), `${source} (${n})`]);
  }
  return out;
}

/** The places installers put Pythons, for a VS Code whose PATH lacks them (started from the Dock, the Start menu). */
export async function wellKnownCandidates(ctx: Locate): Promise<Candidate[]> {
  const files: Array<[string, string]> = [];
  const { versions, home } = ctx;
  if (ctx.platform === 'win32') {
    const w = path.win32;
    const local = envVar(ctx.env, 'LOCALAPPDATA', 'win32') ?? w.join(home, 'AppData', 'Local');
    const roaming = envVar(ctx.env, 'APPDATA', 'win32') ?? w.join(home, 'AppData', 'Roaming');
    const programFiles = envVar(ctx.env, 'ProgramFiles', 'win32') ?? 'C:\\Program Files';
    for (const v of versions) {
      const nn = v.replace('.', '');
      files.push([w.join(local, 'Programs', 'Python', `Python${nn}`, 'python.exe'), 'python.org installer (per user)']);
      files.push([w.join(programFiles, `Python${nn}`, 'python.exe'), 'python.org installer (all users)']);
      files.push([w.join(local, 'Python', `pythoncore-${v}-64`, 'python.exe'), 'Python install manager']);
    }
    files.push(...(await managed(ctx, w.join(roaming, 'uv', 'python'), (n) => w.join(roaming, 'uv', 'python', n, 'python.exe'), 'uv')));
    return existing(ctx, files);
  }
  const p = path.posix;
  if (ctx.platform === 'darwin') {
    for (const prefix of ['/opt/homebrew', '/usr/local']) {
      for (const v of versions) {
        files.push([`${prefix}/bin/python${v}`, 'Homebrew']);
        files.push([`${prefix}/opt/python@${v}/bin/python${v}`, 'Homebrew']);
      }
      files.push([`${prefix}/bin/python3`, 'Homebrew']);
    }
    for (const v of versions) files.push([`/Library/Frameworks/Python.framework/Versions/${v}/bin/python${v}`, 'python.org']);
  } else {
    for (const prefix of ['/usr/bin', '/usr/local/bin']) {
      for (const v of versions) files.push([`${prefix}/python${v}`, 'system']);
      files.push([`${prefix}/python3`, 'system']);
    }
  }
  const data = ctx.env.XDG_DATA_HOME && p.isAbsolute(ctx.env.XDG_DATA_HOME) ? ctx.env.XDG_DATA_HOME : p.join(home, '.local', 'share');
  const uv = p.join(data, 'uv', 'python');
  files.push(...(await managed(ctx, uv, (n) => p.join(uv, n, 'bin', 'python3'), 'uv')));
  const pyenv = ctx.env.PYENV_ROOT && p.isAbsolute(ctx.env.PYENV_ROOT) ? ctx.env.PYENV_ROOT : p.join(home, '.pyenv');
  files.push(...(await managed(ctx, p.join(pyenv, 'versions'), (n) => p.join(pyenv, 'versions', n, 'bin', 'python3'), 'pyenv')));
  return existing(ctx, files);
}

/** This OS's groups of candidates, in order; each is only looked at when the ones before found no fit. */
export function platformGroups(ctx: Locate): Array<() => Promise<Candidate[]>> {
  if (ctx.platform === 'win32') {
    return [
      () => pyLauncherCandidates(ctx),
      () => registryCandidates(ctx),
      () => storeCandidates(ctx),
      () => pathCandidates(ctx),
      () => wellKnownCandidates(ctx),
    ];
  }
  return [() => pathCandidates(ctx), () => wellKnownCandidates(ctx)];
}
