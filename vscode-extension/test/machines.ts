// Recorded machines for the Python search: their files (sizes, links), what `py -0p` and `reg query` print, and
// what each Python answers to the probe. Nothing here touches the real disk or runs a program.
import * as path from 'node:path';
import type { DiscoveryFs, FileInfo } from '../src/discovery';
import type { RunResult } from '../src/process';
import { type Call, fakeRunner } from './helpers';

export interface MachineSpec {
  platform: NodeJS.Platform;
  /** Files: their size (default 1000), or `-> target` for a link (stat follows it, lstat does not). */
  files?: Record<string, number | string>;
  /** A Python's probe answer by the path it is run as: "3.12 <sys.executable> <sysconfig platform>". */
  pythons?: Record<string, string>;
  /** Other programs' output, by "<command> <args...>". */
  outputs?: Record<string, Partial<RunResult>>;
  env?: NodeJS.ProcessEnv;
}

export interface Machine {
  spec: MachineSpec;
  fs: DiscoveryFs;
  run: ReturnType<typeof fakeRunner>['run'];
  calls: Call[];
  /** The probes run, by command. */
  probes(): string[];
  /** Files added or changed later (an install): a new modification time. */
  touch(file: string, size?: number | string): void;
}

export function machine(spec: MachineSpec): Machine {
  const p = spec.platform === 'win32' ? path.win32 : path.posix;
  const fold = (s: string) => (spec.platform === 'win32' || spec.platform === 'darwin' ? s.toLowerCase() : s);
  const files = new Map<string, { entry: number | string; mtimeMs: number; ino: number }>();
  let ino = 100;
  const touch = (file: string, entry: number | string = 1000) => files.set(fold(p.normalize(file)), { entry, mtimeMs: Date.now() + ino, ino: ino++ });
  for (const [f, e] of Object.entries(spec.files ?? {})) touch(f, e);
  const own = (file: string) => files.get(fold(p.normalize(file)));
  const infoOf = (e: { entry: number | string; mtimeMs: number; ino: number }, size: number): FileInfo => ({ size, mtimeMs: e.mtimeMs, dev: 1, ino: e.ino });
  const resolve = (file: string, depth = 0): { entry: number | string; mtimeMs: number; ino: number } | undefined => {
    const e = own(file);
    if (!e || depth > 8) return undefined;
    if (typeof e.entry === 'string') {
      const target = e.entry.replace(/^-> /, '');
      return resolve(p.isAbsolute(target) ? target : p.join(p.dirname(file), target), depth + 1);
    }
    return e;
  };
  const fs: DiscoveryFs = {
    async stat(file) {
      const e = resolve(file);
      return e ? infoOf(e, e.entry as number) : undefined;
    },
    async lstat(file) {
      const e = own(file);
      return e ? infoOf(e, typeof e.entry === 'number' ? e.entry : e.entry.length) : undefined;
    },
    async readdir(dir) {
      const prefix = fold(p.normalize(dir)).replace(/[\\/]*$/, p.sep);
      const names = new Set<string>();
      for (const f of files.keys()) if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split(p.sep)[0]);
      return [...names];
    },
    async readFile(file) {
      const out = spec.outputs?.[`cat ${file}`];
      return out?.stdout;
    },
  };
  const runner = fakeRunner(({ command, args }) => {
    const known = Object.entries(spec.pythons ?? {}).find(([k]) => fold(k) === fold(command));
    if (args.includes('-c')) {
      if (!known || !resolve(command) && p.isAbsolute(command)) return { code: null, error: 'ENOENT' };
      // "<version> <executable, maybe with spaces> [<platform>]": the platform has no slash.
      const tokens = known[1].split(' ');
      const hasPlatform = tokens.length > 2 && !/[\\/]/.test(tokens[tokens.length - 1]);
      const version = tokens[0];
      const exe = tokens.slice(1, hasPlatform ? -1 : undefined).join(' ');
      const platform = hasPlatform ? tokens[tokens.length - 1] : '';
      const [major, minor] = version.split('.');
      return { stdout: `(${major}, ${minor})\n${exe}\n${platform ?? ''}\n` };
    }
    const out = spec.outputs?.[[command, ...args].join(' ')];
    if (out) return out;
    return { code: null, error: 'ENOENT' };
  });
  return {
    spec,
    fs,
    run: runner.run,
    calls: runner.calls,
    probes: () => runner.calls.filter((c) => c.args.includes('-c')).map((c) => c.command),
    touch,
  };
}

// ------------------------------------------------------------------------------------------ recorded outputs

/** `py -0p` of the launcher of Python 3.11+ (PC/launcher2.c): tag padded to 16, then the path. */
export const PY_LIST_NEW = [
  ' -V:3.13 *        C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python313\\python.exe',
  ' -V:3.13t         C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python313\\python3.13t.exe',
  ' -V:3.12          C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python312\\python.exe',
  ' -V:3.11-32       C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python311-32\\python.exe',
  ' -V:ContinuumAnalytics/Anaconda39-64 C:\\Users\\dev\\anaconda3\\python.exe',
  '',
].join('\r\n');

