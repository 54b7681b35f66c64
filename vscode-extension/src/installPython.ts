// No Python that fits: one notification that says what is missing, with buttons that do it. "Install" runs this
// OS's command in a terminal (winget, Homebrew, the distribution's package manager); when that terminal closes the
// extension looks for Python again and starts the server, without a window reload. "Choose Interpreter…" writes
// goSidecar.interpreter; "Retry" looks again (after an install made some other way).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiscoveryFs } from './discovery';
import { envVar, pathDirs } from './discovery';
import type { PythonSearch } from './environment';
import type { Logger } from './process';
import { missingText } from './python';
import { pythonExtensionInstalled } from './pythonExtension';

export const CHOOSE = 'Choose Interpreter…';
export const DOWNLOAD = 'Download from python.org';
export const RETRY = 'Retry';
export const TERMINAL_NAME = 'Go Sidecar: install Python';

export const DOWNLOAD_URLS: Partial<Record<NodeJS.Platform, string>> = {
  win32: 'https://www.python.org/downloads/windows/',
  darwin: 'https://www.python.org/downloads/macos/',
};
const DOWNLOAD_ANY = 'https://www.python.org/downloads/';

export interface OsRelease {
  id: string;
  idLike: string[];
  versionId?: string;
  /** VERSION_CODENAME, or UBUNTU_CODENAME on an Ubuntu derivative (Linux Mint, Pop!_OS). */
  codename?: string;
}

/** /etc/os-release (os-release(5)): KEY=value lines, values optionally quoted. */
export function parseOsRelease(text: string): OsRelease {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]] = m[2].trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return {
    id: (vars.ID ?? '').toLowerCase(),
    idLike: (vars.ID_LIKE ?? '').toLowerCase().split(/\s+/).filter(Boolean),
    versionId: vars.VERSION_ID,
    codename: vars.UBUNTU_CODENAME || vars.VERSION_CODENAME || undefined,
  };
}

export interface InstallPlan {
  /** The button. */
  label: string;
  /** What runs in the terminal, as the user would type it. */
  command: string;
}

/** Debian and Ubuntu releases and the python3 they ship (packages.debian.org, packages.ubuntu.com). */
const APT_PYTHON3: Record<string, string> = {
  buster: '3.7', bullseye: '3.9', bookworm: '3.11', trixie: '3.13', forky: '3.13',
  focal: '3.8', jammy: '3.10', noble: '3.12', oracular: '3.12', plucky: '3.13', questing: '3.13',
};

function fits(version: string, supported?: ReadonlySet<string>): boolean {
  const minor = Number(version.split('.')[1]);
  return supported ? supported.has(version) : version.startsWith('3.') && minor >= 11;
}

/** The Python version an install button installs: 3.13 when the wheels serve it, else the newest they serve. */
export function installVersion(supported?: ReadonlySet<string>): string {
  if (!supported?.size || supported.has('3.13')) return '3.13';
  return [...supported].sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]))[0];
}

/** The distribution's command; undefined when it is unknown or its packages hold no Python that fits. */
export function linuxPlan(os: OsRelease, supported?: ReadonlySet<string>): InstallPlan | undefined {
  const family = [os.id, ...os.idLike];
  const v = installVersion(supported);
  if (family.some((f) => f === 'debian' || f === 'ubuntu')) {
    const shipped = os.codename ? APT_PYTHON3[os.codename] : undefined;
    if (shipped === undefined || fits(shipped, supported)) {
      // An unknown codename is a release newer than this table (or a derivative): its python3.
      return { label: 'Install with apt', command: 'sudo apt install python3 python3-venv' };
    }
    if (os.codename === 'jammy' && fits('3.11', supported)) {
      return { label: 'Install with apt', command: 'sudo apt install python3.11 python3.11-venv' };
    }
    return undefined; // bullseye, focal: no Python 3.11 in the release
  }
  if (os.id === 'fedora') return { label: 'Install with dnf', command: `sudo dnf install python${v}` };
  if (family.some((f) => f === 'rhel' || f === 'centos' || f === 'fedora')) {
    // RHEL 8 and 9 (and rebuilds) carry python3.11 and python3.12 as packages of their own.
    const rhel = fits('3.12', supported) ? '3.12' : '3.11';
    return fits(rhel, supported) ? { label: 'Install with dnf', command: `sudo dnf install python${rhel}` } : undefined;
  }
  if (family.includes('arch')) return { label: 'Install with pacman', command: 'sudo pacman -S python' };
  if (family.some((f) => f === 'suse' || f.startsWith('opensuse'))) {
    // Leap follows SLE 15, whose newest Python package is python311; Tumbleweed has the current ones.
    const pkg = os.id === 'opensuse-leap' ? 'python311' : `python${v.replace('.', '')}`;
    return { label: 'Install with zypper', command: `sudo zypper install ${pkg}` };
  }
  return undefined;
}

