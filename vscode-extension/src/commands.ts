// The commands of the palette: Purge Caches…, Check Workspace (Restart Server and Show Logs live in extension.ts).
import * as vscode from 'vscode';
import { humanSize, plural, renderReport, type Report } from './format';

/** The running server, as the commands use it. */
export interface Server {
  executeCommand(command: string, args: unknown[]): Promise<unknown>;
}

/** One entry of `sidecar.listCaches` and of the `sidecar.purgeCaches` result (as `sidecar purge-caches`). */
export interface CacheTarget {
  name: string;
  path: string;
  /** Listed: what a purge would delete. After a purge: what was deleted. */
  files: number;
  bytes: number;
  /** Listed: planned (can be purged), skipped or refused. After: purged, failed, skipped or refused. */
  status: string;
  reason?: string | null;
  errors?: string[];
}

interface PurgeResult {
  targets?: CacheTarget[];
  freed_bytes?: number;
}

/** A listed target that a purge would delete. */
export const PURGEABLE = 'planned';

interface TargetItem extends vscode.QuickPickItem {
  target: CacheTarget;
}

export function targetItem(t: CacheTarget): TargetItem {
  return {
    label: t.name,
    description: `${humanSize(t.bytes)}, ${plural(t.files, 'file')}`,
    detail: t.reason ? `${t.path} — ${t.reason}` : t.path,
    target: t,
  };
}

export async function purgeCaches(server: Server, log?: { info(m: string): void }): Promise<void> {
  const listed = (await server.executeCommand('sidecar.listCaches', [])) as { targets?: CacheTarget[] } | null;
  const all = listed?.targets ?? [];
  const targets = all.filter((t) => t.status === PURGEABLE);
  const others = all.filter((t) => t.status !== PURGEABLE);
  for (const t of others) log?.info(`purge: ${t.name} (${t.path}) is ${t.status}${t.reason ? `: ${t.reason}` : ''}`);
  if (!targets.length) {
    const why = others.map((t) => `${t.name}: ${t.status}${t.reason ? ` (${t.reason})` : ''}`).join('; ');
    void vscode.window.showInformationMessage(`Go Sidecar: nothing to purge.${why ? ' ' + why : ''}`);
    return;
  }
  const more = others.length ? ` (${plural(others.length, 'other')} not purgeable now: see Show Logs)` : '';
  const picked = await vscode.window.showQuickPick(targets.map(targetItem), {
    canPickMany: true,
    title: `Go Sidecar: Purge Caches${more}`,
    placeHolder: 'Choose the caches to delete (their sizes as measured now)',
    matchOnDetail: true,
  });
  if (!picked || picked.length === 0) return;
  const chosen = picked.map((p) => p.target);
  const total = chosen.reduce((sum, t) => sum + (t.bytes || 0), 0);
  const answer = await vscode.window.showWarningMessage(
    `Delete ${plural(chosen.length, 'cache')}, ${humanSize(total)} in all?`,
    {
      modal: true,
      detail: chosen.map((t) => `${t.name}: ${t.path} (${humanSize(t.bytes)})`).join('\n') +
        '\n\nTools rebuild or download what they need again.',
    },
    'Purge',
  );
  if (answer !== 'Purge') return;
  const result = (await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Go Sidecar: purging caches…', cancellable: false },
    () => server.executeCommand('sidecar.purgeCaches', [{ targets: chosen.map((t) => t.name), confirmed: true }]),
  )) as PurgeResult | null;
  const message = purgeSummary(result);
  const incomplete = (result?.targets ?? []).some((t) => t.status !== 'purged');
  if (incomplete) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
}

export function purgeSummary(result: PurgeResult | null | undefined): string {
  const freed = humanSize(result?.freed_bytes ?? 0);
  const lines = (result?.targets ?? []).map((t) => {
    const why = t.reason || t.errors?.[0];
    return `${t.name}: ${t.status} ${humanSize(t.bytes ?? 0)}${why ? ` (${why})` : ''}`;
  });
  return `Go Sidecar: freed ${freed}.${lines.length ? ' ' + lines.join('; ') : ''}`;
}

export async function checkWorkspace(server: Server, channel: vscode.OutputChannel): Promise<void> {
  const report = (await server.executeCommand('sidecar.checkWorkspace', [])) as Report | null;
  if (!report) {
    void vscode.window.showInformationMessage('Go Sidecar: open a folder to check its Go debug configurations.');
    return;
  }
  channel.clear();
  channel.append(renderReport(report));
  channel.show(true);
}
