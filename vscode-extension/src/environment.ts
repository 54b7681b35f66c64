// The server's private virtual environment in the extension's global storage, created from the wheels that the
// .vsix carries (no network), and replaced when the extension (or its wheels) change.
//
// <globalStorage>/env/                  the environment; its marker file records what it was made from
// <globalStorage>/env.partial-<id>/     one being created; renamed to env/ when complete (a window that finds a
//                                       complete env/ meanwhile keeps that one), so a half-made env is never used
import { existsSync, readdirSync, readFileSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Discovery, Python } from './python';
import { machinesOf, noPythonMessage } from './python';
import { type Logger, type Runner, tail } from './process';

export const MARKER = 'go-sidecar-env.json';
export const SERVER_DISTRIBUTION = 'go-sidecar';
const STALE_MS = 60 * 60 * 1000;

export interface Marker {
  extensionVersion: string;
  /** The wheel file names it was installed from: a rebuilt .vsix of the same version replaces it too. */
  wheels: string[];
  /** The base interpreter (not the venv's). */
  python: string;
  pythonVersion: string;
  created: string;
}

export interface EnvContext {
  storageDir: string;
  wheelsDir: string;
  extensionVersion: string;
  platform: NodeJS.Platform;
  run: Runner;
  log: Logger;
  /** The environment variables of the processes it runs (PIP_* are dropped). */
  env: NodeJS.ProcessEnv;
}

export interface Environment {
  /** The environment's interpreter, which runs `-m go_sidecar serve`. */
  python: string;
  dir: string;
  created: boolean;
  marker: Marker;
}

/** What the Python search saw, for the notification that says what to install ('no-python'). */
export interface PythonSearch {
  discovery: Discovery;
  supported?: ReadonlySet<string>;
}

/** A set-up failure with a message for the user; `detail` goes to the log. */
export class SetupError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
    readonly kind: 'no-python' | 'no-wheels' | 'venv' | 'install' = 'install',
    readonly search?: PythonSearch,
  ) {
    super(message);
  }
}

export function envDir(ctx: Pick<EnvContext, 'storageDir'>): string {
  return path.join(ctx.storageDir, 'env');
}

export function venvPython(dir: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? path.join(dir, 'Scripts', 'python.exe') : path.join(dir, 'bin', 'python');
}

export async function listWheels(wheelsDir: string): Promise<string[]> {
  try {
    return (await fs.readdir(wheelsDir)).filter((n) => n.endsWith('.whl')).sort();
  } catch {
    return [];
  }
}

/**
 * The CPython versions ("3.12") that the bundled wheels serve: those every version-specific distribution (e.g.
 * tree_sitter, cp312-cp312) has a wheel for. Undefined when every wheel is version-independent.
 */
export function wheelPythons(wheels: readonly string[]): Set<string> | undefined {
  const byDist = new Map<string, { any: boolean; versions: Set<string> }>();
  for (const w of wheels) {
    const parts = w.replace(/\.whl$/, '').split('-');
    if (parts.length < 5) continue;
    const entry = byDist.get(parts[0]) ?? { any: false, versions: new Set<string>() };
    byDist.set(parts[0], entry);
    const m = /^cp(\d)(\d+)$/.exec(parts[parts.length - 2]); // the ABI tag: cp312, or abi3 / none
    if (m) entry.versions.add(`${m[1]}.${m[2]}`);
    else entry.any = true;
  }
  let result: Set<string> | undefined;
  for (const { any, versions } of byDist.values()) {
    if (any) continue;
    result = result ? new Set([...result].filter((v) => versions.has(v))) : versions;
  }
  return result;
}

/**
 * The machines ("x86_64", "arm64", "x86") the bundled platform wheels are for (their platform tags: win_amd64,
 * macosx_11_0_arm64, manylinux_2_17_x86_64); undefined when every wheel is pure.
 */
