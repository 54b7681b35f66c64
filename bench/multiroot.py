"""`sidecar check` of a multi-root workspace vs one of its folders, in the same run: the cost per folder.

A machine redirected into a temporary folder (_common.Machine) holds FOLDERS copies of examples/demo (each its
own go.mod, .vscode/launch.json with CONFIGS configurations, settings.json and stand-in toolchains) and one
`.code-workspace` naming them all, with a `launch` section of CONFIGS configurations and a `settings` section:
the largest multi-root example we check. The console script runs `check all.code-workspace` and `check
<first folder>` as cold processes, interleaved (the order flips every round); medians are compared. The check
of FOLDERS + 1 entries (the folders and the .code-workspace's own sections) must cost at most as much per entry
as the one-folder check: ratio <= FOLDERS + 1.

    .venv/bin/python bench/multiroot.py [--rounds N] [--folders N] [--configs N]
"""

from __future__ import annotations

import argparse
import json
import shutil

from _common import SIDECAR, Machine, Verdict, launch_json, median, ms, run_timed


def build(machine: Machine, folders: int, configs: int):
    demo = machine.workspace_from_demo()
    names = []
    for i in range(folders):
        folder = machine.tmp / f"svc{i:02d}"
        shutil.copytree(demo, folder, symlinks=True)
        (folder / ".vscode").mkdir(exist_ok=True)
        (folder / ".vscode" / "launch.json").write_text(launch_json(configs, machine))
        names.append(folder.name)
    launch = launch_json(configs, machine)
    ws_file = machine.tmp / "all.code-workspace"
    body = launch[launch.index("{") + 1 : launch.rindex("}")]
    ws_file.write_text(
        "{\n    // every service in one window\n"
        f'    "folders": [{", ".join(json.dumps({"path": n}) for n in names)}],\n'
        '    "settings": {"go.toolsEnvVars": {"CGO_ENABLED": "0"}},\n'
        '    "launch": {' + body + "},\n}\n"
    )
    return machine.tmp / names[0], ws_file


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("--folders", type=int, default=8)
    ap.add_argument("--configs", type=int, default=24)
    args = ap.parse_args()
    verdict = Verdict("multiroot")
    with Machine() as machine:
        one, ws_file = build(machine, args.folders, args.configs)
        cmds = {"one folder": [SIDECAR, "check", str(one)], "multi-root": [SIDECAR, "check", str(ws_file)]}
        for name, cmd in cmds.items():
            _, cp = run_timed(cmd, machine.env, str(machine.tmp))
            if cp.returncode not in (0, 1) or b"finding(s)" not in cp.stdout:
                raise SystemExit(
                    f"{name} check failed (exit {cp.returncode}):\n{cp.stdout.decode()}{cp.stderr.decode()}"
                )
            print(f"{name}: {cp.stdout.decode().strip().splitlines()[-1]}")
            run_timed(cmd, machine.env, str(machine.tmp))  # warm-up
        times: dict[str, list[float]] = {k: [] for k in cmds}
        order = list(cmds)
        for r in range(args.rounds):
            for name in order if r % 2 == 0 else order[::-1]:
                t, _ = run_timed(cmds[name], machine.env, str(machine.tmp))
                times[name].append(t)
        med = {k: median(v) for k, v in times.items()}
        entries = args.folders + 1
        ratio = med["multi-root"] / med["one folder"]
        print(
            f"workspace: {args.folders} folders x {args.configs} configurations + a .code-workspace with "
            f"{args.configs}; rounds: {args.rounds} (interleaved)"
        )
        for k, v in times.items():
            print(f"  {k:12s} median {ms(med[k]):>10s}  min {ms(min(v)):>10s}  max {ms(max(v)):>10s}")
        print(f"ratio multi-root/one folder: {ratio:.2f}x for {entries} entries ({ratio / entries:.2f}x per entry)")
        verdict.target(f"multi-root <= {entries}x one folder", ratio <= entries, f"{ratio:.2f}x")
    verdict.exit()


if __name__ == "__main__":
    main()
