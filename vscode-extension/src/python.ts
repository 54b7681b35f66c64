// Finding a Python >= 3.11 to create the server's environment with: the Python extension's interpreter, then
// goSidecar.interpreter, then the places of this OS (discovery.ts). Each candidate is run once to read its
// version, real executable and platform (cached per file and modification time for the session); the first one
// the bundled wheels fit wins.
import * as path from 'node:path';
import { type Candidate, type DiscoveryFs, type FileInfo, type Locate, platformGroups, type Skipped } from './discovery';
import type { Runner } from './process';

export type { Candidate, Skipped } from './discovery';

export const MIN_VERSION: readonly [number, number] = [3, 11];
/** The minor versions looked for by name (python3.14 ...) when the wheels do not say. */
const DEFAULT_VERSIONS = ['3.14', '3.13', '3.12', '3.11'];
/** Prints e.g. "(3, 11)", the interpreter's real path, and its platform ("win-amd64", "macosx-11.0-arm64"). */
export const PROBE =
  'import sys, sysconfig; print(sys.version_info[:2]); print(sys.executable); print(sysconfig.get_platform())';

export interface Python {
  executable: string;
  version: [number, number];
  source: string;
}

/** A Python that ran and does not fit. */
export interface Found {
  executable: string;
  version: string;
  source: string;
  why: 'old' | 'unsupported' | 'machine';
  /** Its platform, as sysconfig names it (for 'machine'). */
  platform?: string;
}

export interface DiscoveryInput {
  platform: NodeJS.Platform;
  run: Runner;
  /** The Python extension's interpreter for the workspace; undefined when that extension is not installed. */
  pythonExtension: () => Promise<string | undefined>;
  /** goSidecar.interpreter, with variables substituted; '' when unset. */
  setting: string;
  /** The folders of an untrusted workspace: a Python that lives inside them is never run. */
  untrustedFolders: readonly string[];
  /** Where the probes run: never a workspace folder (its files could shadow modules). */
  cwd: string;
  /** The versions ("3.12") the bundled wheels serve; undefined: any new enough. */
  supported?: ReadonlySet<string>;
  /** The machines ("x86_64", "arm64", "x86") the bundled platform wheels are for; undefined: any. */
  machines?: ReadonlySet<string>;
  fs: DiscoveryFs;
  env: NodeJS.ProcessEnv;
  home: string;
  /** Probe results of this session; none: every candidate is run. */
  cache?: ProbeCache;
}

export interface Discovery {
  python?: Python;
  /** One line per candidate that was not taken, and why. */
  rejected: string[];
  /** The Pythons that ran and do not fit. */
  found?: Found[];
  /** What was passed over without running it: the Store's alias, Apple's stub. */
  skipped?: Skipped[];
}

export interface ProbeInfo {
  version: [number, number];
  executable: string;
  platform?: string;
}

type ProbeResult = ProbeInfo | string;

/** Probe results per file, valid while the file's identity, size and modification time stay the same. */
export class ProbeCache {
  private readonly entries = new Map<string, { stamp: string; result: ProbeResult }>();
  get(key: string, stamp: string): ProbeResult | undefined {
    const e = this.entries.get(key);
    return e && e.stamp === stamp ? e.result : undefined;
  }
  set(key: string, stamp: string, result: ProbeResult): void {
    this.entries.set(key, { stamp, result });
  }
}

export function parseProbe(stdout: string): ProbeInfo | undefined {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim());
  const m = /^\((\d+), (\d+)\)$/.exec(lines[0] ?? '');
  if (!m || !lines[1]) return undefined;
  const platform = lines[2] || undefined;
  return { version: [Number(m[1]), Number(m[2])], executable: lines[1], ...(platform ? { platform } : {}) };
}

export function newEnough(version: readonly [number, number]): boolean {
  return version[0] > MIN_VERSION[0] || (version[0] === MIN_VERSION[0] && version[1] >= MIN_VERSION[1]);
}

/** "x86_64", "arm64" or "x86" from a wheel's platform tag or sysconfig's platform; universal2 is both. */
export function machinesOf(tag: string): string[] {
  const t = tag.toLowerCase();
  if (/universal2$/.test(t)) return ['x86_64', 'arm64'];
  if (/(?:amd64|x86_64|x64)$/.test(t)) return ['x86_64'];
  if (/(?:arm64|aarch64)$/.test(t)) return ['arm64'];
  if (/(?:^win32|i[3-6]86|[-_]x86)$/.test(t)) return ['x86'];
  return [];
}

const MACHINE_NAMES: Record<string, string> = { x86_64: '64-bit x86', arm64: 'ARM64', x86: '32-bit x86' };