export function wheelMachines(wheels: readonly string[]): Set<string> | undefined {
  const result = new Set<string>();
  for (const w of wheels) {
    const parts = w.replace(/\.whl$/, '').split('-');
    if (parts.length < 5) continue;
    for (const tag of parts[parts.length - 1].split('.')) for (const m of machinesOf(tag)) result.add(m);
  }
  return result.size ? result : undefined;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

export async function readMarker(dir: string): Promise<Marker | undefined> {
  try {
    const m = JSON.parse(await fs.readFile(path.join(dir, MARKER), 'utf8'));
    return m && typeof m.extensionVersion === 'string' && Array.isArray(m.wheels) ? (m as Marker) : undefined;
  } catch {
    return undefined;
  }
}

/** Why the environment in `dir` cannot be used as it is; undefined when it can. */
export async function staleReason(dir: string, ctx: EnvContext, wheels: string[]): Promise<string | undefined> {
  const marker = await readMarker(dir);
  if (!marker) return 'no environment yet';
  if (marker.extensionVersion !== ctx.extensionVersion) {
    return `made by extension ${marker.extensionVersion}, this is ${ctx.extensionVersion}`;
  }
  if (marker.wheels.join('\n') !== wheels.join('\n')) return 'the bundled wheels changed';
  if (!(await exists(venvPython(dir, ctx.platform)))) return 'its Python is gone';
  if (marker.python && !(await exists(marker.python))) return `its base Python ${marker.python} is gone`;
  return undefined;
}

function pipEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // The user's pip configuration (index, constraints, require-virtualenv) must not change an offline install.
  const clean = Object.fromEntries(Object.entries(env).filter(([k]) => !k.toUpperCase().startsWith('PIP_')));
  return { ...clean, PIP_CONFIG_FILE: os.devNull, PIP_NO_INPUT: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
}

/**
 * The commands that create an environment in `dir` from `wheelsDir`. With a pip wheel among the wheels (as
 * `make vsix` puts there), the venv is made without pip and pip runs from its wheel: seconds faster than
 * ensurepip, and a Debian/Ubuntu python3 needs no python3-venv package for it.
 */
export function setupCommands(base: string, dir: string, ctx: EnvContext, wheels: readonly string[]): Array<[string, string[]]> {
  const pipWheel = wheels.find((w) => /^pip-[^-]+-py3-none-any\.whl$/.test(w));
  const install = ['install', '--no-index', '--find-links', ctx.wheelsDir, '--only-binary=:all:',
    '--no-warn-script-location', SERVER_DISTRIBUTION];
  const python = venvPython(dir, ctx.platform);
  if (pipWheel) {
    return [
      [base, ['-I', '-m', 'venv', '--without-pip', dir]],
      [python, ['-I', path.join(ctx.wheelsDir, pipWheel, 'pip'), ...install]],
    ];
  }
  return [
    [base, ['-I', '-m', 'venv', dir]],
    [python, ['-I', '-m', 'pip', ...install]],
  ];
}

async function removeStale(ctx: EnvContext): Promise<void> {
  let names: string[] = [];
  try {
    names = await fs.readdir(ctx.storageDir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!/^env\.(partial|old)-/.test(n)) continue;
    const p = path.join(ctx.storageDir, n);
    try {
      // An old env may still serve another window; a partial one may be in the making by another window.
      if (n.startsWith('env.partial-') && Date.now() - (await fs.stat(p)).mtimeMs < STALE_MS) continue;
      await fs.rm(p, { recursive: true, force: true });
    } catch {
      // in use (Windows): next time
    }
  }
}

function noWheels(ctx: EnvContext): SetupError {
  return new SetupError(
    `This build of Go Sidecar carries no server wheels (${ctx.wheelsDir} has no go_sidecar wheel); ` +
      'install a .vsix built with "make vsix".',
    undefined,
    'no-wheels',
  );
}

/** `replacing`: the marker of the environment this one replaces (a current env/ with another marker was made
 * meanwhile by another window, and is kept). */
export async function createEnvironment(
  ctx: EnvContext,
  base: Python,
  wheels: string[],
  replacing?: Marker,
): Promise<Environment> {
  if (!wheels.some((w) => w.startsWith('go_sidecar-'))) throw noWheels(ctx);
  await fs.mkdir(ctx.storageDir, { recursive: true });
  await removeStale(ctx);
  // Unique per call, not only per process and millisecond: two creations in one process (tests; a retry right
  // after a failure) must never share a partial folder.
  const id = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const tmp = path.join(ctx.storageDir, `env.partial-${id}`);
  const version = base.version.join('.');
  ctx.log.info(`creating the server environment with Python ${version} (${base.executable}, from ${base.source})`);
  const [venv, install] = setupCommands(base.executable, tmp, ctx, wheels);
  const opts = { cwd: ctx.storageDir, env: pipEnv(ctx.env), timeoutMs: 300_000 };
  try {
    ctx.log.info(`$ ${[venv[0], ...venv[1]].join(' ')}`);
    const r1 = await ctx.run(venv[0], venv[1], opts);
    if (r1.code !== 0) {
      const out = tail(r1);
      const hint = /ensurepip|venv/i.test(out) && ctx.platform === 'linux'
        ? ` Install its venv module (Debian/Ubuntu: sudo apt install python${version}-venv), or set goSidecar.interpreter to another Python.`
        : '';
      throw new SetupError(`Python ${version} at ${base.executable} could not create a virtual environment.${hint}`,
        out || r1.error, 'venv');
    }
    ctx.log.info(`$ ${[install[0], ...install[1]].join(' ')}`);
    const r2 = await ctx.run(install[0], install[1], opts);
    if (r2.code !== 0) {
      throw new SetupError(
        `Installing the go-sidecar server into Python ${version} failed: the bundled wheels may not fit this Python ` +
          `(${wheels.filter((w) => !w.includes('none-any')).join(', ') || 'pure Python only'}). Details in "Go Sidecar: Show Logs".`,
        tail(r2, 40) || r2.error,
      );
    }
    const marker: Marker = {
      extensionVersion: ctx.extensionVersion,
      wheels,
      python: base.executable,
      pythonVersion: version,
      created: new Date().toISOString(),
    };
    await fs.writeFile(path.join(tmp, MARKER), JSON.stringify(marker, null, 2) + '\n');
    return await moveIntoPlace(ctx, tmp, wheels, marker, replacing);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function moveIntoPlace(
  ctx: EnvContext,
  tmp: string,
  wheels: string[],
  marker: Marker,
  replacing?: Marker,
): Promise<Environment> {
  const dir = envDir(ctx);
  const there = await readMarker(dir);
  if (there && there.created !== replacing?.created && (await staleReason(dir, ctx, wheels)) === undefined) {
    // Another window finished first: use its environment (ours is removed by the caller).
    return { python: venvPython(dir, ctx.platform), dir, created: false, marker: there };
  }
  if (await exists(dir)) {
    const old = path.join(ctx.storageDir, `env.old-${process.pid}-${Date.now().toString(36)}`);
    await fs.rename(dir, old);
    fs.rm(old, { recursive: true, force: true }).catch(() => undefined);
  }
  await fs.rename(tmp, dir);
  ctx.log.info(`server environment ready in ${dir}`);
  return { python: venvPython(dir, ctx.platform), dir, created: true, marker };
}

/**
 * The existing environment when it is current, found with a few synchronous file reads (no process run): the
 * same test as ensureEnvironment's first step, without yielding to the extension host's other work, so that the
 * server can be spawned in the same tick as activate(). Undefined when anything is off (ensureEnvironment then
 * says why and repairs it).
 */
export function currentEnvironmentSync(ctx: EnvContext): Environment | undefined {
  try {
    const dir = envDir(ctx);
    const marker = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as Marker;
    if (!marker || typeof marker.extensionVersion !== 'string' || !Array.isArray(marker.wheels)) return undefined;
    if (marker.extensionVersion !== ctx.extensionVersion) return undefined;
    const wheels = readdirSync(ctx.wheelsDir).filter((n) => n.endsWith('.whl')).sort();
    if (marker.wheels.join('\n') !== wheels.join('\n')) return undefined;
    const python = venvPython(dir, ctx.platform);
    if (!existsSync(python) || (marker.python && !existsSync(marker.python))) return undefined;
    return { python, dir, created: false, marker };
  } catch {
    return undefined;
  }
}

export interface EnsureOptions {
  /** Look for a Python even when the environment is current, and re-create it when another Python is found. */
  recheckPython?: boolean;
}

/**
 * The environment to start the server from: the existing one when it is current (no process is run), else a new
 * one made with the Python that `discover` finds.
 */
export async function ensureEnvironment(
  ctx: EnvContext,
  discover: (supported?: ReadonlySet<string>, machines?: ReadonlySet<string>) => Promise<Discovery>,
  options: EnsureOptions = {},
): Promise<Environment> {
  const dir = envDir(ctx);
  const wheels = await listWheels(ctx.wheelsDir);
  const stale = await staleReason(dir, ctx, wheels);
  const existing = await readMarker(dir);
  if (stale === undefined && !options.recheckPython) {
    return { python: venvPython(dir, ctx.platform), dir, created: false, marker: existing! };
  }
  if (!wheels.some((w) => w.startsWith('go_sidecar-'))) throw noWheels(ctx); // nothing to install: no Python needed
  await fs.mkdir(ctx.storageDir, { recursive: true }); // the probes run there
  const supported = wheelPythons(wheels);
  const found = await discover(supported, wheelMachines(wheels));
  for (const r of found.rejected) ctx.log.info(`python: ${r}`);
  if (!found.python) {
    throw new SetupError(noPythonMessage(ctx.platform, supported, found), found.rejected.join('\n'), 'no-python',
      { discovery: found, supported });
  }
  if (stale === undefined) {
    if (existing!.python === found.python.executable) {
      return { python: venvPython(dir, ctx.platform), dir, created: false, marker: existing! };
    }
    ctx.log.info(`replacing the server environment: ${existing!.python} -> ${found.python.executable}`);
  } else {
    ctx.log.info(`server environment: ${stale}`);
  }
  return createEnvironment(ctx, found.python, wheels, existing);
}
