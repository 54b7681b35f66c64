// The timing probe, installed beside go-sidecar by tests/test_vscode_real.py and bench/vscode_start.py (never
// shipped). It activates on the same event as go-sidecar (workspaceContains:go.mod) and at once publishes one
// Information diagnostic on go.mod, "timing-probe: reference": the fastest any extension can show a diagnostic
// after VS Code opens the folder, measured in the same window. It also records when go-sidecar's first
// diagnostics reach VS Code's diagnostics model, and go-sidecar's own timestamps (its Api.timings).
// One JSON line per extension host is appended to $GO_SIDECAR_TIMING_FILE; all times are epoch milliseconds.
'use strict';
const fs = require('fs');
const vscode = require('vscode');

const SIDECAR = 'go-sidecar.go-sidecar';
const LIMIT_MS = 120000;

function sidecarDiagnostics() {
  let n = 0;
  for (const [, diags] of vscode.languages.getDiagnostics()) n += diags.filter((d) => d.source === 'go-sidecar').length;
  return n;
}

exports.activate = function activate(context) {
  const activatedAt = Date.now();
  const rec = {
    pid: process.pid,
    exthostStartedAt: Math.round(activatedAt - process.uptime() * 1000),
    probeActivatedAt: activatedAt,
  };
  const folder = (vscode.workspace.workspaceFolders || [])[0];
  if (folder) {
    const coll = vscode.languages.createDiagnosticCollection('timing-probe');
    context.subscriptions.push(coll);
    const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 6), 'timing-probe: reference', vscode.DiagnosticSeverity.Information);
    d.source = 'timing-probe';
    coll.set(vscode.Uri.joinPath(folder.uri, 'go.mod'), [d]);
    rec.referencePublishedAt = Date.now();
  }

  let written = false;
  const write = async () => {
    if (written) return;
    written = true;
    const ext = vscode.extensions.getExtension(SIDECAR);
    if (ext && ext.isActive && ext.exports) {
      // Its server has started by the time it publishes; wait (bounded) for the client's start to be recorded.
      await Promise.race([ext.exports.ready, new Promise((r) => setTimeout(r, 10000))]);
      rec.goSidecar = Object.assign({}, ext.exports.timings, { activationMs: ext.exports.activationMs });
    }
    rec.writtenAt = Date.now();
    const out = process.env.GO_SIDECAR_TIMING_FILE;
    if (out) fs.appendFileSync(out, JSON.stringify(rec) + '\n');
  };
  if (sidecarDiagnostics() > 0) {
    rec.goSidecarDiagnosticsAt = activatedAt;
    rec.goSidecarBeforeProbe = true;
    void write();
    return;
  }
  const sub = vscode.languages.onDidChangeDiagnostics(() => {
    if (rec.goSidecarDiagnosticsAt === undefined && sidecarDiagnostics() > 0) {
      rec.goSidecarDiagnosticsAt = Date.now();
      sub.dispose();
      void write();
    }
  });
  context.subscriptions.push(sub);
  setTimeout(() => {
    if (rec.goSidecarDiagnosticsAt === undefined) {
      rec.timedOut = true;
      sub.dispose();
      void write();
    }
  }, LIMIT_MS).unref();
};

exports.deactivate = function deactivate() {};
