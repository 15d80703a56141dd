// `gtmap serve [folder] --port`: serve the site from memory on 127.0.0.1, rebuild when the
// map changes, and tell open pages to reload (server-sent events, assets/livereload.js).
// Builds run in a worker thread, so the main thread always answers requests and signals.
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { relative, resolve, sep } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { FSWatcher } from 'chokidar';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { DiagramChecker } from '../../render/check-diagrams.js';
import { escapeControl, plural } from '../../text.js';
import type { Register } from './index.js';
import { stylish } from '../../report/stylish.js';
import { buildSite } from '../../site.js';
import { reportContext } from '../output.js';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  txt: 'text/plain; charset=utf-8',
};

export const EVENTS_PATH = '/__gtmap/events';

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export interface ServeOptions {
  port: string;
}

export interface Server {
  url: string;
  close(): Promise<void>;
}

interface Site {
  port: number;
  files: Map<string, string | Uint8Array>;
  clients: Set<ServerResponse>;
}

/** One build as plain data, so it can cross from the build worker to the main thread. */
type Outcome = { ok: true; files: Map<string, string | Uint8Array>; findings: number } | { ok: false; log: string; failed: string };

/**
 * Starts the server; resolves once it listens and watches. Logs go to `log`, with control
 * characters escaped (file names, messages and titles are map text). Needs the compiled
 * module: the build worker imports it from dist/.
 */
export async function startServer(
  folder: string,
  opts: { port: number; debounceMs?: number; log?: (line: string) => void },
): Promise<Server> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const say = (line: string): void => log(escapeControl(line));
  const site: Site = { port: opts.port, files: new Map(), clients: new Set() };
  // loaded here, not at the top: `node:worker_threads` costs every command's start-up
  const { Worker } = await import('node:worker_threads');
  const builder = startBuilder(folder, Worker);
  let generation = 0;

  const broadcast = (event: string, data: string): void => {
    for (const c of site.clients) c.write(sseMessage(event, data));
  };
  const rebuild = async (reason: string): Promise<boolean> => {
    const t0 = performance.now();
    const out = await builder
      .build()
      .catch((err: Error): Outcome => ({ ok: false, log: `gtmap serve: ${err.message}`, failed: err.message }));
    if (!out.ok) {
      say(out.log);
      broadcast('failed', out.failed);
      return false;
    }
    site.files = out.files;
    say(
      `${reason}: built ${plural(out.files.size, 'file')} in ${Math.round(performance.now() - t0)} ms${out.findings ? ` (${plural(out.findings, 'lint finding')})` : ''}`,
    );
    broadcast('reload', String(++generation));
    return true;
  };

  // editors save in bursts, so rebuild once things are quiet; builds never overlap
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const schedule = (file: string): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => rebuild(`changed ${file}`));
    }, opts.debounceMs ?? 150);
  };

  const { createServer } = await import('node:http');
  const server = createServer((req, res) => respond(site, req, res));
  let watcher: FSWatcher;
  try {
    if (!(await rebuild('initial build'))) {
      throw new UsageError('the map has errors, so there is no site to serve yet. Fix them (gtmap lint) and run gtmap serve again.');
    }
    site.port = await listen(server, opts.port);
    watcher = await watchMap(folder, say, schedule);
  } catch (err) {
    server.close();
    await builder.close();
    throw err;
  }

  return {
    url: `http://127.0.0.1:${site.port}/`,
    close: async () => {
      clearTimeout(timer);
      for (const c of site.clients) c.end();
      site.clients.clear();
      await Promise.all([
        watcher.close(),
        builder.close(),
        new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeAllConnections();
        }),
      ]);
    },
  };
}

/** One server-sent event. CR or LF in the data would end the field early, so they become spaces. */
export function sseMessage(event: string, data: string): string {
  return `event: ${event}\ndata: ${data.replace(/\r\n|[\r\n]/g, ' ')}\n\n`;
}

