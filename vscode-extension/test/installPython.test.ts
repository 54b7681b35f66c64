// No Python that fits: the one notification per OS (what is missing, the buttons that do it), the install in a
// terminal, and the search again when that terminal closes or Retry is clicked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as vscode from 'vscode';
import {
  CHOOSE,
  DOWNLOAD,
  type HelpContext,
  installVersion,
  linuxPlan,
  parseOsRelease,
  planHelp,
  PythonHelp,
  RETRY,
  TERMINAL_NAME,
  terminalOptions,
} from '../src/installPython';
import { findPython } from '../src/python';
import { silentLog, stub } from './helpers';
import { machine, MAC_ENV, type Machine, OS_RELEASE, registry, STORE_ALIASES, WIN_ENV } from './machines';

const SUPPORTED = new Set(['3.11', '3.12', '3.13', '3.14']);

function ctxOf(m: Machine): HelpContext {
  const home = m.spec.platform === 'win32' ? 'C:\\Users\\dev' : m.spec.platform === 'darwin' ? '/Users/dev' : '/home/dev';
  return { platform: m.spec.platform, env: m.spec.env ?? { PATH: '/usr/bin:/bin' }, home, fs: m.fs };
}

async function searchOn(m: Machine, supported: ReadonlySet<string> | undefined = SUPPORTED) {
  const c = ctxOf(m);
  const discovery = await findPython({
    ...c, run: m.run, pythonExtension: async () => undefined, setting: '', untrustedFolders: [], cwd: '/storage', supported,
  });
  return { discovery, supported };
}

test('Windows, no Python (the Store alias only): winget 3.13, choose, python.org, retry', async () => {
  const m = machine({ platform: 'win32', files: STORE_ALIASES, outputs: registry(), env: WIN_ENV });
  const help = await planHelp(ctxOf(m), await searchOn(m));
  assert.equal(help.message,
    "Go Sidecar needs Python 3.11–3.14 to run its language server and found none on this machine: the Microsoft Store's " +
    'python.exe alias is not an installed Python. Install Python 3.13 with winget install --id Python.Python.3.13 -e ' +
    '--source winget, or choose an interpreter.');
  assert.deepEqual(help.buttons, ['Install Python 3.13 (winget)', CHOOSE, DOWNLOAD, RETRY]);
  assert.equal(help.install?.command, 'winget install --id Python.Python.3.13 -e --source winget');
  assert.equal(help.download, 'https://www.python.org/downloads/windows/');
});

test('Windows without winget (LTSC, Server): python.org instead; wheels without 3.13 install the newest they serve', async () => {
  const m = machine({ platform: 'win32', files: {}, outputs: registry(), env: WIN_ENV });
  const help = await planHelp(ctxOf(m), await searchOn(m, new Set(['3.11', '3.12'])));
  assert.deepEqual(help.buttons, [CHOOSE, DOWNLOAD, RETRY]);
  assert.match(help.message, /^Go Sidecar needs Python 3\.11 or 3\.12 .* Install Python 3\.12 from python\.org, or choose an interpreter\.$/);
  assert.equal(installVersion(new Set(['3.11', '3.12'])), '3.12');
  assert.equal(installVersion(undefined), '3.13');
});

