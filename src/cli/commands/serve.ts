// `gtmap serve [folder] --port`: serve the site from memory on 127.0.0.1, rebuild when the
// map changes, and tell open pages to reload (server-sent events, assets/livereload.js).
import { type FSWatcher, watch } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Register } from './index.js';
import { buildSite } from './build.js';

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

export interface ServeOptions {
  port: string;
  debounce?: string;
}

export interface Server {
  url: string;
  close(): Promise<void>;
}

/** Starts the server; resolves once it listens. Logs go to `log`. */
export async function startServer(folder: string, opts: { port: number; debounceMs?: number; log?: (line: string) => void }): Promise<Server> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  let files = new Map<string, string | Buffer>();
  const clients = new Set<ServerResponse>();
  let generation = 0;
  const { startDiagramChecker } = await import('../../render/check-diagrams.js');
  const checker = startDiagramChecker();

  const rebuild = async (reason: string): Promise<boolean> => {
    const t0 = performance.now();
    const mine = ++generation;
    let built;
    try {
      built = await buildSite(folder, { liveReload: true, color: process.stderr.isTTY === true, checker });
    } catch (err) {
      log(`gtmap serve: ${(err as Error).message}`);
      broadcast('failed', (err as Error).message);
      return false;
    }
    if (mine !== generation) return false; // a newer rebuild started meanwhile
    if (!built.ok) {
      log(`${built.report}gtmap serve: the map has errors; still serving the last good build.`);
      broadcast('failed', 'See the terminal for the errors.');
      return false;
    }
    if (built.problems.length) {
      for (const p of built.problems) log(`gtmap serve: ${p.diagram.page}: diagram "${p.diagram.title}" does not parse: ${p.message}`);
      broadcast('failed', 'A generated diagram does not parse; see the terminal.');
      return false;
    }
    files = built.site.files;
    const n = built.result.diagnostics.length;
    log(`${reason}: built ${files.size} files in ${Math.round(performance.now() - t0)} ms${n ? ` (${n} lint finding${n === 1 ? '' : 's'})` : ''}`);
    broadcast('reload', String(generation));
    return true;
  };

  const broadcast = (event: string, data: string): void => {
    for (const c of clients) c.write(`event: ${event}\ndata: ${data.replace(/\n/g, ' ')}\n\n`);
  };

  if (!(await rebuild('initial build')) && files.size === 0) {
    await checker.close();
    throw new UsageError('the map has errors, so there is no site to serve yet. Fix them (gtmap lint) and run gtmap serve again.');
  }

  const { createServer } = await import('node:http');
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === EVENTS_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: /${path}`);
      return;
    }
    const ext = path.slice(path.lastIndexOf('.') + 1);
    res.writeHead(200, { 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => fail(err.code === 'EADDRINUSE' ? new UsageError(`port ${opts.port} is in use; pass another with --port.`) : err));
    server.listen(opts.port, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;

  // fs.watch on the map folder; editors save in bursts, so rebuild once things are quiet
  let timer: NodeJS.Timeout | undefined;
  let pending: string | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const schedule = (file: string | null): void => {
    if (file && (/(^|\/)\./.test(file) || !/\.ya?ml$/i.test(file))) return;
    pending = file ?? 'the map';
    clearTimeout(timer);
    timer = setTimeout(() => {
      const why = `changed ${pending}`;
      running = running.then(() => rebuild(why));
    }, opts.debounceMs ?? 150);
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(resolve(folder), { recursive: true }, (_event, file) => schedule(file ? String(file).split('\\').join('/') : null));
  } catch (cause) {
    server.close();
    throw new UsageError(`cannot watch ${folder}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`);
  }

  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      clearTimeout(timer);
      watcher.close();
      for (const c of clients) c.end();
      clients.clear();
      await running;
      await checker.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
    },
  };
}

export const register: Register = (program: Command, setExit) => {
  program
    .command('serve')
    .description('serve the site on 127.0.0.1, rebuilding and reloading the page when the map changes')
    .argument('[folder]', 'the map folder (holds gtmap.yaml)', 'map')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '4321')
    .action(async (folder: string, opts: ServeOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${opts.port}: give a port number from 0 to 65535.`);
      const server = await startServer(folder, { port });
      process.stderr.write(`gtmap serve: serving ${folder} at ${server.url} (watching for changes; Ctrl+C to stop)\n`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stderr.write('gtmap serve: stopping\n');
          void server.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      setExit(0);
    });
};