function respond(site: Site, req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not read the site
  const host = req.headers.host?.toLowerCase();
  if (!LOCAL_HOSTS.some((h) => host === `${h}:${site.port}`)) {
    res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Forbidden: open http://127.0.0.1:${site.port}/ instead.\n`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === EVENTS_PATH) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    site.clients.add(res);
    req.on('close', () => site.clients.delete(res));
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bad path');
    return;
  }
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const body = site.files.get(path);
  if (body === undefined) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: /${path}`);
    return;
  }
  const ext = path.slice(path.lastIndexOf('.') + 1);
  res.writeHead(200, { 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Listens on 127.0.0.1; resolves with the port (the one picked, for port 0). */
function listen(server: HttpServer, port: number): Promise<number> {
  return new Promise((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? new UsageError(`port ${port} is in use; pass another with --port.`) : err),
    );
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      ok(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Calls `changed` with the folder-relative path of each YAML file added, changed or removed,
 * dotfiles aside. chokidar, not fs.watch: Node 20's recursive fs.watch on Linux stops
 * reporting a file once an editor has saved it by renaming a temp file over it.
 */
async function watchMap(folder: string, say: (line: string) => void, changed: (file: string) => void): Promise<FSWatcher> {
  const { watch } = await import('chokidar');
  const root = resolve(folder);
  const rel = (p: string): string => relative(root, p).split(sep).join('/');
  const yaml = (p: string): boolean => /\.ya?ml$/i.test(p);
  const watcher = watch(root, {
    ignoreInitial: true,
    ignored: (p, stats) => /(^|\/)\./.test(rel(p)) || (stats?.isFile() === true && !yaml(p)),
  });
  const onFile = (p: string): void => {
    if (yaml(p)) changed(rel(p));
  };
  watcher.on('add', onFile).on('change', onFile).on('unlink', onFile);
  watcher.on('error', (err) => say(`gtmap serve: watching ${folder}: ${err instanceof Error ? err.message : String(err)}`));
  await new Promise<void>((ok) => watcher.once('ready', ok));
  return watcher;
}

// Runs in the build worker (eval'd as a CommonJS script, so it uses dynamic import()).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const serve = import(workerData.self);
parentPort.on('message', async (folder) => parentPort.postMessage(await (await serve).buildInWorker(folder)));
`;

/**
 * Builds in a worker thread, one at a time. However long a build takes, the main thread keeps
 * serving and a signal still ends the process. The worker lives across builds, which keeps
 * Mermaid's parser warm; if it dies, the next build starts a new one.
 */
function startBuilder(
  folder: string,
  Worker: typeof import('node:worker_threads').Worker,
): { build(): Promise<Outcome>; close(): Promise<void> } {
  let worker: Worker | undefined;
  let waiting: { ok: (o: Outcome) => void; fail: (err: Error) => void } | undefined;
  const settle = (): typeof waiting => {
    const w = waiting;
    waiting = undefined;
    return w;
  };
  const spawn = (): Worker => {
    const w = new Worker(WORKER, { eval: true, workerData: { self: import.meta.url } });
    w.on('message', (o: Outcome) => settle()?.ok(o));
    w.on('error', (err) => settle()?.fail(err));
    w.on('exit', (code) => {
      worker = undefined;
      settle()?.fail(new Error(`the build stopped (worker exit code ${code}).`));
    });
    return w;
  };
  return {
    build: () =>
      new Promise((ok, fail) => {
        waiting = { ok, fail };
        (worker ??= spawn()).postMessage(folder);
      }),
    close: async () => {
      waiting = undefined;
      await worker?.terminate();
    },
  };
}

let workerChecker: DiagramChecker | undefined;

/** The build worker's side: builds the map and reduces the result to an Outcome. */
export async function buildInWorker(folder: string): Promise<Outcome> {
  const { startDiagramChecker } = await import('../../render/check-diagrams.js');
  workerChecker ??= startDiagramChecker();
  try {
    // no colour: the report is map text and gets escaped whole, which would show colour codes as text
    const built = await buildSite(folder, { liveReload: true, checker: workerChecker });
    if (!built.ok) {
      const report = stylish(built.result.diagnostics, reportContext(built.result, false));
      return {
        ok: false,
        log: `${report}gtmap serve: the map has errors; still serving the last good build.`,
        failed: 'See the terminal for the errors.',
      };
    }
    if (built.problems.length) {
      const lines = built.problems.map((p) => `gtmap serve: ${p.diagram.page}: diagram "${p.diagram.title}" does not parse: ${p.message}`);
      return { ok: false, log: lines.join('\n'), failed: 'A generated diagram does not parse; see the terminal.' };
    }
    return { ok: true, files: built.site.files, findings: built.result.diagnostics.length };
  } catch (err) {
    return { ok: false, log: `gtmap serve: ${(err as Error).message}`, failed: (err as Error).message };
  }
}

export const register: Register = (program: Command) => {
  program
    .command('serve')
    .description('serve the site on 127.0.0.1, rebuilding and reloading the page when the map changes')
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '4321')
    .action(async (folder: string, opts: ServeOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port ${opts.port}: give a port number from 0 to 65535.`);
      // A signal ends serve at once. Nothing needs flushing (the site lives in memory), and
      // builds run in a worker, so this handler runs even while a build is busy.
      const stop = (): void => {
        process.stderr.write('gtmap serve: stopping\n');
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const server = await startServer(folder, { port });
      process.stderr.write(`gtmap serve: serving ${escapeControl(folder)} at ${server.url} (watching for changes; Ctrl+C to stop)\n`);
      await new Promise<never>(() => {}); // until a signal
    });
};
