// Interpreter discovery on recorded machines: the Python extension, goSidecar.interpreter, then this OS's places
// (py launcher, PEP 514 registry, the Store, PATH on Windows; PATH, Homebrew, python.org on macOS; /usr/bin on
// Linux); each candidate asked once; only a Python the bundled wheels fit is taken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePyList, parseRegQuery, pathDirs, registryExecutable } from '../src/discovery';
import {
  type DiscoveryInput,
  expandInterpreter,
  findPython,
  machinesOf,
  missingText,
  noPythonMessage,
  parseProbe,
  PROBE,
  ProbeCache,
  versionList,
} from '../src/python';
import {
  machine,
  MAC_ENV,
  type Machine,
  PY_LIST_NEW,
  PY_LIST_OLD,
  REG,
  REG_HKCU,
  REG_HKLM,
  REG_WOW,
  registry,
  STORE_ALIASES,
  WIN_ENV,
} from './machines';

const WHEELS_311_314 = new Set(['3.11', '3.12', '3.13', '3.14']);
const X64 = new Set(['x86_64']);

function input(m: Machine, over: Partial<DiscoveryInput> = {}): DiscoveryInput {
  const win = m.spec.platform === 'win32';
  return {
    platform: m.spec.platform,
    run: m.run,
    pythonExtension: async () => undefined,
    setting: '',
    untrustedFolders: [],
    cwd: win ? 'C:\\Users\\dev\\AppData\\Roaming\\Code\\User\\globalStorage\\go-sidecar.go-sidecar' : '/storage',
    fs: m.fs,
    env: m.spec.env ?? { PATH: '/usr/local/bin:/usr/bin:/bin' },
    home: win ? 'C:\\Users\\dev' : m.spec.platform === 'darwin' ? '/Users/dev' : '/home/dev',
    ...over,
  };
}

// ------------------------------------------------------------------------------------------------- Linux

test('the Python extension comes first; the probe runs isolated, outside the workspace', async () => {
  const m = machine({
    platform: 'linux',
    files: { '/venvs/a/bin/python': '-> /usr/bin/python3.12', '/usr/bin/python3.12': 1000, '/opt/py/bin/python3': 1000, '/usr/bin/python3': '-> python3.12' },
    pythons: { '/venvs/a/bin/python': '3.12 /usr/bin/python3.12 linux-x86_64', '/opt/py/bin/python3': '3.13 /opt/py/bin/python3 linux-x86_64' },
  });
  const found = await findPython(input(m, { pythonExtension: async () => '/venvs/a/bin/python', setting: '/opt/py/bin/python3' }));
  assert.deepEqual(found.python, { executable: '/usr/bin/python3.12', version: [3, 12], source: 'Python extension' });
  assert.equal(m.calls.length, 1);
  assert.deepEqual(m.calls[0].args, ['-I', '-c', PROBE]);
  assert.equal(m.calls[0].options?.cwd, '/storage');
});

test('then goSidecar.interpreter, when the Python extension is missing', async () => {
  const m = machine({
    platform: 'linux',
    files: { '/opt/py/bin/python3': 1000, '/usr/bin/python3': 1000 },
    pythons: { '/opt/py/bin/python3': '3.13 /opt/py/bin/python3.13', '/usr/bin/python3': '3.11 /usr/bin/python3' },
  });
  const found = await findPython(input(m, { setting: '/opt/py/bin/python3' }));
  assert.equal(found.python?.source, 'goSidecar.interpreter');
  assert.equal(found.python?.executable, '/opt/py/bin/python3.13');
  assert.deepEqual(m.probes(), ['/opt/py/bin/python3']);
});

test('then PATH; the same file under two names (python3 -> python3.11) is asked once', async () => {
  const m = machine({
    platform: 'linux',
    files: { '/usr/bin/python3': '-> python3.11', '/usr/bin/python3.11': 1000 },
    pythons: { '/usr/bin/python3': '3.10 /usr/bin/python3.10', '/usr/bin/python3.11': '3.10 /usr/bin/python3.10' },
  });
  const found = await findPython(input(m));
  assert.equal(found.python, undefined);
  assert.deepEqual(m.probes(), ['/usr/bin/python3'], 'python3.11 is the same file, and /usr/bin again under well-known places');
  assert.deepEqual(found.found, [{ executable: '/usr/bin/python3.10', version: '3.10', source: 'PATH', why: 'old' }]);
});