export interface HelpContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  fs: DiscoveryFs;
}

export interface Help {
  message: string;
  install?: InstallPlan;
  /** The python.org page offered, when there is one for this OS or nothing else to install with. */
  download?: string;
  buttons: string[];
}

async function firstExisting(fs: DiscoveryFs, files: string[]): Promise<string | undefined> {
  for (const f of files) if (await fs.lstat(f)) return f;
  return undefined;
}

/** What to install and how on this machine, and the notification's text and buttons. */
export async function planHelp(ctx: HelpContext, search: PythonSearch): Promise<Help> {
  const v = installVersion(search.supported);
  let install: InstallPlan | undefined;
  let download: string | undefined = DOWNLOAD_URLS[ctx.platform];
  let how: string;
  if (ctx.platform === 'win32') {
    // winget is itself an app execution alias in WindowsApps (App Installer); absent on some Windows editions.
    const local = envVar(ctx.env, 'LOCALAPPDATA', 'win32') ?? path.win32.join(ctx.home, 'AppData', 'Local');
    const winget = await firstExisting(ctx.fs, [
      path.win32.join(local, 'Microsoft', 'WindowsApps', 'winget.exe'),
      ...pathDirs(ctx).map((d) => path.win32.join(d, 'winget.exe')),
    ]);
    if (winget) install = { label: `Install Python ${v} (winget)`, command: `winget install --id Python.Python.${v} -e --source winget` };
    how = install ? `Install Python ${v} with ${install.command}` : `Install Python ${v} from python.org`;
  } else if (ctx.platform === 'darwin') {
    const brew = await firstExisting(ctx.fs, [
      ...pathDirs(ctx).map((d) => path.posix.join(d, 'brew')),
      '/opt/homebrew/bin/brew',
      '/usr/local/bin/brew',
    ]);
    // The full path: VS Code started from the Dock has no Homebrew on its PATH, nor has a non-login shell.
    if (brew) install = { label: 'Install with Homebrew', command: `${brew} install python@${v}` };
    how = brew ? `Install Python ${v} with brew install python@${v}` : `Install Python ${v} from python.org (or with Homebrew: brew install python@${v})`;
  } else {
    const text = (await ctx.fs.readFile('/etc/os-release')) ?? (await ctx.fs.readFile('/usr/lib/os-release')) ?? '';
    install = linuxPlan(parseOsRelease(text), search.supported);
    if (!install) download = DOWNLOAD_ANY;
    how = install ? `Install it with ${install.command}` : "Install it with your distribution's package manager or from python.org";
  }
  const message = `${missingText(ctx.platform, search.supported, search.discovery)} ${how}, or choose an interpreter.`;
  const buttons = [install?.label, CHOOSE, download ? DOWNLOAD : undefined, RETRY].filter((b): b is string => !!b);
  return { message, install, download, buttons };
}

/** A terminal that runs `command` and ends with it (the extension then looks again); on failure it waits for a key
 * so that the error can be read. */