test('Windows, Python 3.9 only: the message names it', async () => {
  const m = machine({
    platform: 'win32',
    files: { ...STORE_ALIASES, 'C:\\Python39\\python.exe': 1000 },
    pythons: { 'C:\\Python39\\python.exe': '3.9 C:\\Python39\\python.exe win-amd64' },
    outputs: registry('HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.9\\InstallPath\r\n    (Default)    REG_SZ    C:\\Python39\\\r\n'),
    env: WIN_ENV,
  });
  const help = await planHelp(ctxOf(m), await searchOn(m));
  assert.match(help.message, /^Go Sidecar needs Python 3\.11–3\.14 to run its language server; found Python 3\.9 at C:\\Python39\\python\.exe \(too old\); the Microsoft Store's python\.exe alias is not an installed Python\. Install Python 3\.13 with winget/);
});

test('macOS with Homebrew off PATH: brew by its full path; without Homebrew: python.org', async () => {
  const m = machine({ platform: 'darwin', files: { '/usr/bin/python3': 1000, '/opt/homebrew/bin/brew': 1000 }, env: MAC_ENV });
  const help = await planHelp(ctxOf(m), await searchOn(m));
  assert.deepEqual(help.buttons, ['Install with Homebrew', CHOOSE, DOWNLOAD, RETRY]);
  assert.equal(help.install?.command, '/opt/homebrew/bin/brew install python@3.13');
  assert.match(help.message, /found none on this machine: \/usr\/bin\/python3 is Apple's stub .* Install Python 3\.13 with brew install python@3\.13, or choose an interpreter\.$/);
  assert.equal(help.download, 'https://www.python.org/downloads/macos/');
  const bare = machine({ platform: 'darwin', files: {}, env: MAC_ENV });
  const h2 = await planHelp(ctxOf(bare), await searchOn(bare));
  assert.deepEqual(h2.buttons, [CHOOSE, DOWNLOAD, RETRY]);
  assert.match(h2.message, /Install Python 3\.13 from python\.org \(or with Homebrew: brew install python@3\.13\), or choose an interpreter\.$/);
});

test('macOS, the command-line tools\' Python 3.9 only: named', async () => {
  const m = machine({
    platform: 'darwin',
    files: { '/usr/bin/python3': 1000, '/Library/Developer/CommandLineTools/usr/bin/python3': 1000, '/usr/local/bin/brew': 1000 },
    pythons: { '/usr/bin/python3': '3.9 /Library/Developer/CommandLineTools/usr/bin/python3 macosx-10.9-universal2' },
    env: MAC_ENV,
  });
  const help = await planHelp(ctxOf(m), await searchOn(m));
  assert.match(help.message, /found Python 3\.9 at \/Library\/Developer\/CommandLineTools\/usr\/bin\/python3 \(too old\)\. Install Python 3\.13 with brew/);
  assert.equal(help.install?.command, '/usr/local/bin/brew install python@3.13');
});

test('Linux: the distribution\'s command from /etc/os-release', () => {
  const plan = (name: string, supported?: ReadonlySet<string>) => linuxPlan(parseOsRelease(OS_RELEASE[name]), supported)?.command;
  assert.equal(plan('bookworm', SUPPORTED), 'sudo apt install python3 python3-venv');
  assert.equal(plan('noble', SUPPORTED), 'sudo apt install python3 python3-venv');
  assert.equal(plan('jammy', SUPPORTED), 'sudo apt install python3.11 python3.11-venv', "jammy's python3 is 3.10");
  assert.equal(plan('mint', SUPPORTED), 'sudo apt install python3.11 python3.11-venv', 'a derivative: its Ubuntu base');
  assert.equal(plan('bullseye', SUPPORTED), undefined, 'no Python 3.11 in the release');
  assert.equal(plan('bookworm', new Set(['3.12'])), undefined, 'bookworm has 3.11 only');
  assert.equal(plan('fedora', SUPPORTED), 'sudo dnf install python3.13');
  assert.equal(plan('rocky', SUPPORTED), 'sudo dnf install python3.12');
  assert.equal(plan('arch', SUPPORTED), 'sudo pacman -S python');
  assert.equal(plan('manjaro', SUPPORTED), 'sudo pacman -S python');
  assert.equal(plan('tumbleweed', SUPPORTED), 'sudo zypper install python313');
  assert.equal(plan('leap', SUPPORTED), 'sudo zypper install python311');
  assert.equal(plan('nixos', SUPPORTED), undefined);
  assert.deepEqual(parseOsRelease('ID="opensuse-leap"\n# c\nID_LIKE="suse opensuse"\nVERSION_ID=\'15.6\'\nbroken line\n'), {
    id: 'opensuse-leap', idLike: ['suse', 'opensuse'], versionId: '15.6', codename: undefined,
  });
});

test('Linux: no Python on Debian 12 → apt; on an unknown distribution → python.org; Python 3.9 on Debian 11 named', async () => {
  const deb = machine({ platform: 'linux', outputs: { 'cat /etc/os-release': { stdout: OS_RELEASE.bookworm } } });
  const h1 = await planHelp(ctxOf(deb), await searchOn(deb));
  assert.deepEqual(h1.buttons, ['Install with apt', CHOOSE, RETRY]);
  assert.equal(h1.message, 'Go Sidecar needs Python 3.11–3.14 to run its language server and found none on this machine. Install it with sudo apt install python3 python3-venv, or choose an interpreter.');
  const nix = machine({ platform: 'linux', outputs: { 'cat /usr/lib/os-release': { stdout: OS_RELEASE.nixos } } });
  const h2 = await planHelp(ctxOf(nix), await searchOn(nix));
  assert.deepEqual(h2.buttons, [CHOOSE, DOWNLOAD, RETRY]);
  assert.equal(h2.download, 'https://www.python.org/downloads/');
  const old = machine({
    platform: 'linux',
    files: { '/usr/bin/python3': '-> python3.9', '/usr/bin/python3.9': 1000 },
    pythons: { '/usr/bin/python3': '3.9 /usr/bin/python3.9 linux-x86_64' },
    outputs: { 'cat /etc/os-release': { stdout: OS_RELEASE.bullseye } },
  });
  const h3 = await planHelp(ctxOf(old), await searchOn(old));
  assert.match(h3.message, /found Python 3\.9 at \/usr\/bin\/python3\.9 \(too old\)\. Install it with your distribution's package manager or from python\.org/);
  assert.deepEqual(h3.buttons, [CHOOSE, DOWNLOAD, RETRY]);
});

test('the terminal runs the command and ends with it; on failure it waits so the error can be read', () => {
  const win = terminalOptions('win32', 'winget install --id Python.Python.3.13 -e --source winget', WIN_ENV, 'C:\\Users\\dev');
  assert.equal(win.shellPath, 'C:\\Windows\\system32\\cmd.exe');
  assert.equal(win.shellArgs, '/d /c echo $ winget install --id Python.Python.3.13 -e --source winget & winget install --id Python.Python.3.13 -e --source winget || (echo. & echo The install failed: press a key to close. & pause >nul & exit /b 1)');
  assert.equal(win.cwd, 'C:\\Users\\dev');
  assert.equal(win.isTransient, true);
  const mac = terminalOptions('darwin', '/opt/homebrew/bin/brew install python@3.13', MAC_ENV, '/Users/dev');
  assert.equal(mac.shellPath, '/bin/sh');
  assert.deepEqual(mac.shellArgs, ['-c', `printf '$ %s\\n' '/opt/homebrew/bin/brew install python@3.13'; /opt/homebrew/bin/brew install python@3.13 || { s=$?; printf '\\nThe install failed (exit %s): press Enter to close.' "$s"; read _; exit "$s"; }`]);
});

function helper(m: Machine, retry: () => Promise<boolean>) {
  const lines: string[] = [];
  const log = { ...silentLog, info: (l: string) => lines.push(l) };
  return { help: new PythonHelp({ ...ctxOf(m), log, retry }), lines };
}

test('Install: a terminal runs it; when it closes, Python is looked for again (no reload), and success is said', async () => {
  stub.reset();
  const m = machine({ platform: 'win32', files: STORE_ALIASES, outputs: registry(), env: WIN_ENV });
  let retries = 0;
  const { help, lines } = helper(m, async () => (retries++, true));
  stub.answer = (kind, _msg, items) => (kind === 'error' ? (items as string[])[0] : undefined);
  await help.offer(await searchOn(m));
  const errors = stub.messages.filter((x) => x.level === 'error');
  assert.equal(errors.length, 1, 'one notification');
  assert.equal(stub.terminals.length, 1);
  const [terminal] = stub.terminals;
  assert.equal(terminal.name, TERMINAL_NAME);
  assert.equal(terminal.shown, 1);
  assert.match(String(terminal.creationOptions.shellArgs), /winget install --id Python\.Python\.3\.13 -e --source winget/);
  assert.equal(retries, 0, 'nothing until the install ends');
  stub.closeTerminal({ other: true }, 0); // another terminal
  assert.equal(retries, 0);
  stub.closeTerminal(terminal, 0);
  await new Promise((r) => setImmediate(r));
  assert.equal(retries, 1);
  assert.ok(lines.some((l) => l === 'looking for Python again: the install terminal closed (exit 0)'), lines.join('\n'));
  assert.ok(stub.messages.some((x) => x.level === 'information' && /found Python: its server is running/.test(x.message)));
  stub.closeTerminal(terminal, 0);
  assert.equal(retries, 1, 'the watch ended with the terminal');
  help.dispose();
});

test('Retry looks again, once at a time; Download opens python.org and offers Retry', async () => {
  stub.reset();
  const m = machine({ platform: 'darwin', files: {}, env: MAC_ENV });
  let release!: (v: boolean) => void;
  let retries = 0;
  const { help } = helper(m, () => (retries++, new Promise<boolean>((r) => (release = r))));
  const search = await searchOn(m);
  stub.answer = (kind) => (kind === 'error' ? RETRY : undefined);
  const a = help.offer(search);
  const b = help.retry('twice');
  await new Promise((r) => setImmediate(r));
  assert.equal(retries, 1, 'a retry already under way is joined');
  release(false);
  await Promise.all([a, b]);
  assert.ok(!stub.messages.some((x) => x.level === 'information'), 'no success message when it is still missing');
  stub.answer = (kind) => (kind === 'error' ? DOWNLOAD : kind === 'information' ? RETRY : undefined);
  const c = help.offer(search);
  await new Promise((r) => setImmediate(r));
  release(true);
  await c;
  assert.deepEqual(stub.openedExternal, ['https://www.python.org/downloads/macos/']);
  assert.equal(retries, 2);
});

test('Choose Interpreter…: a file picker writes goSidecar.interpreter in the user settings', async () => {
  stub.reset();
  const m = machine({ platform: 'win32', files: STORE_ALIASES, outputs: registry(), env: WIN_ENV });
  let retries = 0;
  const { help } = helper(m, async () => (retries++, true));
  stub.answer = (kind) => (kind === 'error' ? CHOOSE : kind === 'openDialog' ? [vscode.Uri.file('D:\\Py\\python.exe')] : undefined);
  await help.offer(await searchOn(m));
  assert.equal((stub.openDialogs[0] as { filters?: unknown }).filters !== undefined, true);
  assert.deepEqual(stub.updates, [['goSidecar.interpreter', 'D:\\Py\\python.exe', vscode.ConfigurationTarget.Global]]);
  assert.equal(retries, 0, 'the changed setting restarts the server (extension.ts), not this');
  // Cancelled: nothing written.
  stub.answer = (kind) => (kind === 'error' ? CHOOSE : undefined);
  await help.offer(await searchOn(m));
  assert.equal(stub.updates.length, 1);
});

test("Choose Interpreter… with the Python extension: its picker only when asked (it changes the workspace's interpreter)", async () => {
  stub.reset();
  stub.extensions['ms-python.python'] = { isActive: true, exports: {} };
  const m = machine({ platform: 'linux', files: {} });
  let retries = 0;
  const { help } = helper(m, async () => (retries++, true));
  stub.answer = (kind, items) => (kind === 'error' ? CHOOSE : kind === 'quickPick' ? (items as string[])[1] : undefined);
  await help.offer(await searchOn(m));
  assert.deepEqual(stub.executed, [['python.setInterpreter']]);
  assert.equal(retries, 1);
  assert.equal(stub.openDialogs.length, 0);
  stub.reset();
});

test('one notification at a time: a second failed start while it is up does not stack another', async () => {
  stub.reset();
  const m = machine({ platform: 'linux', files: {} });
  const { help } = helper(m, async () => false);
  let close!: (v: string | undefined) => void;
  stub.answer = (kind) => (kind === 'error' ? new Promise((r) => (close = r)) : undefined);
  const search = await searchOn(m);
  const first = help.offer(search);
  await new Promise((r) => setTimeout(r, 5));
  await help.offer(search);
  assert.equal(stub.messages.filter((x) => x.level === 'error').length, 1);
  close(undefined); // dismissed
  await first;
  stub.answer = () => undefined;
  await help.offer(search);
  assert.equal(stub.messages.filter((x) => x.level === 'error').length, 2, 'shown again after it was dismissed');
});