test('PATH: python3, then python3.14 … python3.11; /usr/bin outside PATH too; relative PATH entries never', async () => {
  const m = machine({
    platform: 'linux',
    files: { '/usr/bin/python3': 1000, '/usr/bin/python3.12': 1000, '/home/dev/proj/python3': 1000 },
    pythons: { '/usr/bin/python3': '3.10 /usr/bin/python3', '/usr/bin/python3.12': '3.12 /usr/bin/python3.12 linux-x86_64' },
    env: { PATH: '.:bin:/nowhere' },
  });
  const found = await findPython(input(m));
  assert.equal(found.python?.executable, '/usr/bin/python3.12');
  assert.equal(found.python?.source, 'system');
  assert.ok(!m.calls.some((c) => !c.command.startsWith('/')), 'nothing relative is run');
  assert.deepEqual(pathDirs({ env: { PATH: '.:bin::/usr/bin' }, platform: 'linux' }), ['/usr/bin']);
});

test('Python 3.10 is rejected, and the next candidate is tried', async () => {
  const m = machine({
    platform: 'linux',
    files: { '/venvs/old/bin/python': 1000, '/usr/bin/python3': 1000, '/usr/bin/python3.12': 1000 },
    pythons: { '/venvs/old/bin/python': '3.10 /usr/bin/python3.10', '/usr/bin/python3': '3.10 /usr/bin/python3', '/usr/bin/python3.12': '3.12 /usr/bin/python3.12' },
  });
  const found = await findPython(input(m, { pythonExtension: async () => '/venvs/old/bin/python' }));
  assert.equal(found.python?.executable, '/usr/bin/python3.12');
  assert.ok(found.rejected.some((r) => r.includes('/usr/bin/python3.10 is Python 3.10; go-sidecar needs 3.11 or newer')), found.rejected.join('\n'));
});

test('no Python: every candidate says why', async () => {
  const m = machine({ platform: 'linux', files: { '/usr/bin/python3': 1000 }, pythons: { '/usr/bin/python3': '3.9 /usr/bin/python3' } });
  const found = await findPython(input(m, { setting: '/nope/python' }));
  assert.equal(found.python, undefined);
  assert.ok(found.rejected.some((r) => r.startsWith('goSidecar.interpreter: /nope/python: not found')), found.rejected.join('\n'));
  assert.ok(found.rejected.some((r) => r.includes('Python 3.9')));
  assert.match(noPythonMessage('linux', undefined, found), /^Go Sidecar needs Python 3\.11 or newer to run its language server; found Python 3\.9 at \/usr\/bin\/python3 \(too old\)\. Install python3/);
});

test('a broken Python extension does not stop the search', async () => {
  const m = machine({ platform: 'linux', files: { '/usr/bin/python3': 1000 }, pythons: { '/usr/bin/python3': '3.12 /usr/bin/python3' } });
  const found = await findPython(input(m, {
    pythonExtension: async () => {
      throw new Error('activating it took longer than 15 s');
    },
  }));
  assert.equal(found.python?.source, 'PATH');
  assert.ok(found.rejected.includes('Python extension: activating it took longer than 15 s'));
});

test('an untrusted workspace: its own Python (a .venv inside it) is never run', async () => {
  const m = machine({
    platform: 'linux',
    files: { '/work/proj/.venv/bin/python': 1000, '/usr/bin/python3': 1000 },
    pythons: { '/work/proj/.venv/bin/python': '3.12 /work/proj/.venv/bin/python', '/usr/bin/python3': '3.11 /usr/bin/python3' },
    env: { PATH: '/work/proj/.venv/bin:/usr/bin' },
  });
  const found = await findPython(input(m, { pythonExtension: async () => '/work/proj/.venv/bin/python', untrustedFolders: ['/work/proj'] }));
  assert.equal(found.python?.executable, '/usr/bin/python3');
  assert.ok(!m.calls.some((c) => c.command.startsWith('/work/proj')));
});

