// The private environment: created from the bundled wheels with the right commands, reused when current,
// replaced on an upgrade of the extension.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  currentEnvironmentSync,
  type EnvContext,
  ensureEnvironment,
  MARKER,
  readMarker,
  SetupError,
  venvPython,
  wheelPythons,
} from '../src/environment';
import type { Discovery } from '../src/python';
import { type Call, fakeRunner, readJson, silentLog, tempDir } from './helpers';

const WHEELS = ['go_sidecar-0.1.0-py3-none-any.whl', 'pygls-2.1.1-py3-none-any.whl'];

/** Which set-up step a command is. */
function step(c: Pick<Call, 'args'>): string {
  return c.args.includes('venv') ? 'venv' : c.args.includes('install') ? 'pip' : c.args.join(' ');
}

function setup(t: { after(fn: () => void): void }, respond?: (c: Call) => { code?: number | null; stdout?: string; stderr?: string }) {
  const root = tempDir(t);
  const storage = path.join(root, 'storage');
  const wheelsDir = path.join(root, 'ext', 'wheels');
  mkdirSync(wheelsDir, { recursive: true });
  for (const w of WHEELS) writeFileSync(path.join(wheelsDir, w), '');
  const base = path.join(root, 'usr', 'bin', 'python3.12');
  mkdirSync(path.dirname(base), { recursive: true });
  writeFileSync(base, '');
  // Stands in for `python -m venv DIR`: makes DIR/bin/python.
  const runner = fakeRunner((call) => {
    if (call.args.includes('venv')) {
      const dir = call.args[call.args.length - 1];
      mkdirSync(path.dirname(venvPython(dir, 'linux')), { recursive: true });
      writeFileSync(venvPython(dir, 'linux'), '');
    }
    return respond ? respond(call) : {};
  });
  const ctx: EnvContext = {
    storageDir: storage,
    wheelsDir,
    extensionVersion: '0.1.0',
    platform: 'linux',
    run: runner.run,
    log: silentLog,
    env: { PATH: '/usr/bin', HOME: '/home/u', PIP_INDEX_URL: 'https://example.invalid/simple', PIP_CONSTRAINT: '/c.txt' },
  };
  let discoveries = 0;
  const discover = async (): Promise<Discovery> => {
    discoveries++;
    return { python: { executable: base, version: [3, 12], source: 'python3 on PATH' }, rejected: [] };
  };
  return { ctx, calls: runner.calls, discover, base, wheelsDir, storage, discoveries: () => discoveries };
}

test('first start, no pip wheel bundled: python -m venv, then its pip installs --no-index from the bundled wheels, then a marker', async (t) => {
  const s = setup(t);
  const env = await ensureEnvironment(s.ctx, s.discover);
  const dir = path.join(s.storage, 'env');
  assert.equal(env.dir, dir);
  assert.equal(env.python, path.join(dir, 'bin', 'python'));
  assert.equal(env.created, true);
  assert.equal(s.calls.length, 2);
  const [venv, pip] = s.calls;
  assert.equal(venv.command, s.base);
  assert.deepEqual(venv.args.slice(0, 3), ['-I', '-m', 'venv']);
  assert.match(venv.args[3], /[\\/]env\.partial-/); // made aside, then renamed into place
  assert.equal(pip.command, venvPython(venv.args[3], 'linux'));
  assert.deepEqual(pip.args, [
    '-I', '-m', 'pip', 'install', '--no-index', '--find-links', s.wheelsDir, '--only-binary=:all:',
    '--no-warn-script-location', 'go-sidecar',
  ]);
  // Offline and deaf to the user's pip configuration.
  assert.equal(pip.options?.env?.PIP_CONFIG_FILE, os.devNull);
  assert.equal(pip.options?.env?.PIP_INDEX_URL, undefined);
  assert.equal(pip.options?.env?.PIP_CONSTRAINT, undefined);
  assert.equal(pip.options?.env?.PATH, '/usr/bin');
  assert.equal(pip.options?.cwd, s.storage);
  const marker = readJson(path.join(dir, MARKER));
  assert.equal(marker.extensionVersion, '0.1.0');
  assert.deepEqual(marker.wheels, WHEELS);
  assert.equal(marker.python, s.base);
  assert.equal(marker.pythonVersion, '3.12');
  assert.deepEqual(readdirSync(s.storage), ['env']); // no partial folder left
});

test('an existing, current environment is used as it is: no Python is looked for, nothing is run', async (t) => {
  const s = setup(t);
  await ensureEnvironment(s.ctx, s.discover);
  s.calls.length = 0;
  const env = await ensureEnvironment(s.ctx, s.discover);
  assert.equal(env.created, false);
  assert.equal(s.calls.length, 0);
  assert.equal(s.discoveries(), 1);
});

