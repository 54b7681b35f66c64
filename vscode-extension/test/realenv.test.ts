// A real environment from the real wheels in wheels/, with the real Python and pip: the commands and flags the
// unit tests check by name do work.
//
// Where the wheels come from, a decision: `make test-extension` (and so `make test` and CI) first builds wheels/
// for this machine and the venv's Python (scripts/wheels.sh, seconds), so this test runs there. `npm test` alone
// builds nothing: without wheels/ the test is skipped with the reason below (printed in the TAP output as
// "# SKIP ..." and on stderr), except under CI=true, where a missing wheels/ is a broken build and fails.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { type EnvContext, ensureEnvironment } from '../src/environment';
import { runProcess } from '../src/process';
import { findPython } from '../src/python';
import { realFs } from '../src/discovery';
import { ROOT, tempDir } from './helpers';

const WHEELS = path.join(ROOT, 'wheels');
const haveWheels = (() => {
  try {
    return readdirSync(WHEELS).some((w) => w.startsWith('go_sidecar-'));
  } catch {
    return false;
  }
})();
const inCI = !!process.env.CI && process.env.CI !== 'false';
const skipReason = `no go_sidecar wheel in ${WHEELS}: run \`make test-extension\` (or \`make vsix\`) to build wheels/`;
if (!haveWheels && !inCI) process.stderr.write(`realenv.test: SKIPPED: ${skipReason}\n`);

test('a real environment is created offline from wheels/ and runs the server module', { skip: !haveWheels && !inCI && skipReason, timeout: 300_000 }, async (t) => {
  assert.ok(haveWheels, `CI=true: ${skipReason}`);
  const storage = path.join(tempDir(t), 'storage');
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const ctx: EnvContext = {
    storageDir: storage, wheelsDir: WHEELS, extensionVersion: '0.0.0-test', platform: process.platform, run: runProcess,
    log, env: { ...process.env, PIP_INDEX_URL: 'http://127.0.0.1:9/nothing-here' },
  };
  const discover = (supported?: ReadonlySet<string>, machines?: ReadonlySet<string>) => findPython({
    platform: process.platform, run: runProcess, pythonExtension: async () => undefined, setting: '', untrustedFolders: [], cwd: storage,
    supported, machines, fs: realFs, env: process.env, home: os.homedir(),
  });
  const t0 = performance.now();
  const env = await ensureEnvironment(ctx, discover);
  const createMs = performance.now() - t0;
  assert.equal(env.created, true, lines.join('\n'));
  const r = await runProcess(env.python, ['-I', '-m', 'go_sidecar', '--version'], { cwd: storage });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^go-sidecar \d+\.\d+/);
  const t1 = performance.now();
  const again = await ensureEnvironment(ctx, discover);
  const reuseMs = performance.now() - t1;
  assert.equal(again.created, false);
  t.diagnostic(`environment created in ${(createMs / 1000).toFixed(1)} s (Python ${env.marker.pythonVersion}); found current in ${reuseMs.toFixed(1)} ms`);
});