test('the probe output is parsed; garbage is not a Python', () => {
  assert.deepEqual(parseProbe('(3, 11)\n/usr/bin/python3\n'), { version: [3, 11], executable: '/usr/bin/python3' });
  assert.deepEqual(parseProbe('(3, 13)\r\nC:\\Py\\python.exe\r\nwin-amd64\r\n'), { version: [3, 13], executable: 'C:\\Py\\python.exe', platform: 'win-amd64' });
  assert.equal(parseProbe('Python was not found; run without arguments to install from the Microsoft Store'), undefined);
});

test('goSidecar.interpreter: ~, ${userHome}, ${env:NAME}, ${workspaceFolder}', () => {
  const vars = { home: '/home/u', env: { PYHOME: '/opt/py' }, workspaceFolder: '/w' };
  assert.equal(expandInterpreter('~/py/bin/python3', vars), '/home/u/py/bin/python3');
  assert.equal(expandInterpreter('${userHome}/x', vars), '/home/u/x');
  assert.equal(expandInterpreter('${env:PYHOME}/bin/python3', vars), '/opt/py/bin/python3');
  assert.equal(expandInterpreter('${workspaceFolder}/.venv/bin/python', vars), '/w/.venv/bin/python');
  assert.equal(expandInterpreter('  ', vars), '');
});

test('a Python the bundled wheels do not serve is passed over', async () => {
  const m = machine({
    platform: 'linux',
    files: { '/usr/bin/python3': 1000, '/usr/bin/python3.13': 1000 },
    pythons: { '/usr/bin/python3': '3.15 /usr/bin/python3', '/usr/bin/python3.13': '3.13 /usr/bin/python3.13' },
  });
  const found = await findPython(input(m, { supported: WHEELS_311_314 }));
  assert.equal(found.python?.executable, '/usr/bin/python3.13');
  assert.ok(found.rejected.includes('PATH: /usr/bin/python3 is Python 3.15; this build carries wheels for 3.11–3.14'), found.rejected.join('\n'));
  assert.match(noPythonMessage('linux', new Set(['3.12', '3.11'])), /^Go Sidecar needs Python 3\.11 or 3\.12 to run/);
});

test('uv- and pyenv-managed Pythons are found, newest first; free-threaded ones are not', async () => {
  const m = machine({
    platform: 'linux',
    files: {
      '/home/dev/.local/share/uv/python/cpython-3.12.8-linux-x86_64-gnu/bin/python3': 1000,
      '/home/dev/.local/share/uv/python/cpython-3.13.1+freethreaded-linux-x86_64-gnu/bin/python3': 1000,
      '/home/dev/.pyenv/versions/3.13.1/bin/python3': 1000,
    },
    pythons: {
      '/home/dev/.pyenv/versions/3.13.1/bin/python3': '3.13 /home/dev/.pyenv/versions/3.13.1/bin/python3.13 linux-x86_64',
      '/home/dev/.local/share/uv/python/cpython-3.12.8-linux-x86_64-gnu/bin/python3': '3.12 /uv/3.12 linux-x86_64',
    },
    env: { PATH: '/usr/bin' },
  });
  const found = await findPython(input(m, { supported: new Set(['3.12']) }));
  assert.equal(found.python?.source, 'uv (cpython-3.12.8-linux-x86_64-gnu)');
  assert.ok(!m.probes().some((p) => p.includes('freethreaded')));
});

test('each Python is asked once per session: the cache holds until the file changes', async () => {
  const m = machine({ platform: 'linux', files: { '/usr/bin/python3': 1000 }, pythons: { '/usr/bin/python3': '3.9 /usr/bin/python3' } });
  const cache = new ProbeCache();
  await findPython(input(m, { cache }));
  await findPython(input(m, { cache }));
  assert.deepEqual(m.probes(), ['/usr/bin/python3']);
  // An upgrade in place (apt, brew) changes the file: asked again.
  m.touch('/usr/bin/python3', 2000);
  m.spec.pythons!['/usr/bin/python3'] = '3.11 /usr/bin/python3';
  const found = await findPython(input(m, { cache }));
  assert.equal(found.python?.version.join('.'), '3.11');
  assert.equal(m.probes().length, 2);
});

