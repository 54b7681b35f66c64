// package.json's goSidecar.* settings are the schema's (schemas/settings.schema.json), so they cannot drift.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { EXTENSION_ONLY, initializationOptions, serverSettingNames } from '../src/settings';
import { packageJSON, readJson, ROOT } from './helpers';

const schema = readJson(path.join(ROOT, '..', 'schemas', 'settings.schema.json'));
const contributed: Record<string, Record<string, unknown>> = packageJSON.contributes.configuration.properties;
/** Keys only VS Code reads, allowed on top of the schema's. */
const VSCODE_ONLY_KEYS = new Set(['scope', 'order', 'markdownDescription', 'enumDescriptions', 'tags']);

function resolveRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(resolveRefs);
  if (node && typeof node === 'object') {
    const ref = (node as { $ref?: string }).$ref;
    if (ref) {
      assert.match(ref, /^#\/\$defs\//);
      return resolveRefs(schema.$defs[ref.slice('#/$defs/'.length)]);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveRefs(v)]));
  }
  return node;
}

const FIX = 'run `npm run sync-settings` (it copies schemas/settings.schema.json into package.json)';

test('every server setting of the schema is contributed with the same type, default and description', () => {
  for (const [name, prop] of Object.entries(schema.properties)) {
    const mine = contributed[`goSidecar.${name}`];
    assert.ok(mine, `package.json lacks goSidecar.${name}: ${FIX}`);
    const withoutVsCodeKeys = Object.fromEntries(Object.entries(mine).filter(([k]) => !VSCODE_ONLY_KEYS.has(k)));
    assert.deepEqual(withoutVsCodeKeys, resolveRefs(prop), `goSidecar.${name} differs from the schema: ${FIX}`);
  }
});

test('package.json contributes no server setting the schema lacks', () => {
  const extra = Object.keys(contributed)
    .map((k) => k.replace(/^goSidecar\./, ''))
    .filter((k) => !(k in schema.properties) && !EXTENSION_ONLY.has(k));
  assert.deepEqual(extra, [], `settings missing from schemas/settings.schema.json: ${extra.join(', ')}`);
  for (const k of Object.keys(contributed)) assert.match(k, /^goSidecar\.[a-zA-Z]+$/);
});

test('goSidecar.interpreter is extension-only, a path, restricted in untrusted workspaces', () => {
  const interp = contributed['goSidecar.interpreter'];
  assert.equal(interp.type, 'string');
  assert.equal(interp.default, '');
  assert.ok(!('interpreter' in schema.properties));
  assert.deepEqual(packageJSON.capabilities.untrustedWorkspaces.restrictedConfigurations, ['goSidecar.interpreter']);
  assert.equal(packageJSON.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('the server setting names are the schema properties', () => {
  assert.deepEqual(serverSettingNames(packageJSON).sort(), Object.keys(schema.properties).sort());
});

test('initializationOptions: the goSidecar section of the schema settings, and the workspace trust', () => {
  const values: Record<string, unknown> = {
    toolchainRoots: ['${workspaceFolder}/toolchains'],
    disabledRules: ['dlv-missing'],
    severityOverrides: { 'goroot-unpinned': 'warning' },
    interpreter: '/usr/bin/python3.12',
  };
  const config = { get: <T>(k: string) => values[k] as T };
  const names = serverSettingNames(packageJSON);
  assert.deepEqual(initializationOptions(config, names, false), {
    goSidecar: {
      toolchainRoots: ['${workspaceFolder}/toolchains'],
      disabledRules: ['dlv-missing'],
      severityOverrides: { 'goroot-unpinned': 'warning' },
    },
    trusted: false,
  });
  assert.deepEqual(initializationOptions({ get: () => undefined }, names, true), { goSidecar: {}, trusted: true });
  // A saved .code-workspace is passed on; an untitled one (nothing on disk) is not.
  const saved = { scheme: 'file', toString: () => 'file:///home/me/proj.code-workspace' };
  assert.deepEqual(initializationOptions({ get: () => undefined }, names, true, saved), {
    goSidecar: {}, trusted: true, workspaceFile: 'file:///home/me/proj.code-workspace',
  });
  const untitled = { scheme: 'untitled', toString: () => 'untitled:Untitled-1' };
  assert.deepEqual(initializationOptions({ get: () => undefined }, names, true, untitled), { goSidecar: {}, trusted: true });
});

test('package.json: engines, activation, commands', () => {
  assert.equal(packageJSON.engines.vscode, '^1.100.0');
  assert.equal(packageJSON.publisher, 'go-sidecar');
  assert.equal(packageJSON.name, 'go-sidecar');
  for (const e of ['workspaceContains:go.mod', 'workspaceContains:.vscode/launch.json', 'onLanguage:go', 'onDebugResolve:go']) {
    assert.ok(packageJSON.activationEvents.includes(e), e);
  }
  const commands = packageJSON.contributes.commands as Array<{ command: string; title: string; category: string }>;
  assert.deepEqual(
    commands.map((c) => [c.command, c.title, c.category]),
    [
      ['goSidecar.purgeCaches', 'Purge Caches…', 'Go Sidecar'],
      ['goSidecar.checkWorkspace', 'Check Workspace', 'Go Sidecar'],
      ['goSidecar.restartServer', 'Restart Server', 'Go Sidecar'],
      ['goSidecar.showLogs', 'Show Logs', 'Go Sidecar'],
      ['goSidecar.showToolsReport', 'Show Tools Report', 'Go Sidecar'],
    ],
  );
  for (const c of commands) assert.ok(packageJSON.activationEvents.includes(`onCommand:${c.command}`), c.command);
  // vscode-languageclient must admit the VS Code this extension declares.
  const lc = readJson(path.join(ROOT, 'node_modules', 'vscode-languageclient', 'package.json'));
  assert.match(lc.engines.vscode, /^\^1\.(\d+)\.0$/);
  assert.ok(Number(/^\^1\.(\d+)/.exec(lc.engines.vscode)![1]) <= 100, lc.engines.vscode);
});

test("the extension's version is go-sidecar's (go_sidecar.__version__, which pyproject.toml takes)", () => {
  const init = require('node:fs').readFileSync(path.join(ROOT, '..', 'server', 'go_sidecar', '__init__.py'), 'utf8') as string;
  const version = /^__version__ = "([^"]+)"/m.exec(init)?.[1];
  assert.ok(version, 'server/go_sidecar/__init__.py states __version__');
  assert.equal(packageJSON.version, version, 'bump vscode-extension/package.json (and package-lock.json) with go_sidecar.__version__');
});
