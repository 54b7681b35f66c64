// The server's process is started before the client library loads (prespawned), handed to the client once, then
// started anew on each later call (the client restarting a crashed server); a command that cannot start gives the
// client's own message; reap() ends what outlived the client. Real processes: node running a tiny script.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { prespawned, reap } from '../src/client';

const echo = { command: process.execPath, args: ['-e', 'process.stdin.pipe(process.stdout)'], cwd: process.cwd(), env: process.env };

test('prespawned: the process runs before the client asks; the first call hands it over, later calls start new ones', async () => {
  let spawned = 0;
  const { serverOptions, started } = prespawned(echo, (s) => {
    spawned++;
    return require('node:child_process').spawn(s.command, s.args, { cwd: s.cwd, env: s.env, stdio: 'pipe' });
  });
  assert.equal(spawned, 1, 'started before the client library is even loaded');
  const first = await serverOptions();
  assert.equal(spawned, 1);
  assert.ok(first.pid);
  // It is the server's stdio the client talks to.
  first.stdin!.write('ping\n');
  const [data] = await once(first.stdout!, 'data');
  assert.equal(String(data), 'ping\n');
  const second = await serverOptions();
  assert.equal(spawned, 2);
  assert.notEqual(second.pid, first.pid);
  assert.deepEqual(started, [first, second]);
  reap(started, 0);
  assert.deepEqual(started, []);
  await Promise.all([once(first, 'exit'), once(second, 'exit')]);
  assert.ok(first.signalCode === 'SIGTERM' && second.signalCode === 'SIGTERM');
});

test('prespawned: a command that cannot start rejects with what the client would say, and throws nothing', async () => {
  const { serverOptions, started } = prespawned({ ...echo, command: '/nonexistent/python3' });
  await new Promise((r) => setTimeout(r, 50)); // the spawn error is emitted meanwhile, with nobody else listening
  await assert.rejects(serverOptions(), /Launching server using command \/nonexistent\/python3 failed: spawn \/nonexistent\/python3 ENOENT/);
  assert.deepEqual(started, []);
});

test('reap: leaves alone what already exited, and does not wait for the grace period to let the host exit', async () => {
  const { serverOptions, started } = prespawned({ ...echo, args: ['-e', 'process.exit(0)'] });
  const child = await serverOptions();
  await once(child, 'exit');
  reap(started, 60_000); // nothing alive: no timer at all
  assert.deepEqual(started, []);
  assert.equal(child.signalCode, null);
});

test('prespawned: abandoned before the client asked, the waiting process ends; once handed over, it is the client\'s', async () => {
  const waitForStdinEnd = { ...echo, args: ['-e', 'process.stdin.resume(); process.stdin.on("end", () => process.exit(3))'] };
  const spawned: ChildProcess[] = [];
  const spawnRecorded = (s: typeof echo) => {
    const c = spawn(s.command, s.args, { stdio: 'pipe' });
    spawned.push(c);
    return c;
  };
  const a = prespawned(waitForStdinEnd, spawnRecorded);
  a.abandon();
  const [code] = await once(spawned[0], 'exit');
  assert.equal(code, 3, 'it saw its stdin close and ended');

  const b = prespawned(waitForStdinEnd, spawnRecorded);
  const child = await b.serverOptions();
  b.abandon(); // nothing to abandon: the client has it
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(child.exitCode, null);
  child.kill();
  await once(child, 'exit');
});