test('versions: a run of three or more is a range', () => {
  assert.equal(versionList(WHEELS_311_314), '3.11–3.14');
  assert.equal(versionList(new Set(['3.12', '3.11'])), '3.11 or 3.12');
  assert.equal(versionList(new Set(['3.11', '3.12', '3.14'])), '3.11, 3.12 or 3.14');
  assert.deepEqual(machinesOf('win-amd64'), ['x86_64']);
  assert.deepEqual(machinesOf('win32'), ['x86']);
  assert.deepEqual(machinesOf('macosx-10.9-universal2'), ['x86_64', 'arm64']);
  assert.deepEqual(machinesOf('manylinux_2_17_aarch64'), ['arm64']);
  assert.deepEqual(machinesOf('any'), []);
});

// ------------------------------------------------------------------------------------------------- Windows

test('py -0p, the launcher of Python 3.11+: tags, the default first, free-threaded and other companies kept apart', () => {
  assert.deepEqual(parsePyList(PY_LIST_NEW), [
    { tag: '-V:3.13', path: 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python313\\python.exe', isDefault: true },
    { tag: '-V:3.13t', path: 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python313\\python3.13t.exe', isDefault: false },
    { tag: '-V:3.12', path: 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python312\\python.exe', isDefault: false },
    { tag: '-V:3.11-32', path: 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python311-32\\python.exe', isDefault: false },
    { tag: '-V:ContinuumAnalytics/Anaconda39-64', path: 'C:\\Users\\dev\\anaconda3\\python.exe', isDefault: false },
  ]);
});

test('py -0p, the launcher of Python 3.7–3.10: the default marked after the path; spaces in paths; an install folder', () => {
  assert.deepEqual(parsePyList(PY_LIST_OLD), [
    { tag: '-3.10-64', path: 'C:\\Program Files\\Python310\\python.exe', isDefault: true },
    { tag: '-3.9-32', path: 'C:\\Python39-32\\python.exe', isDefault: false },
    { tag: '(venv)', path: 'C:\\work\\.venv\\Scripts\\python.exe', isDefault: false },
  ]);
  assert.deepEqual(parsePyList(' -V:3.12 *        C:\\Py312\\python.exe -X utf8\r\n -V:Other/1.0     D:\\Other\\\r\nNo installed Pythons found!\r\n'), [
    { tag: '-V:3.12', path: 'C:\\Py312\\python.exe', isDefault: true },
    { tag: '-V:Other/1.0', path: 'D:\\Other\\python.exe', isDefault: false },
  ]);
  assert.deepEqual(parsePyList('garbage\n\x00\n -V:3.12 relative\\python.exe'), []);
});

test('Windows with the py launcher: its default Python, asked once; the launcher found though PATH predates it', async () => {
  const m = machine({
    platform: 'win32',
    files: { ...STORE_ALIASES, 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Launcher\\py.exe': 1000, 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python313\\python.exe': 1000 },
    pythons: { 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python313\\python.exe': '3.13 C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python313\\python.exe win-amd64' },
    outputs: { 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Launcher\\py.exe -0p': { stdout: PY_LIST_NEW } },
    env: WIN_ENV,
  });
  const found = await findPython(input(m, { supported: WHEELS_311_314, machines: X64 }));
  assert.deepEqual(found.python, { executable: 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python313\\python.exe', version: [3, 13], source: 'py -0p (-V:3.13)' });
  assert.deepEqual(m.calls.map((c) => [c.command, c.args[0]]), [
    ['C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Launcher\\py.exe', '-0p'],
    ['C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python313\\python.exe', '-I'],
  ]);
  assert.ok(!m.calls.some((c) => c.command === REG), 'the registry is read only when the launcher found nothing that fits');
});

test('Windows, py launcher: wheels for 3.11/3.12 on x64 only pass over 3.13 and a 32-bit 3.11', async () => {
  const dir = 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python';
  const m = machine({
    platform: 'win32',
    files: { ...STORE_ALIASES, 'C:\\Windows\\py.exe': 1000, [`${dir}\\Python313\\python.exe`]: 1000, [`${dir}\\Python311-32\\python.exe`]: 1000, [`${dir}\\Python313\\python3.13t.exe`]: 1000 },
    pythons: {
      [`${dir}\\Python313\\python.exe`]: `3.13 ${dir}\\Python313\\python.exe win-amd64`,
      [`${dir}\\Python311-32\\python.exe`]: `3.11 ${dir}\\Python311-32\\python.exe win32`,
    },
    outputs: { 'C:\\Windows\\py.exe -0p': { stdout: PY_LIST_NEW }, ...registry() },
    env: WIN_ENV,
  });
  const found = await findPython(input(m, { supported: new Set(['3.11', '3.12']), machines: X64 }));
  assert.equal(found.python, undefined);
  assert.ok(!m.probes().some((p) => p.endsWith('python3.13t.exe')), 'a free-threaded build is not run');
  assert.ok(found.rejected.some((r) => r.includes('python3.13t.exe is a free-threaded build')));
  assert.deepEqual(found.found?.map((f) => [f.version, f.why]), [['3.13', 'unsupported'], ['3.11', 'machine']]);
  assert.ok(found.rejected.includes(`py -0p (-V:3.11-32): ${dir}\\Python311-32\\python.exe is a 32-bit x86 Python (win32); this build's wheels are for 64-bit x86`), found.rejected.join('\n'));
  const text = missingText('win32', new Set(['3.11', '3.12']), found);
  assert.match(text, /^Go Sidecar needs Python 3\.11 or 3\.12 to run its language server; found Python 3\.13 at .*Python313\\python\.exe \(this build carries no wheels for it\); Python 3\.11 at .*Python311-32\\python\.exe \(a win32 build\); the Microsoft Store's python\.exe alias is not an installed Python\.$/);
});

test('PEP 514: reg query output of HKCU, HKLM and WOW6432Node; a localised default value; InstallPath only', () => {
  const entries = [...parseRegQuery(REG_HKCU), ...parseRegQuery(REG_HKLM), ...parseRegQuery(REG_WOW)];
  assert.deepEqual(entries.map((e) => [e.company, e.tag, registryExecutable(e)]), [
    ['PythonCore', '3.12', 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python312\\python.exe'],
    ['PythonCore', '3.13', 'D:\\Tools\\Python313\\python.exe'],
    ['PythonCore', '3.11', 'C:\\Program Files\\Python311\\python.exe'],
    ['PythonCore', '3.12-32', 'C:\\Program Files (x86)\\Python312-32\\python.exe'],
  ]);
  assert.deepEqual(parseRegQuery('ERROR: The system was unable to find the specified registry key or value.'), []);
  assert.deepEqual(parseRegQuery('HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12\\InstallPath\r\n    (Default)    REG_SZ    \r\n'), [
    { key: 'HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12\\InstallPath', company: 'PythonCore', tag: '3.12' },
  ]);
});

test('Windows without the py launcher: the registry (reg.exe by full path, three views), newest first', async () => {
  const m = machine({
    platform: 'win32',
    files: { ...STORE_ALIASES, 'D:\\Tools\\Python313\\python.exe': 1000, 'C:\\Program Files\\Python311\\python.exe': 1000 },
    pythons: { 'D:\\Tools\\Python313\\python.exe': '3.13 D:\\Tools\\Python313\\python.exe win-amd64' },
    outputs: registry(REG_HKCU, REG_HKLM, REG_WOW),
    env: WIN_ENV,
  });
  const found = await findPython(input(m, { supported: WHEELS_311_314, machines: X64 }));
  assert.deepEqual(found.python, { executable: 'D:\\Tools\\Python313\\python.exe', version: [3, 13], source: 'registry PythonCore\\3.13' });
  assert.deepEqual(m.calls.filter((c) => c.command === REG).map((c) => c.args.join(' ')), [
    'query HKCU\\Software\\Python /s', 'query HKLM\\Software\\Python /s', 'query HKLM\\Software\\WOW6432Node\\Python /s',
  ]);
  assert.ok(found.rejected.includes('py launcher: not installed'));
});

test('Windows, a 32-bit Python in WOW6432Node and the Store alias on PATH: the message names both', async () => {
  const m = machine({
    platform: 'win32',
    files: { ...STORE_ALIASES, 'C:\\Program Files (x86)\\Python312-32\\python.exe': 1000 },
    pythons: { 'C:\\Program Files (x86)\\Python312-32\\python.exe': '3.12 C:\\Program Files (x86)\\Python312-32\\python.exe win32' },
    outputs: registry(undefined, undefined, REG_WOW),
    env: WIN_ENV,
  });
  const found = await findPython(input(m, { supported: WHEELS_311_314, machines: X64 }));
  assert.equal(found.python, undefined);
  assert.equal(missingText('win32', WHEELS_311_314, found),
    "Go Sidecar needs Python 3.11–3.14 to run its language server; found Python 3.12 at C:\\Program Files (x86)\\Python312-32\\python.exe (a win32 build); the Microsoft Store's python.exe alias is not an installed Python.");
});

test("Windows with only the Store's alias: it is never run, and the message says it is not a Python", async () => {
  const m = machine({ platform: 'win32', files: STORE_ALIASES, outputs: registry(), env: WIN_ENV });
  const found = await findPython(input(m, { supported: WHEELS_311_314 }));
  assert.equal(found.python, undefined);
  assert.deepEqual(m.probes(), [], 'nothing to ask');
  assert.ok(!m.calls.some((c) => /WindowsApps/i.test(c.command)));
  assert.deepEqual(found.skipped?.map((s) => s.kind), ['store-alias', 'store-alias']);
  assert.equal(missingText('win32', WHEELS_311_314, found),
    "Go Sidecar needs Python 3.11–3.14 to run its language server and found none on this machine: the Microsoft Store's python.exe alias is not an installed Python.");
});

test('Windows: a non-empty python.exe in WindowsApps is not the alias; the Store package Python is a real one', async () => {
  const apps = 'C:\\Users\\dev\\AppData\\Local\\Microsoft\\WindowsApps';
  const store = `${apps}\\PythonSoftwareFoundation.Python.3.12_qbz5n2kfra8p0\\python.exe`;
  const m = machine({
    platform: 'win32',
    files: { ...STORE_ALIASES, [store]: 0 },
    pythons: { [store]: `3.12 C:\\Program Files\\WindowsApps\\PythonSoftwareFoundation.Python.3.12_3.12.2800.0_x64__qbz5n2kfra8p0\\python.exe win-amd64` },
    outputs: registry(),
    env: WIN_ENV,
  });
  const found = await findPython(input(m, { supported: WHEELS_311_314, machines: X64 }));
  assert.equal(found.python?.source, 'Microsoft Store Python 3.12');
  assert.deepEqual(m.probes(), [store]);
});

test('Windows, Python 3.9 only: the message names it and where it is', async () => {
  const m = machine({
    platform: 'win32',
    files: { ...STORE_ALIASES, 'C:\\Windows\\py.exe': 1000, 'C:\\Python39\\python.exe': 1000 },
    pythons: { 'C:\\Python39\\python.exe': '3.9 C:\\Python39\\python.exe win-amd64' },
    outputs: { 'C:\\Windows\\py.exe -0p': { stdout: ' -V:3.9 *         C:\\Python39\\python.exe\r\n' }, ...registry() },
    env: { ...WIN_ENV, Path: `C:\\Python39;${WIN_ENV.Path}` },
  });
  const found = await findPython(input(m, { supported: WHEELS_311_314, machines: X64 }));
  assert.equal(found.python, undefined);
  assert.deepEqual(m.probes(), ['C:\\Python39\\python.exe'], 'asked once, though py and PATH both name it');
  assert.match(missingText('win32', WHEELS_311_314, found), /found Python 3\.9 at C:\\Python39\\python\.exe \(too old\); the Microsoft Store's python\.exe alias is not an installed Python\.$/);
});

// ------------------------------------------------------------------------------------------------- macOS

test('macOS from the Dock: Apple\'s /usr/bin/python3 stub is not run; Homebrew\'s Python is found off PATH', async () => {
  const m = machine({
    platform: 'darwin',
    files: { '/usr/bin/python3': 1000, '/opt/homebrew/bin/python3.13': '-> ../Cellar/python@3.13/3.13.1/bin/python3.13', '/opt/homebrew/Cellar/python@3.13/3.13.1/bin/python3.13': 1000, '/opt/homebrew/opt/python@3.13/bin/python3.13': '-> /opt/homebrew/Cellar/python@3.13/3.13.1/bin/python3.13' },
    pythons: { '/opt/homebrew/bin/python3.13': '3.13 /opt/homebrew/opt/python@3.13/bin/python3.13 macosx-15.0-arm64' },
    env: MAC_ENV,
  });
  const found = await findPython(input(m, { supported: WHEELS_311_314, machines: new Set(['arm64']) }));
  assert.deepEqual(found.python, { executable: '/opt/homebrew/opt/python@3.13/bin/python3.13', version: [3, 13], source: 'Homebrew' });
  assert.deepEqual(m.probes(), ['/opt/homebrew/bin/python3.13'], 'the opt/ link is the same file');
  assert.deepEqual(found.skipped, [{ path: '/usr/bin/python3', kind: 'xcode-stub' }]);
});

test('macOS: a python.org framework build; an Intel Homebrew', async () => {
  const fw = '/Library/Frameworks/Python.framework/Versions/3.12/bin/python3.12';
  const m = machine({ platform: 'darwin', files: { [fw]: 1000 }, pythons: { [fw]: `3.12 ${fw} macosx-10.13-universal2` }, env: MAC_ENV });
  const found = await findPython(input(m, { supported: WHEELS_311_314, machines: new Set(['arm64']) }));
  assert.deepEqual(found.python, { executable: fw, version: [3, 12], source: 'python.org' });
  const brew = '/usr/local/opt/python@3.11/bin/python3.11';
  const intel = machine({ platform: 'darwin', files: { [brew]: 1000 }, pythons: { [brew]: `3.11 ${brew} macosx-10.15-x86_64` }, env: MAC_ENV });
  assert.equal((await findPython(input(intel, { supported: WHEELS_311_314, machines: X64 }))).python?.executable, brew);
});

test('macOS with the command-line tools: their Python 3.9 is asked, and named in the message', async () => {
  const m = machine({
    platform: 'darwin',
    files: { '/usr/bin/python3': 1000, '/Library/Developer/CommandLineTools/usr/bin/python3': 1000 },
    pythons: { '/usr/bin/python3': '3.9 /Library/Developer/CommandLineTools/usr/bin/python3 macosx-10.9-universal2' },
    env: MAC_ENV,
  });
  const found = await findPython(input(m, { supported: WHEELS_311_314 }));
  assert.equal(found.python, undefined);
  assert.equal(missingText('darwin', WHEELS_311_314, found),
    'Go Sidecar needs Python 3.11–3.14 to run its language server; found Python 3.9 at /Library/Developer/CommandLineTools/usr/bin/python3 (too old).');
});

test('macOS with no Python at all: nothing run, and the message says none was found', async () => {
  const m = machine({ platform: 'darwin', files: { '/usr/bin/python3': 1000 }, env: MAC_ENV });
  const found = await findPython(input(m, { supported: WHEELS_311_314 }));
  assert.deepEqual(m.calls, []);
  assert.equal(missingText('darwin', WHEELS_311_314, found),
    "Go Sidecar needs Python 3.11–3.14 to run its language server and found none on this machine: /usr/bin/python3 is Apple's stub that installs the Xcode command-line tools.");
});
