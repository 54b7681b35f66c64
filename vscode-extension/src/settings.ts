// The goSidecar.* settings the server reads (schemas/settings.schema.json), as package.json contributes them.
export const SECTION = 'goSidecar';
/** Settings of the extension itself, never sent to the server. */
export const EXTENSION_ONLY: ReadonlySet<string> = new Set(['interpreter']);

interface PackageJSON {
  contributes?: { configuration?: { properties?: Record<string, unknown> } };
}

/** The server's setting names (without the goSidecar. prefix), from package.json's contributes. */
export function serverSettingNames(pkg: PackageJSON): string[] {
  const props = pkg.contributes?.configuration?.properties ?? {};
  return Object.keys(props)
    .filter((k) => k.startsWith(SECTION + '.'))
    .map((k) => k.slice(SECTION.length + 1))
    .filter((k) => !EXTENSION_ONLY.has(k));
}

export interface ConfigReader {
  get<T>(key: string): T | undefined;
}

export function serverSettings(config: ConfigReader, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const v = config.get(name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export interface InitializationOptions {
  goSidecar: Record<string, unknown>;
  /** vscode.workspace.isTrusted: an untrusted workspace gets diagnostics, and no tool is run for it. */
  trusted: boolean;
  /** The open .code-workspace file (a file: URI), whose `launch` and `settings` sections the server checks too. */
  workspaceFile?: string;
}

export function initializationOptions(
  config: ConfigReader,
  names: readonly string[],
  trusted: boolean,
  workspaceFile?: { scheme: string; toString(): string },
): InitializationOptions {
  const options = { [SECTION]: serverSettings(config, names), trusted } as InitializationOptions;
  // An untitled multi-root workspace has an `untitled:` URI: nothing on disk to read.
  if (workspaceFile && workspaceFile.scheme === 'file') {
    options.workspaceFile = workspaceFile.toString();
  }
  return options;
}
