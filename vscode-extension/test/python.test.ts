// Interpreter discovery: Python extension, then goSidecar.interpreter, then py -3 / python3; >= 3.11 only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DiscoveryInput, expandInterpreter, findPython, noPythonMessage, parseProbe, PROBE } from '../src/python';
import { fakeRunner, probeOutput } from './helpers';

type Pythons = Record<string, string>; // command -> "3.12:/real/path" (missing: not found)

function input(pythons: Pythons, over: Partial<DiscoveryInput> = {}) {
  const runner = fakeRunner(({ command, args }) => {
    const key = [command, ...args.slice(0, args.indexOf('-I'))].join(' ');
    const known = pythons[key];
    if (!known) return { code: null, error: 'ENOENT' };
    const cut = known.indexOf(':');
    const [version, exe] = [known.slice(0, cut), known.slice(cut + 1)];
    return probeOutput(version, exe);
  });
  const inp: DiscoveryInput = {
    platform: 'linux',
    run: runner.run,
    pythonExtension: async () => undefined,
    setting: '',
    untrustedFolders: [],
    cwd: '/storage',
    ...over,
  };
  return { inp, calls: runner.calls };
}

test('the Python extension comes first', async () => {
  const { inp, calls } = input(
    { '/venvs/a/bin/python': '3.12:/usr/bin/python3.12', '/opt/py/bin/python3': '3.13:/opt/py/bin/python3', python3: '3.11:/usr/bin/python3' },
    { pythonExtension: async () => '/venvs/a/bin/python', setting: '/opt/py/bin/python3' },
  );
  const found = await findPython(inp);
  assert.deepEqual(found.python, { executable: '/usr/bin/python3.12', version: [3, 12], source: 'Python extension' });
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0].args, ['-I', '-c', PROBE]);
  assert.equal(calls[0].options?.cwd, '/storage');
});

test('then goSidecar.interpreter, when the Python extension is missing', async () => {
  const { inp, calls } = input({ '/opt/py/bin/python3': '3.13:/opt/py/bin/python3.13', python3: '3.11:/usr/bin/python3' }, {
    setting: '/opt/py/bin/python3',
  });
  const found = await findPython(inp);
  assert.equal(found.python?.source, 'goSidecar.interpreter');
  assert.equal(found.python?.executable, '/opt/py/bin/python3.13');
  assert.deepEqual(calls.map((c) => c.command), ['/opt/py/bin/python3']);
});

test('then python3 on PATH', async () => {
  const { inp } = input({ python3: '3.11:/usr/bin/python3.11' });
  const found = await findPython(inp);
  assert.deepEqual(found.python, { executable: '/usr/bin/python3.11', version: [3, 11], source: 'python3 on PATH' });
});

test('on Windows, py -3', async () => {
  const { inp, calls } = input({ 'py -3': '3.12:C:\\Python312\\python.exe' }, { platform: 'win32' });
  const found = await findPython(inp);
  assert.equal(found.python?.executable, 'C:\\Python312\\python.exe');
  assert.deepEqual([calls[0].command, ...calls[0].args], ['py', '-3', '-I', '-c', PROBE]);
});

test('Python 3.10 is rejected, and the next candidate is tried', async () => {
  const { inp } = input(
    { '/venvs/old/bin/python': '3.10:/usr/bin/python3.10', python3: '3.10:/usr/bin/python3', 'python3.12': '3.12:/usr/bin/python3.12' },
    { pythonExtension: async () => '/venvs/old/bin/python' },
  );
  const found = await findPython(inp);
  assert.equal(found.python?.executable, '/usr/bin/python3.12');
  assert.ok(found.rejected.some((r) => r.includes('/usr/bin/python3.10 is Python 3.10; go-sidecar needs 3.11 or newer')), found.rejected.join('\n'));
});

test('no Python: nothing found, every candidate says why, and the message says what to install', async () => {
  const { inp } = input({ python3: '3.9:/usr/bin/python3' }, { setting: '/nope/python' });
  const found = await findPython(inp);
  assert.equal(found.python, undefined);
  assert.ok(found.rejected.some((r) => r.startsWith('goSidecar.interpreter: /nope/python: not found')), found.rejected.join('\n'));
  assert.ok(found.rejected.some((r) => r.includes('Python 3.9')));
  assert.match(noPythonMessage('linux'), /needs Python 3\.11 or newer.*sudo apt install python3 python3-venv/);
  assert.match(noPythonMessage('win32'), /python\.org.*winget install Python\.Python\.3\.12/);
  assert.match(noPythonMessage('darwin'), /brew install python@3\.12/);
});

test('a broken Python extension does not stop the search', async () => {
  const { inp } = input({ python3: '3.12:/usr/bin/python3' }, {
    pythonExtension: async () => {
      throw new Error('activating it took longer than 15 s');
    },
  });
  const found = await findPython(inp);
  assert.equal(found.python?.source, 'python3 on PATH');
  assert.ok(found.rejected.includes('Python extension: activating it took longer than 15 s'));
});

test('an untrusted workspace: its own Python (a .venv inside it) is never run', async () => {
  const { inp, calls } = input(
    { '/work/proj/.venv/bin/python': '3.12:/work/proj/.venv/bin/python', python3: '3.11:/usr/bin/python3' },
    { pythonExtension: async () => '/work/proj/.venv/bin/python', untrustedFolders: ['/work/proj'] },
  );
  const found = await findPython(inp);
  assert.equal(found.python?.executable, '/usr/bin/python3');
  assert.ok(!calls.some((c) => c.command.startsWith('/work/proj')));
});

test('the probe output is parsed; garbage is not a Python', () => {
  assert.deepEqual(parseProbe('(3, 11)\n/usr/bin/python3\n'), { version: [3, 11], executable: '/usr/bin/python3' });
  assert.deepEqual(parseProbe('(3, 13)\r\nC:\\Py\\python.exe\r\n'), { version: [3, 13], executable: 'C:\\Py\\python.exe' });
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
  const { inp } = input({ python3: '3.15:/usr/bin/python3', 'python3.13': '3.13:/usr/bin/python3.13' }, {
    supported: new Set(['3.11', '3.12', '3.13', '3.14']),
  });
  const found = await findPython(inp);
  assert.equal(found.python?.executable, '/usr/bin/python3.13');
  assert.ok(found.rejected.includes('python3 on PATH: /usr/bin/python3 is Python 3.15; this build carries wheels for 3.11, 3.12, 3.13 or 3.14'), found.rejected.join('\n'));
  assert.match(noPythonMessage('linux', new Set(['3.12', '3.11'])), /^Go Sidecar needs Python 3\.11 or 3\.12 to run/);
});
