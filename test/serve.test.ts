// `gtmap serve` as a process: the watcher, the Host check, headers, signals and terminal safety.
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sseMessage } from '../src/cli/commands/serve.js';
import { BIN, ROOT, copyExampleMap } from './helpers.js';

interface Running {
  child: ChildProcess;
  port: number;
  /** Everything written to stderr so far. */
  err: { text: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

async function serve(map: string): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve', map, '--port', '0'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  running.push(child);
  const err = { text: '' };
  child.stderr!.on('data', (d: Buffer) => (err.text += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    child.on('exit', (code, signal) => ok({ code, signal })),
  );
  const [, port] = await waitFor(err, /serving .* at http:\/\/127\.0\.0\.1:(\d+)\//);
  return { child, port: Number(port), err, exited };
}

/** Resolves once `pattern` matches the text (a global pattern: once it matches `count` times). */
function waitFor(seen: { text: string }, pattern: RegExp, count = 1): Promise<RegExpMatchArray> {
  return new Promise((ok, fail) => {
    const started = Date.now();
    const tick = (): void => {
      const all = pattern.global ? [...seen.text.matchAll(pattern)] : [seen.text.match(pattern)].filter((m) => m !== null);
      if (all.length >= count) ok(all[count - 1]!);
      else if (Date.now() - started > 20_000) fail(new Error(`timed out waiting for ${pattern} (x${count}); got:\n${seen.text}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One real HTTP request with the Host header we choose (fetch would not let us). */
function get(port: number, path: string, host: string, method = 'GET'): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: host } }, (res) => {
      if (res.headers['content-type'] === 'text/event-stream') {
        ok({ status: res.statusCode!, headers: res.headers, body: '' });
        res.destroy();
        return;
      }
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** The status line of a raw HTTP request. */
function statusLine(port: number, raw: string): Promise<string> {
  return new Promise((ok, fail) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(raw));
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('end', () => ok(text.split('\r\n')[0]!));
    socket.on('error', fail);
  });
}

/** Saves the way vim, JetBrains and `sed -i` do: a temp file renamed over the original. */
function saveByRename(file: string, text: string): void {
  writeFileSync(`${file}.tmp~`, text);
  renameSync(`${file}.tmp~`, file);
}

describe('gtmap serve', () => {
  // Node 20's recursive fs.watch on Linux lost the file after the first rename, so later saves were missed
  it('rebuilds on every save that replaces the file by rename, not only the first', async () => {
    const map = copyExampleMap();
    const s = await serve(map);
    const file = join(map, 'teams.yaml');
    const original = readFileSync(file, 'utf8');
    for (let i = 1; i <= 3; i++) {
      saveByRename(file, `${original}\n# save ${i}\n`);
      await waitFor(s.err, /changed teams\.yaml: built \d+ files/g, i);
    }
    expect([...s.err.text.matchAll(/changed teams\.yaml: built/g)]).toHaveLength(3);
  }, 60_000);

  // DNS rebinding: a page on evil.example that resolves to 127.0.0.1 must not read the site
  it('answers only Host 127.0.0.1, localhost and [::1] with its own port', async () => {
    const { port } = await serve(copyExampleMap());
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await get(port, '/', host)).status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      '127.0.0.1',
      'localhost',
      `127.0.0.1:${port + 1}`,
      `localhost.evil.example:${port}`,
      `127.0.0.2:${port}`,
    ]) {
      const r = await get(port, '/', host);
      expect(r.status, host).toBe(403);
      expect(r.body, host).not.toContain('<html');
    }
    const events = await get(port, '/__gtmap/events', `evil.example:${port}`);
    expect(events.status).toBe(403);
    // node:http always sends a Host header, so ask without one over a bare socket
    expect(await statusLine(port, 'GET / HTTP/1.0\r\n\r\n')).toBe('HTTP/1.1 403 Forbidden');
  }, 60_000);

  it('sends X-Content-Type-Options: nosniff on every response', async () => {
    const { port } = await serve(copyExampleMap());
    const host = `127.0.0.1:${port}`;
    const replies = {
      200: await get(port, '/index.html', host),
      404: await get(port, '/nope.html', host),
      400: await get(port, '/%E0%A4%A', host),
      405: await get(port, '/', host, 'POST'),
      403: await get(port, '/', 'evil.example'),
      events: await get(port, '/__gtmap/events', host),
    };
    expect(Object.fromEntries(Object.entries(replies).map(([k, r]) => [k, r.status]))).toEqual({
      200: 200,
      404: 404,
      400: 400,
      405: 405,
      403: 403,
      events: 200,
    });
    for (const [k, r] of Object.entries(replies)) expect(r.headers['x-content-type-options'], k).toBe('nosniff');
  }, 60_000);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} ends the server`, async () => {
      const s = await serve(copyExampleMap());
      s.child.kill(signal);
      expect(await within(s.exited, 10_000)).toEqual({ code: 0, signal: null });
    }, 60_000);

    it(`${signal} ends the server when it arrives as a file changes`, async () => {
      const map = copyExampleMap();
      const s = await serve(map);
      const file = join(map, 'teams.yaml');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n# touched\n`);
      s.child.kill(signal);
      expect(await within(s.exited, 10_000)).toEqual({ code: 0, signal: null });
    }, 60_000);

    // a JS signal handler cannot run while the main thread is busy, so builds must not run there
    it(`${signal} ends the server while a rebuild is stuck in synchronous work`, async () => {
      const map = copyExampleMap();
      const s = await serve(map);
      // the YAML parser checks each key of a block mapping against all before it: 80,000 keys keep it busy for minutes
      writeFileSync(join(map, 'slow.yaml'), Array.from({ length: 80_000 }, (_, i) => `k${i}: 0\n`).join(''));
      await new Promise((ok) => setTimeout(ok, 1_000));
      expect((await get(s.port, '/', `127.0.0.1:${s.port}`)).status).toBe(200); // still serving meanwhile
      s.child.kill(signal);
      expect(await within(s.exited, 10_000)).toEqual({ code: 0, signal: null });
    }, 60_000);
  }

  // a file name is map text: it must not drive the terminal
  it('shows control characters in file names and map errors as escapes on the terminal', async () => {
    const map = copyExampleMap();
    const s = await serve(map);
    writeFileSync(join(map, 'evil\u001b[2J\u001b]0;owned\u0007.yaml'), 'teams: [\n');
    await waitFor(s.err, /the map has errors; still serving the last good build/);
    expect(s.err.text).toContain('evil\\x1b[2J\\x1b]0;owned\\x07.yaml');
    expect(s.err.text).not.toMatch(/[\u001b\u0007]/);
  }, 60_000);
});

describe('sseMessage', () => {
  it('keeps the data on one line: CR and LF would end the field or the event early', () => {
    expect(sseMessage('failed', 'a\r\nb\rc\nd')).toBe('event: failed\ndata: a b c d\n\n');
  });
});

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, fail) => setTimeout(() => fail(new Error(`not done within ${ms} ms`)), ms))]);
}