export function isInside(file: string, folder: string, platform: NodeJS.Platform): boolean {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const norm = (s: string) => (platform === 'win32' || platform === 'darwin' ? s.toLowerCase() : s);
  const rel = p.relative(norm(p.resolve(folder)), norm(p.resolve(file)));
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
}

async function runProbe(c: Candidate, input: DiscoveryInput, file?: FileInfo): Promise<ProbeResult> {
  const key = [c.command, ...c.args].join('\0');
  const stamp = file && `${file.dev}:${file.ino}:${file.size}:${file.mtimeMs}`;
  const cached = stamp ? input.cache?.get(key, stamp) : undefined;
  if (cached) return cached;
  // -I: isolated mode (no PYTHON* variables, no user site, no current folder on sys.path).
  const r = await input.run(c.command, [...c.args, '-I', '-c', PROBE], { cwd: input.cwd, timeoutMs: 20_000 });
  let result: ProbeResult;
  if (r.code !== 0) {
    const why = r.error === 'ENOENT' ? 'not found' : r.error ?? `exit ${r.code}: ${(r.stderr || r.stdout).trim()}`;
    result = `${[c.command, ...c.args].join(' ')}: ${why}`;
    if (r.code === null && r.error !== 'ENOENT') return result; // a timeout: try again next time
  } else {
    result = parseProbe(r.stdout) ?? `${c.command} did not answer like a Python: ${r.stdout.trim().slice(0, 200)}`;
  }
  if (stamp) input.cache?.set(key, stamp, result);
  return result;
}

/** Runs one candidate (or takes its cached answer): a Python that fits, or why not. */
export async function probe(c: Candidate, input: DiscoveryInput, file?: FileInfo): Promise<Python | { line: string; found?: Found }> {
  if (input.untrustedFolders.some((f) => isInside(c.command, f, input.platform))) {
    return { line: `${c.source}: ${c.command} is inside the untrusted workspace; not run` };
  }
  const info = await runProbe(c, input, file);
  if (typeof info === 'string') return { line: `${c.source}: ${info}` };
  const v = info.version.join('.');
  const seen = { executable: info.executable, version: v, source: c.source };
  if (!newEnough(info.version)) {
    return {
      line: `${c.source}: ${info.executable} is Python ${v}; go-sidecar needs ${MIN_VERSION.join('.')} or newer`,
      found: { ...seen, why: 'old' },
    };
  }
  if (input.supported && !input.supported.has(v)) {
    return {
      line: `${c.source}: ${info.executable} is Python ${v}; this build carries wheels for ${versionList(input.supported)}`,
      found: { ...seen, why: 'unsupported' },
    };
  }
  const machines = info.platform ? machinesOf(info.platform) : [];
  if (input.machines && machines.length && !machines.some((m) => input.machines!.has(m))) {
    const want = [...input.machines].map((m) => MACHINE_NAMES[m] ?? m).join(' or ');
    return {
      line: `${c.source}: ${info.executable} is a ${MACHINE_NAMES[machines[0]] ?? machines[0]} Python (${info.platform}); this build's wheels are for ${want}`,
      found: { ...seen, why: 'machine', platform: info.platform },
    };
  }
  return { executable: info.executable, version: info.version, source: c.source };
}

/** The minor versions to look for by name, newest first. */
export function wantedVersions(supported?: ReadonlySet<string>): string[] {
  const list = supported?.size ? [...supported] : DEFAULT_VERSIONS;
  return list.filter((v) => /^3\.\d+$/.test(v)).sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
}

