// Human-readable sizes and the check report as text.

export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

// The parts of schemas/report.schema.json the text uses.
interface Position {
  line: number;
  character: number;
}
interface Fix {
  title: string;
  shell?: string;
}
interface Finding {
  code: string;
  severity: string;
  message: string;
  location: { path: string; range: { start: Position; end: Position } };
  fixes?: Fix[];
}
export interface Report {
  version?: number;
  root: string;
  host?: { os: string; arch: string };
  toolchains?: Array<{ root: string; version: string; source: string }>;
  findings?: Finding[];
  messages?: string[];
}

const SEVERITY_ORDER = ['error', 'warning', 'information', 'hint'];

/** The report as the Check Workspace output channel shows it: like `sidecar check`, lines and columns from 1. */
export function renderReport(report: Report, now = new Date()): string {
  const out: string[] = [];
  const findings = report.findings ?? [];
  const host = report.host ? ` on ${report.host.os}/${report.host.arch}` : '';
  out.push(`go-sidecar check of ${report.root}${host} at ${now.toLocaleTimeString()}`);
  const counts = SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => (s === 'information' ? `${n} information` : plural(n, s)));
  out.push(findings.length ? `${plural(findings.length, 'finding')}: ${counts.join(', ')}` : 'No findings.');
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.location.path) ?? [];
    list.push(f);
    byFile.set(f.location.path, list);
  }
  for (const [file, list] of byFile) {
    out.push('', file);
    for (const f of list) {
      const { line, character } = f.location.range.start;
      out.push(`  ${line + 1}:${character + 1}  ${f.severity}  ${f.code}  ${f.message}`);
      for (const fix of f.fixes ?? []) {
        out.push(`      fix: ${fix.title}${fix.shell ? `  (in a terminal: ${fix.shell})` : ''}`);
      }
    }
  }
  const toolchains = report.toolchains ?? [];
  out.push('', toolchains.length ? `Go toolchains (${toolchains.length}):` : 'Go toolchains: none found.');
  for (const t of toolchains) out.push(`  ${t.version || '(unknown version)'}  ${t.root}  [${t.source}]`);
  const messages = report.messages ?? [];
  if (messages.length) {
    out.push('', 'Notes:');
    for (const m of messages) out.push(`  ${m}`);
  }
  return out.join('\n') + '\n';
}