test('an upgrade of the extension replaces the environment', async (t) => {
  const s = setup(t);
  const first = await ensureEnvironment(s.ctx, s.discover);
  writeFileSync(path.join(first.dir, 'left-by-0.1.0'), '');
  s.calls.length = 0;
  const upgraded = await ensureEnvironment({ ...s.ctx, extensionVersion: '0.2.0' }, s.discover);
  assert.equal(upgraded.created, true);
  assert.equal(upgraded.dir, first.dir);
  assert.deepEqual(s.calls.map(step), ['venv', 'pip']);
  assert.equal((await readMarker(upgraded.dir))?.extensionVersion, '0.2.0');
  assert.ok(!existsSync(path.join(first.dir, 'left-by-0.1.0')), 'the old environment is gone');
  // And the same version again is current.
  s.calls.length = 0;
  assert.equal((await ensureEnvironment({ ...s.ctx, extensionVersion: '0.2.0' }, s.discover)).created, false);
  assert.equal(s.calls.length, 0);
});

test('other bundled wheels (a rebuilt .vsix of the same version) replace it too', async (t) => {
  const s = setup(t);
  await ensureEnvironment(s.ctx, s.discover);
  writeFileSync(path.join(s.wheelsDir, 'watchdog-7.1.0-py3-none-any.whl'), '');
  assert.equal((await ensureEnvironment(s.ctx, s.discover)).created, true);
});

test('a venv whose Python is gone is re-created', async (t) => {
  const s = setup(t);
  const env = await ensureEnvironment(s.ctx, s.discover);
  const { rmSync } = await import('node:fs');
  rmSync(env.python);
  assert.equal((await ensureEnvironment(s.ctx, s.discover)).created, true);
});

test('a changed goSidecar.interpreter re-creates only when another Python is found', async (t) => {
  const s = setup(t);
  await ensureEnvironment(s.ctx, s.discover);
  s.calls.length = 0;
  const same = await ensureEnvironment(s.ctx, s.discover, { recheckPython: true });
  assert.equal(same.created, false);
  assert.equal(s.calls.length, 0); // discovery is injected: only the environment's commands would show here
  const other = path.join(path.dirname(s.base), 'python3.13');
  writeFileSync(other, '');
  const again = await ensureEnvironment(s.ctx, async () => ({ python: { executable: other, version: [3, 13], source: 'goSidecar.interpreter' }, rejected: [] }), { recheckPython: true });
  assert.equal(again.created, true);
  assert.equal(again.marker.python, other);
});

test('no Python: one SetupError saying what to install', async (t) => {
  const s = setup(t);
  await assert.rejects(
    ensureEnvironment(s.ctx, async () => ({ rejected: ['python3 on PATH: python3: not found'] })),
    (e: unknown) => e instanceof SetupError && e.kind === 'no-python' && /needs Python 3\.11 or newer/.test(e.message) &&
      e.detail === 'python3 on PATH: python3: not found',
  );
  assert.equal(s.calls.length, 0);
});

test('a Python without its venv module: the message names the package', async (t) => {
  const s = setup(t, (c) => (c.args.includes('venv') ? { code: 1, stdout: 'The virtual environment was not created successfully because ensurepip is not\navailable.' } : {}));
  await assert.rejects(ensureEnvironment(s.ctx, s.discover), (e: unknown) =>
    e instanceof SetupError && e.kind === 'venv' && e.message.includes('sudo apt install python3.12-venv'));
  assert.ok(!existsSync(path.join(s.storage, 'env')));
  assert.deepEqual(readdirSync(s.storage), []);
});

test('pip failing (wheels that do not fit this Python): an error, and no half-made environment', async (t) => {
  const s = setup(t, (c) => (step(c) === 'pip' ? { code: 1, stderr: 'ERROR: No matching distribution found for tree-sitter' } : {}));
  await assert.rejects(ensureEnvironment(s.ctx, s.discover), (e: unknown) =>
    e instanceof SetupError && /Installing the go-sidecar server into Python 3\.12 failed/.test(e.message) &&
      /No matching distribution/.test(e.detail ?? ''));
  assert.deepEqual(readdirSync(s.storage), []);
});

test('a build without wheels says so', async (t) => {
  const s = setup(t);
  const { rmSync } = await import('node:fs');
  rmSync(s.wheelsDir, { recursive: true });
  await assert.rejects(ensureEnvironment(s.ctx, s.discover), (e: unknown) =>
    e instanceof SetupError && e.kind === 'no-wheels' && /make vsix/.test(e.message));
});

