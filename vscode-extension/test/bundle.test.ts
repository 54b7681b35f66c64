// The shipped bundle (dist/extension.js) itself, in a plain Node process as an extension host runs it: it
// loads against the vscode stub, activates in under 50 ms of its own time (loading included), registers the
// commands, and with nothing to install (no wheels) says so in one message, without looking for Python.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT, tempDir } from './helpers';

const DIST = path.join(ROOT, 'dist', 'extension.js');

test('dist/extension.js: load + activate() under 50 ms; no wheels give the one message', { skip: !existsSync(DIST) && 'no dist/extension.js: run `npm run build`' }, (t) => {
  const root = tempDir(t);
  const extensionPath = path.join(root, 'ext');
  mkdirSync(path.join(extensionPath, 'wheels'), { recursive: true });
  const out = execFileSync(process.execPath, [path.join(ROOT, 'test', 'run-bundle.js'), DIST, path.join(root, 'storage'), extensionPath], {
    env: { ...process.env, PATH: '' }, // no python3 to find
    encoding: 'utf8',
  });
  const r = JSON.parse(out);
  t.diagnostic(`dist/extension.js: loaded in ${r.loadMs.toFixed(1)} ms, activate() ${r.activateMs.toFixed(2)} ms (it logs ${r.ownMs.toFixed(2)} ms)`);
  assert.ok(r.loadMs + r.activateMs < 50, `load ${r.loadMs} ms + activate ${r.activateMs} ms`);
  assert.deepEqual(r.commands, ['goSidecar.checkWorkspace', 'goSidecar.purgeCaches', 'goSidecar.restartServer', 'goSidecar.showLogs', 'goSidecar.showToolsReport']);
  assert.equal(r.running, false);
  assert.equal(r.messages.length, 1, JSON.stringify(r.messages));
  assert.equal(r.messages[0].level, 'error');
  // The Python search reads this machine's well-known places (/usr/bin ...): only the missing wheels are certain.
  assert.match(r.messages[0].message, /^This build of Go Sidecar carries no server wheels/);
  assert.match(r.log, /activated in \d+\.\d ms/);
  assert.doesNotMatch(r.log, /python: /, 'no Python is looked for when there is nothing to install');
});
