// A throwaway PostgreSQL server for tests: initdb into a temporary folder, started with pg_ctl on
// a Unix socket in that folder (no TCP port), queried with psql. As root (CI), the server runs as
// the `postgres` user, since PostgreSQL refuses to run as root. `postgresBin()` is undefined when
// PostgreSQL is not installed; GTMAP_REQUIRE_POSTGRES=1 (set by .ci/run) turns that into a failure.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from './helpers-sql.js';

export function postgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')) && existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0]!, 'bin') : undefined;
}

const psqlPath = (bin: string): string => (existsSync(join(bin, 'psql')) ? join(bin, 'psql') : 'psql');

export interface Pg extends Db {
  stop(): void;
}

export function startPostgres(bin: string): Pg {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'gtmap-pg-'));
  const data = join(dir, 'data');
  const user = root ? 'postgres' : undefined;
  if (root) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as');
    chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    chmodSync(dir, 0o700);
  }
  const run = (cmd: string, args: string[]) => {
    const r = user
      ? spawnSync('runuser', ['-u', user, '--', cmd, ...args], { encoding: 'utf8' })
      : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
  const port = String(50000 + Math.floor(Math.random() * 10000));
  run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off -c TimeZone=UTC`,
    'start',
  ]);
  const psql = psqlPath(bin);
  const query = async (sql: string): Promise<Record<string, unknown>[]> => {
    const r = spawnSync(
      psql,
      ['-X', '-q', '-h', dir, '-p', port, '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '--csv', '-P', 'null=\u0001NULL'],
      {
        input: sql,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    if (r.status !== 0) throw new Error(`psql: ${r.stderr}\n${sql.slice(0, 2000)}`);
    return parseCsv(r.stdout);
  };
  return {
    query,
    close: () => undefined,
    stop: () => {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** psql --csv output: a header row, then rows; NULL is the sentinel \u0001NULL, booleans t/f. */
function parseCsv(text: string): Record<string, unknown>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cur);
      cur = '';
    } else if (ch === '\n') {
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
  }
  if (cur !== '' || row.length) {
    row.push(cur);
    rows.push(row);
  }
  const [head, ...body] = rows;
  if (!head) return [];
  const value = (s: string): unknown => (s === '\u0001NULL' ? null : s === 't' ? true : s === 'f' ? false : s);
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, value(r[i] ?? '')])));
}