/** `py -0p` of the launcher of Python 3.7–3.10 (PC/launcher.c): "\n %-15ls%ls", the default marked after it. */
export const PY_LIST_OLD =
  '\r\n -3.10-64       C:\\Program Files\\Python310\\python.exe *\r\n -3.9-32        C:\\Python39-32\\python.exe\r\n (venv)         C:\\work\\.venv\\Scripts\\python.exe';

export const REG_HKCU = `
HKEY_CURRENT_USER\\Software\\Python\\PythonCore
    DisplayName    REG_SZ    Python Software Foundation
    SupportUrl    REG_SZ    https://www.python.org/

HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12
    DisplayName    REG_SZ    Python 3.12 (64-bit)
    SysArchitecture    REG_SZ    64bit
    SysVersion    REG_SZ    3.12
    Version    REG_SZ    3.12.8

HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12\\Help

HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12\\InstallPath
    (Default)    REG_SZ    C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python312\\
    ExecutablePath    REG_SZ    C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python312\\python.exe
    WindowedExecutablePath    REG_SZ    C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python312\\pythonw.exe

HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.13\\InstallPath
    (Standard)    REG_SZ    D:\\Tools\\Python313\\

`.replace(/\n/g, '\r\n');

export const REG_HKLM = `
HKEY_LOCAL_MACHINE\\SOFTWARE\\Python\\PythonCore\\3.11
    DisplayName    REG_SZ    Python 3.11 (64-bit)

HKEY_LOCAL_MACHINE\\SOFTWARE\\Python\\PythonCore\\3.11\\InstallPath
    (Default)    REG_SZ    C:\\Program Files\\Python311\\
    ExecutablePath    REG_SZ    C:\\Program Files\\Python311\\python.exe
`.replace(/\n/g, '\r\n');

export const REG_WOW = `
HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Python\\PythonCore\\3.12-32\\InstallPath
    (Default)    REG_SZ    C:\\Program Files (x86)\\Python312-32\\
    ExecutablePath    REG_SZ    C:\\Program Files (x86)\\Python312-32\\python.exe
`.replace(/\n/g, '\r\n');

export const REG_NONE: Partial<RunResult> = { code: 1, stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' };

export const REG = 'C:\\Windows\\System32\\reg.exe';

/** The registry of a machine: HKCU, HKLM, HKLM\...\WOW6432Node outputs (undefined: no such key). */
export function registry(hkcu?: string, hklm?: string, wow?: string): Record<string, Partial<RunResult>> {
  const answer = (s?: string) => (s === undefined ? REG_NONE : { stdout: s });
  return {
    [`${REG} query HKCU\\Software\\Python /s`]: answer(hkcu),
    [`${REG} query HKLM\\Software\\Python /s`]: answer(hklm),
    [`${REG} query HKLM\\Software\\WOW6432Node\\Python /s`]: answer(wow),
  };
}

export const WIN_ENV: NodeJS.ProcessEnv = {
  Path: 'C:\\Windows\\system32;C:\\Windows;C:\\Program Files\\Go\\bin;C:\\Users\\dev\\AppData\\Local\\Microsoft\\WindowsApps;.',
  LOCALAPPDATA: 'C:\\Users\\dev\\AppData\\Local',
  APPDATA: 'C:\\Users\\dev\\AppData\\Roaming',
  SystemRoot: 'C:\\Windows',
  ProgramFiles: 'C:\\Program Files',
  ComSpec: 'C:\\Windows\\system32\\cmd.exe',
};

/** The Store's aliases (zero bytes) and winget's, as every Windows 10/11 has them. */
export const STORE_ALIASES: Record<string, number> = {
  'C:\\Users\\dev\\AppData\\Local\\Microsoft\\WindowsApps\\python.exe': 0,
  'C:\\Users\\dev\\AppData\\Local\\Microsoft\\WindowsApps\\python3.exe': 0,
  'C:\\Users\\dev\\AppData\\Local\\Microsoft\\WindowsApps\\winget.exe': 0,
};

/** A Mac started from the Dock: PATH without Homebrew. */
export const MAC_ENV: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' };

export const OS_RELEASE: Record<string, string> = {
  bookworm: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n',
  bullseye: 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nVERSION_ID="11"\nVERSION_CODENAME=bullseye\nID=debian\n',
  jammy: 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\nVERSION_CODENAME=jammy\nUBUNTU_CODENAME=jammy\n',
  mint: 'NAME="Linux Mint"\nVERSION_ID="21.3"\nID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_CODENAME=virginia\nUBUNTU_CODENAME=jammy\n',
  noble: 'NAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\nVERSION_CODENAME=noble\nUBUNTU_CODENAME=noble\n',
  fedora: 'NAME="Fedora Linux"\nVERSION_ID=41\nID=fedora\n',
  rocky: 'NAME="Rocky Linux"\nVERSION_ID="9.4"\nID="rocky"\nID_LIKE="rhel centos fedora"\n',
  arch: 'NAME="Arch Linux"\nID=arch\nBUILD_ID=rolling\n',
  manjaro: 'NAME="Manjaro Linux"\nID=manjaro\nID_LIKE=arch\n',
  tumbleweed: 'NAME="openSUSE Tumbleweed"\nID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n',
  leap: 'NAME="openSUSE Leap"\nVERSION_ID="15.6"\nID="opensuse-leap"\nID_LIKE="suse opensuse"\n',
  nixos: 'NAME=NixOS\nID=nixos\n',
};
