// Finding a Python >= 3.11 to create the server's environment with: the Python extension's interpreter, then
// goSidecar.interpreter, then `py -3` (Windows) or `python3` on PATH. Each candidate is run once to read its
// version and real executable; the first one that is new enough wins.
import * as path from 'node:path';
import type { Runner } from './process';

export const MIN_VERSION: readonly [number, number] = [3, 11];
/** Prints e.g. "(3, 11)" then the interpreter's real path (for `py -3`, the Python it chose). */
export const PROBE = 'import sys; print(sys.version_info[:2]); print(sys.executable)';

export interface Candidate {
  command: string;
  args: string[];
  /** Where it came from, for messages: "Python extension", "goSidecar.interpreter", "python3 on PATH". */
  source: string;
}

export interface Python {
  executable: string;
  version: [number, number];
  source: string;
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
}

export interface Discovery {
  python?: Python;
  /** One line per candidate that was not taken, and why. */
  rejected: string[];
}

export function pathCandidates(platform: NodeJS.Platform): Candidate[] {
  if (platform === 'win32') {
    return [
      { command: 'py', args: ['-3'], source: 'py -3' },
      { command: 'python', args: [], source: 'python on PATH' },
    ];
  }
  return ['python3', 'python3.14', 'python3.13', 'python3.12', 'python3.11'].map((c) => ({
    command: c,
    args: [],
    source: `${c} on PATH`,
  }));
}

export function parseProbe(stdout: string): { version: [number, number]; executable: string } | undefined {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim());
  const m = /^\((\d+), (\d+)\)$/.exec(lines[0] ?? '');
  if (!m || !lines[1]) return undefined;
  return { version: [Number(m[1]), Number(m[2])], executable: lines[1] };
}

export function newEnough(version: readonly [number, number]): boolean {
  return version[0] > MIN_VERSION[0] || (version[0] === MIN_VERSION[0] && version[1] >= MIN_VERSION[1]);
}

export function isInside(file: string, folder: string, platform: NodeJS.Platform): boolean {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const norm = (s: string) => (platform === 'win32' || platform === 'darwin' ? s.toLowerCase() : s);
  const rel = p.relative(norm(p.resolve(folder)), norm(p.resolve(file)));
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
}

/** Runs one candidate; a reason string when it cannot be used. */
export async function probe(c: Candidate, input: DiscoveryInput): Promise<Python | string> {
  if (input.untrustedFolders.some((f) => isInside(c.command, f, input.platform))) {
    return `${c.source}: ${c.command} is inside the untrusted workspace; not run`;
  }
  // -I: isolated mode (no PYTHON* variables, no user site, no current folder on sys.path).
  const r = await input.run(c.command, [...c.args, '-I', '-c', PROBE], { cwd: input.cwd, timeoutMs: 20_000 });
  if (r.code !== 0) {
    const why = r.error === 'ENOENT' ? 'not found' : r.error ?? `exit ${r.code}: ${(r.stderr || r.stdout).trim()}`;
    return `${c.source}: ${[c.command, ...c.args].join(' ')}: ${why}`;
  }
  const info = parseProbe(r.stdout);
  if (!info) return `${c.source}: ${c.command} did not answer like a Python: ${r.stdout.trim().slice(0, 200)}`;
  const v = info.version.join('.');
  if (!newEnough(info.version)) {
    return `${c.source}: ${info.executable} is Python ${v}; go-sidecar needs ${MIN_VERSION.join('.')} or newer`;
  }
  if (input.supported && !input.supported.has(v)) {
    return `${c.source}: ${info.executable} is Python ${v}; this build carries wheels for ${versionList(input.supported)}`;
  }
  return { executable: info.executable, version: info.version, source: c.source };
}

export async function findPython(input: DiscoveryInput): Promise<Discovery> {
  const rejected: string[] = [];
  const fromExtension = async (): Promise<Candidate[]> => {
    try {
      const exe = await input.pythonExtension();
      return exe ? [{ command: exe, args: [], source: 'Python extension' }] : [];
    } catch (e) {
      rejected.push(`Python extension: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  };
  const groups: Array<() => Promise<Candidate[]> | Candidate[]> = [
    fromExtension,
    () => (input.setting ? [{ command: input.setting, args: [], source: 'goSidecar.interpreter' }] : []),
    () => pathCandidates(input.platform),
  ];
  const seen = new Set<string>();
  for (const group of groups) {
    for (const c of await group()) {
      const key = [c.command, ...c.args].join('\0');
      if (seen.has(key)) continue;
      seen.add(key);
      const result = await probe(c, input);
      if (typeof result !== 'string') return { python: result, rejected };
      rejected.push(result);
    }
  }
  return { rejected };
}

export function versionList(versions: ReadonlySet<string>): string {
  const sorted = [...versions].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  return sorted.length > 1 ? `${sorted.slice(0, -1).join(', ')} or ${sorted[sorted.length - 1]}` : sorted.join('');
}

export function noPythonMessage(platform: NodeJS.Platform, supported?: ReadonlySet<string>): string {
  const wanted = supported?.size ? `Python ${versionList(supported)}` : `Python ${MIN_VERSION.join('.')} or newer`;
  const how =
    platform === 'win32'
      ? 'install Python 3.12 from python.org (with the "py" launcher) or run: winget install Python.Python.3.12'
      : platform === 'darwin'
        ? 'install Python 3.12 with Homebrew (brew install python@3.12) or from python.org'
        : 'install python3 (3.11 or newer) and its venv module from your distribution, e.g. sudo apt install python3 python3-venv';
  return (
    `Go Sidecar needs ${wanted} to run its language server and found none: ` +
    `${how}, then run "Go Sidecar: Restart Server". Or set goSidecar.interpreter to one.`
  );
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