export async function findPython(input: DiscoveryInput): Promise<Discovery> {
  const rejected: string[] = [];
  const found: Found[] = [];
  const skipped: Skipped[] = [];
  const ctx: Locate = {
    platform: input.platform, env: input.env, home: input.home, fs: input.fs, run: input.run, cwd: input.cwd,
    versions: wantedVersions(input.supported), skipped, notes: rejected,
  };
  const fromExtension = async (): Promise<Candidate[]> => {
    try {
      const exe = await input.pythonExtension();
      return exe ? [{ command: exe, args: [], source: 'Python extension' }] : [];
    } catch (e) {
      rejected.push(`Python extension: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  };
  const groups: Array<() => Promise<Candidate[]>> = [
    fromExtension,
    async () => (input.setting ? [{ command: input.setting, args: [], source: 'goSidecar.interpreter' }] : []),
    ...platformGroups(ctx),
  ];
  const fold = (s: string) => (input.platform === 'win32' || input.platform === 'darwin' ? s.toLowerCase() : s);
  const seenNames = new Set<string>();
  const seenFiles = new Set<string>();
  for (const group of groups) {
    for (const c of await group()) {
      const name = fold([c.command, ...c.args].join('\0'));
      if (seenNames.has(name)) continue;
      seenNames.add(name);
      // The same file by another name (python3 -> python3.12, a Homebrew link): asked once. Size and time too,
      // as a 64-bit NTFS file id does not fit a JavaScript number exactly.
      const file = (await input.fs.stat(c.command)) ?? (await input.fs.lstat(c.command));
      const id = file && file.ino ? `${file.dev}:${file.ino}:${file.size}:${file.mtimeMs}` : undefined;
      if (id && seenFiles.has(id)) continue;
      if (id) seenFiles.add(id);
      const result = await probe(c, input, file);
      if ('executable' in result) return { python: result, rejected, found, skipped };
      rejected.push(result.line);
      if (result.found && !found.some((f) => f.executable === result.found!.executable)) found.push(result.found);
    }
  }
  return { rejected, found, skipped };
}

/** "3.11, 3.12 or 3.14"; a run of three or more consecutive versions is "3.11–3.14". */
export function versionList(versions: ReadonlySet<string>): string {
  const sorted = [...versions].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const minors = sorted.map((v) => Number(v.split('.')[1]));
  const consecutive = sorted.every((v) => v.startsWith('3.')) && minors.every((m, i) => i === 0 || m === minors[i - 1] + 1);
  if (consecutive && sorted.length >= 3) return `${sorted[0]}–${sorted[sorted.length - 1]}`;
  return sorted.length > 1 ? `${sorted.slice(0, -1).join(', ')} or ${sorted[sorted.length - 1]}` : sorted.join('');
}

export function wantedText(supported?: ReadonlySet<string>): string {
  return supported?.size ? `Python ${versionList(supported)}` : `Python ${MIN_VERSION.join('.')} or newer`;
}

const WHY: Record<Found['why'], (f: Found) => string> = {
  old: () => 'too old',
  unsupported: () => 'this build carries no wheels for it',
  machine: (f) => `a ${f.platform} build`,
};

/** What is missing, in one sentence: the versions needed, and what was found instead. */
export function missingText(platform: NodeJS.Platform, supported?: ReadonlySet<string>, discovery?: Discovery): string {
  const found = (discovery?.found ?? []).slice(0, 3).map((f) => `Python ${f.version} at ${f.executable} (${WHY[f.why](f)})`);
  const more = (discovery?.found?.length ?? 0) - found.length;
  if (more > 0) found.push(`${more} more (see Show Logs)`);
  const stubs: string[] = [];
  for (const s of discovery?.skipped ?? []) {
    const name = platform === 'win32' ? path.win32.basename(s.path) : s.path;
    if (s.kind === 'store-alias' && !stubs.some((p) => p.includes('Microsoft Store'))) {
      stubs.push(`the Microsoft Store's ${name} alias is not an installed Python`);
    }
    if (s.kind === 'xcode-stub') stubs.push(`${s.path} is Apple's stub that installs the Xcode command-line tools`);
  }
  const head = `Go Sidecar needs ${wantedText(supported)} to run its language server`;
  if (!found.length) return `${head} and found none on this machine${stubs.length ? `: ${stubs.join('; ')}` : ''}.`;
  return `${head}; found ${[...found, ...stubs].join('; ')}.`;
}

/** The message without the buttons' specifics (the log, and the error when no notification can be offered). */
export function noPythonMessage(platform: NodeJS.Platform, supported?: ReadonlySet<string>, discovery?: Discovery): string {
  const how =
    platform === 'win32'
      ? 'Install Python 3.13 (winget install --id Python.Python.3.13 -e --source winget, or from python.org)'
      : platform === 'darwin'
        ? 'Install Python 3.13 (brew install python@3.13, or from python.org)'
        : "Install python3 and its venv module with your distribution's package manager";
  return `${missingText(platform, supported, discovery)} ${how}, or set goSidecar.interpreter to one.`;
}

/** ~, ${userHome}, ${env:NAME} and ${workspaceFolder} in goSidecar.interpreter. */
export function expandInterpreter(
  value: string,
  vars: { home: string; env: NodeJS.ProcessEnv; workspaceFolder?: string },
): string {
  let v = value.trim();
  if (!v) return '';
  v = v.replace(/\$\{userHome\}/g, vars.home).replace(/\$\{env:([^}]+)\}/g, (_, n: string) => vars.env[n] ?? '');
  if (vars.workspaceFolder) v = v.replace(/\$\{workspaceFolder\}/g, vars.workspaceFolder);
  if (v === '~' || v.startsWith('~/') || v.startsWith('~\\')) v = vars.home + v.slice(1);
  return v;
}