test('another window that finished first wins: its environment is kept, ours dropped', async (t) => {
  const s = setup(t);
  // While our pip runs, another window completes env/.
  const { ctx } = s;
  let other: Promise<unknown> | undefined;
  const run: EnvContext['run'] = async (command, args, options) => {
    const r = await ctx.run(command, args, options);
    if (step({ args }) === 'pip' && !other) {
      other = ensureEnvironment({ ...ctx, run: s.ctx.run }, s.discover);
      await other;
    }
    return r;
  };
  const env = await ensureEnvironment({ ...ctx, run }, s.discover);
  assert.equal(env.created, false);
  assert.deepEqual(readdirSync(s.storage), ['env']);
});

test('on Windows the environment interpreter is Scripts\\python.exe', () => {
  assert.equal(venvPython('C:\\s\\env', 'win32').replace(/\//g, '\\'), 'C:\\s\\env\\Scripts\\python.exe');
});

test('wheelPythons: the CPython versions every version-specific distribution has a wheel for', () => {
  const linux = 'manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64';
  assert.equal(wheelPythons(['go_sidecar-0.1.0-py3-none-any.whl', 'pygls-2.1.1-py3-none-any.whl']), undefined);
  assert.deepEqual(wheelPythons([
    'go_sidecar-0.1.0-py3-none-any.whl',
    `tree_sitter-0.26.1-cp311-cp311-${linux}.whl`,
    `tree_sitter-0.26.1-cp312-cp312-${linux}.whl`,
    `tree_sitter-0.26.1-cp314-cp314-${linux}.whl`,
    'tree_sitter_json-0.24.8-cp39-abi3-manylinux1_x86_64.whl',
    'watchdog-7.1.0-py3-none-manylinux_2_17_x86_64.whl',
    'other-1.0-cp312-cp312-win_amd64.whl',
    'other-1.0-cp314-cp314-win_amd64.whl',
  ]), new Set(['3.12', '3.14']));
});

test('the Python search is told which versions the wheels serve', async (t) => {
  const s = setup(t);
  writeFileSync(path.join(s.wheelsDir, 'tree_sitter-0.26.1-cp312-cp312-manylinux2014_x86_64.whl'), '');
  let told: ReadonlySet<string> | undefined;
  await assert.rejects(ensureEnvironment(s.ctx, async (supported) => {
    told = supported;
    return { rejected: [] };
  }), /needs Python 3\.12 to run/);
  assert.deepEqual(told, new Set(['3.12']));
});

test('with a pip wheel bundled: venv --without-pip, then pip run from its wheel', async (t) => {
  const s = setup(t);
  writeFileSync(path.join(s.wheelsDir, 'pip-26.3-py3-none-any.whl'), '');
  const env = await ensureEnvironment(s.ctx, s.discover);
  const [venv, pip] = s.calls;
  assert.deepEqual(venv.args.slice(0, 4), ['-I', '-m', 'venv', '--without-pip']);
  assert.equal(pip.command, venvPython(venv.args[4], 'linux'));
  assert.deepEqual(pip.args, [
    '-I', path.join(s.wheelsDir, 'pip-26.3-py3-none-any.whl', 'pip'), 'install', '--no-index', '--find-links', s.wheelsDir,
    '--only-binary=:all:', '--no-warn-script-location', 'go-sidecar',
  ]);
  assert.ok(env.marker.wheels.includes('pip-26.3-py3-none-any.whl'));
});

test('currentEnvironmentSync: the existing environment when current; undefined whenever ensureEnvironment would redo it', async (t) => {
  const s = setup(t);
  assert.equal(currentEnvironmentSync(s.ctx), undefined, 'none yet');
  const made = await ensureEnvironment(s.ctx, s.discover);
  const found = currentEnvironmentSync(s.ctx);
  assert.deepEqual(found, { ...made, created: false });
  // Each thing ensureEnvironment checks makes the synchronous look give up (and ensureEnvironment repair it).
  assert.equal(currentEnvironmentSync({ ...s.ctx, extensionVersion: '0.2.0' }), undefined, 'an upgrade');
  writeFileSync(path.join(s.wheelsDir, 'extra-1.0-py3-none-any.whl'), '');
  assert.equal(currentEnvironmentSync(s.ctx), undefined, 'other wheels');
  rmSync(path.join(s.wheelsDir, 'extra-1.0-py3-none-any.whl'));
  assert.ok(currentEnvironmentSync(s.ctx));
  rmSync(s.base);
  assert.equal(currentEnvironmentSync(s.ctx), undefined, 'the base Python is gone');
  writeFileSync(s.base, '');
  rmSync(venvPython(made.dir, 'linux'));
  assert.equal(currentEnvironmentSync(s.ctx), undefined, "the environment's Python is gone");
  writeFileSync(path.join(made.dir, MARKER), '{ not json');
  assert.equal(currentEnvironmentSync(s.ctx), undefined, 'a broken marker');
});