export function terminalOptions(platform: NodeJS.Platform, command: string, env: NodeJS.ProcessEnv, cwd: string): vscode.TerminalOptions {
  if (platform === 'win32') {
    const comspec = envVar(env, 'ComSpec', 'win32') ?? 'C:\\Windows\\System32\\cmd.exe';
    // A string is the command line as it is (cmd.exe's own quoting rules); the command has no metacharacters.
    return {
      name: TERMINAL_NAME, cwd, isTransient: true, shellPath: comspec,
      shellArgs: `/d /c echo $ ${command} & ${command} || (echo. & echo The install failed: press a key to close. & pause >nul & exit /b 1)`,
    };
  }
  const quoted = `'${command.replace(/'/g, `'\\''`)}'`;
  return {
    name: TERMINAL_NAME, cwd, isTransient: true, shellPath: '/bin/sh',
    shellArgs: ['-c', `printf '$ %s\\n' ${quoted}; ${command} || { s=$?; printf '\\nThe install failed (exit %s): press Enter to close.' "$s"; read _; exit "$s"; }`],
  };
}

export interface PythonHelpDeps extends HelpContext {
  log: Logger;
  /** Looks for Python again and starts the server: true when it runs. */
  retry(): Promise<boolean>;
}

/** The notification and what its buttons do; one retry at a time. */
export class PythonHelp implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private retrying?: Promise<boolean>;
  /** A notification is up: another failed start (a command run meanwhile) does not stack a second one. */
  private showing = false;

  constructor(private readonly deps: PythonHelpDeps) {}

  /** Shows the notification for this failed search and carries out the choice. */
  async offer(search: PythonSearch): Promise<void> {
    if (this.showing) return;
    this.showing = true;
    let help: Help;
    let choice: string | undefined;
    try {
      help = await planHelp(this.deps, search);
      choice = await vscode.window.showErrorMessage(help.message, ...help.buttons);
    } finally {
      this.showing = false;
    }
    if (choice === undefined) return;
    if (choice === help.install?.label) return this.install(help.install);
    if (choice === CHOOSE) return this.choose();
    if (choice === DOWNLOAD && help.download) {
      await vscode.env.openExternal(vscode.Uri.parse(help.download));
      const again = await vscode.window.showInformationMessage(`Go Sidecar: install Python ${installVersion(search.supported)} from python.org, then click Retry.`, RETRY);
      if (again === RETRY) await this.retry('Retry');
      return;
    }
    if (choice === RETRY) await this.retry('Retry');
  }

  /** Runs the install in a terminal; its end starts the search again. */
  install(plan: InstallPlan): void {
    this.deps.log.info(`installing Python in a terminal: ${plan.command}`);
    const terminal = vscode.window.createTerminal(terminalOptions(this.deps.platform, plan.command, this.deps.env, this.deps.home));
    const watch = vscode.window.onDidCloseTerminal((closed) => {
      if (closed !== terminal) return;
      watch.dispose();
      const code = closed.exitStatus?.code;
      void this.retry(`the install terminal closed${code === undefined ? '' : ` (exit ${code})`}`);
    });
    this.disposables.push(watch);
    terminal.show();
  }

  /** goSidecar.interpreter from a file picker; or the Python extension's own picker, which changes the workspace's
   * interpreter too (and so is asked for, not assumed). */
  async choose(): Promise<void> {
    const BROWSE = 'Browse for a Python…';
    const EXTENSION = "Select with the Python extension (changes this workspace's interpreter)";
    if (pythonExtensionInstalled()) {
      const pick = await vscode.window.showQuickPick([BROWSE, EXTENSION], { title: 'Go Sidecar: which Python runs its server' });
      if (pick === undefined) return;
      if (pick === EXTENSION) {
        await vscode.commands.executeCommand('python.setInterpreter');
        await this.retry('an interpreter was selected');
        return;
      }
    }
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: false,
      openLabel: 'Use this Python',
      title: 'Go Sidecar: the Python 3.11 or newer to run its server with',
      ...(this.deps.platform === 'win32' ? { filters: { Python: ['exe'] } } : {}),
    });
    const file = picked?.[0]?.fsPath;
    if (!file) return;
    const config = vscode.workspace.getConfiguration('goSidecar');
    const before = config.inspect<string>('interpreter')?.globalValue;
    this.deps.log.info(`goSidecar.interpreter (user settings): ${file}`);
    await config.update('interpreter', file, vscode.ConfigurationTarget.Global);
    // A changed setting restarts the server by itself (extension.ts); the same value changes nothing.
    if (before === file) await this.retry('the same interpreter was chosen');
  }

  retry(why: string): Promise<boolean> {
    this.retrying ??= (async () => {
      this.deps.log.info(`looking for Python again: ${why}`);
      try {
        const running = await this.deps.retry();
        if (running) void vscode.window.showInformationMessage('Go Sidecar found Python: its server is running.');
        return running;
      } finally {
        this.retrying = undefined;
      }
    })();
    return this.retrying;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
