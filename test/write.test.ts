// The writer (src/write): a rebuild reuses the previous build's files by hard link only when the
// bytes match and the file is the previous site's own, never a file that lives somewhere else too.
import { spawnSync } from 'node:child_process';
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FileCopy, planWrite, previousBuild, writeSite } from '../src/write/index.js';
import { tempDir } from './helpers.js';

const ino = (p: string): number => statSync(p).ino;

/** A built site whose `assets` folder is a link to a folder outside it, holding app.js ("code"). */
function siteLinkingOutside(): { out: string; outsideDir: string } {
  const base = tempDir();
  const out = join(base, 'site');
  writeSite(new Map([['index.html', 'home']]), out);
  const outsideDir = join(base, 'outside');
  mkdirSync(outsideDir);
  writeFileSync(join(outsideDir, 'app.js'), 'code');
  symlinkSync(outsideDir, join(out, 'assets'));
  return { out, outsideDir };
}
describe('writeSite', () => {
  it('writes what changed and keeps what did not, each file with one link once the old site is gone', () => {
    const out = join(tempDir(), 'site');
    writeSite(
      new Map<string, string | Buffer>([
        ['index.html', 'one'],
        ['assets/big.js', Buffer.from('x'.repeat(1000))],
        ['gone.html', 'old page'],
      ]),
      out,
    );
    const before = ino(join(out, 'assets/big.js'));
    const plan = writeSite(
      new Map<string, string | Buffer>([
        ['index.html', 'two'],
        ['assets/big.js', Buffer.from('x'.repeat(1000))],
        ['new.html', 'é'],
      ]),
      out,
    );
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('two');
    expect(readFileSync(join(out, 'assets/big.js'), 'utf8')).toBe('x'.repeat(1000));
    expect(readFileSync(join(out, 'new.html'), 'utf8')).toBe('é');
    expect(readdirSync(out).sort()).toEqual(['.gtmap-site', 'assets', 'index.html', 'new.html']);
    // the unchanged file is the previous build's, linked into the new site rather than written again
    expect(ino(join(out, 'assets/big.js'))).toBe(before);
    expect(statSync(join(out, 'assets/big.js')).nlink).toBe(1);
    expect(readdirSync(join(out, '..'))).toEqual(['site']);
    expect(plan.files).toEqual([
      { path: '.gtmap-site', bytes: 101 },
      { path: 'assets/big.js', bytes: 1000 },
      { path: 'index.html', bytes: 3 },
      { path: 'new.html', bytes: 2 },
    ]);
    expect(plan.replaces).toBe(true);
  });

  it('does not link a file that is also elsewhere into the new site (a hard link made by hand)', () => {
    const base = tempDir();
    const out = join(base, 'site');
    writeSite(new Map([['page.html', 'same']]), out);
    const outside = join(base, 'elsewhere.html');
    writeFileSync(outside, 'same');
    // the previous site holds the outside file under a second name
    linkSync(outside, join(out, 'linked.html'));
    writeSite(new Map([['linked.html', 'same']]), out);
    expect(ino(join(out, 'linked.html'))).not.toBe(ino(outside));
    expect(statSync(outside).nlink).toBe(1);
    expect(readFileSync(join(out, 'linked.html'), 'utf8')).toBe('same');
  });

  it('does not reuse files reached through a link to a folder outside the site', () => {
    const { out, outsideDir } = siteLinkingOutside();
    writeSite(
      new Map([
        ['index.html', 'home'],
        ['assets/app.js', 'code'],
      ]),
      out,
    );
    expect(statSync(join(out, 'assets')).isDirectory()).toBe(true);
    expect(ino(join(out, 'assets/app.js'))).not.toBe(ino(join(outsideDir, 'app.js')));
    expect(statSync(join(outsideDir, 'app.js')).nlink).toBe(1);
    expect(readFileSync(join(outsideDir, 'app.js'), 'utf8')).toBe('code');
  });

  it('copies a file given as a copy of another, and reuses the previous copy only while both hold the same bytes', () => {
    const base = tempDir();
    const out = join(base, 'site');
    const source = join(base, 'vendor.js');
    // more than the writer's 1 MB buffer, so the comparison runs over several reads
    const big = Buffer.alloc(2_500_000, 'a');
    writeFileSync(source, big);
    const files = new Map<string, string | Buffer | FileCopy>([
      ['index.html', 'home'],
      ['assets/vendor.js', { copyOf: source }],
    ]);
    expect(planWrite(files, out).files).toContainEqual({ path: 'assets/vendor.js', bytes: 2_500_000 });
    const first = writeSite(files, out);
    expect(first.files).toContainEqual({ path: 'assets/vendor.js', bytes: 2_500_000 });
    expect(readFileSync(join(out, 'assets/vendor.js')).equals(big)).toBe(true);
    // a copy, never the source itself under a second name
    expect(ino(join(out, 'assets/vendor.js'))).not.toBe(ino(source));
    expect(statSync(source).nlink).toBe(1);
    const copied = ino(join(out, 'assets/vendor.js'));
    writeSite(files, out);
    expect(ino(join(out, 'assets/vendor.js'))).toBe(copied);
    // one byte changed past the first buffer: the new bytes are written
    big[1_500_000] = 0x62;
    writeFileSync(source, big);
    writeSite(files, out);
    expect(ino(join(out, 'assets/vendor.js'))).not.toBe(copied);
    expect(readFileSync(join(out, 'assets/vendor.js')).equals(big)).toBe(true);
    expect(statSync(join(out, 'assets/vendor.js')).nlink).toBe(1);
  });
});

describe('previousBuild', () => {
  it('is undefined where no gtmap build is', () => {
    const base = tempDir();
    expect(previousBuild(join(base, 'missing'))).toBeUndefined();
    writeFileSync(join(base, 'index.html'), 'home');
    expect(previousBuild(base)).toBeUndefined();
  });

  it("names the previous build's file for a page with the same bytes, and nothing for any other", () => {
    const base = tempDir();
    const out = join(base, 'site');
    // more than the 1 MB encoding buffer, and characters of two and three bytes
    const big = `<p>${'é→'.repeat(300_000)}</p>`;
    writeSite(
      new Map([
        ['index.html', 'home é'],
        ['big.html', big],
        ['pipelines/a.html', 'pipeline'],
        ['linked.html', 'same'],
      ]),
      out,
    );
    linkSync(join(out, 'linked.html'), join(base, 'elsewhere.html'));
    const before = previousBuild(out)!;
    expect(before.file('index.html', 'home é')).toBe(join(out, 'index.html'));
    expect(before.file('big.html', big)).toBe(join(out, 'big.html'));
    expect(before.file('pipelines/a.html', 'pipeline')).toBe(join(out, 'pipelines', 'a.html'));
    expect(before.file('index.html', 'home e')).toBeUndefined();
    expect(before.file('index.html', 'home é ')).toBeUndefined();
    expect(before.file('big.html', `${big.slice(0, -5)}</p>`)).toBeUndefined();
    expect(before.file('new.html', 'home é')).toBeUndefined();
    // a file linked from outside the site is never reused, nor a path that leaves the folder
    expect(before.file('linked.html', 'same')).toBeUndefined();
    expect(before.file('../site/index.html', 'home é')).toBeUndefined();
    expect(before.file('pipelines//a.html', 'pipeline')).toBeUndefined();
  });

  it('neither waits on nor reuses a named pipe or a symbolic link where a page was', () => {
    const base = tempDir();
    const out = join(base, 'site');
    writeSite(
      new Map([
        ['index.html', 'home'],
        ['pipe.html', 'page'],
        ['link.html', 'page'],
      ]),
      out,
    );
    rmSync(join(out, 'pipe.html'));
    if (spawnSync('mkfifo', [join(out, 'pipe.html')]).status !== 0) return; // no mkfifo here (Windows)
    writeFileSync(join(base, 'target.html'), 'page');
    rmSync(join(out, 'link.html'));
    symlinkSync(join(base, 'target.html'), join(out, 'link.html'));
    const before = previousBuild(out)!;
    expect(before.file('pipe.html', '')).toBeUndefined();
    expect(before.file('link.html', 'page')).toBeUndefined();
    expect(before.file('index.html', 'home')).toBe(join(out, 'index.html'));
    writeSite(
      new Map([
        ['pipe.html', ''],
        ['link.html', 'page'],
      ]),
      out,
    );
    expect(statSync(join(out, 'pipe.html')).isFile()).toBe(true);
    expect(lstatSync(join(out, 'link.html')).isFile()).toBe(true);
    expect(statSync(join(base, 'target.html')).nlink).toBe(1);
  });

  it('does not name files reached through a link to a folder outside the site', () => {
    const { out } = siteLinkingOutside();
    expect(previousBuild(out)!.file('assets/app.js', 'code')).toBeUndefined();
  });

  it('writeSite links a named previous file into the new site, and writes its bytes where it cannot be linked', () => {
    const out = join(tempDir(), 'site');
    writeSite(
      new Map([
        ['index.html', 'home'],
        ['about.html', 'about'],
      ]),
      out,
    );
    const home = ino(join(out, 'index.html'));
    const before = previousBuild(out)!;
    const files = new Map<string, string | FileCopy>([
      ['index.html', { copyOf: before.file('index.html', 'home')! }],
      ['about.html', { copyOf: before.file('about.html', 'about')! }],
    ]);
    // about.html is linked from elsewhere since it was compared: it is copied, not linked
    linkSync(join(out, 'about.html'), join(out, '..', 'elsewhere.html'));
    const plan = writeSite(files, out);
    expect(plan.files).toContainEqual({ path: 'index.html', bytes: 4 });
    expect(ino(join(out, 'index.html'))).toBe(home);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('home');
    expect(readFileSync(join(out, 'about.html'), 'utf8')).toBe('about');
    expect(ino(join(out, 'about.html'))).not.toBe(ino(join(out, '..', 'elsewhere.html')));
  });
});

describe('site stamps (what the last build linked, recorded in the cache folder)', () => {
  /** Every file of a folder (and `also`) made to look an hour old, as files of a build made earlier. */
  const age = (dir: string, also: string[] = []): void => {
    const then = new Date(Date.now() - 3_600_000);
    for (const f of [...readdirSync(dir, { recursive: true }).map((p) => join(dir, String(p))), ...also])
      if (lstatSync(f).isFile()) utimesSync(f, then, then);
  };
  const record = (cache: string): Record<string, unknown[]> => {
    const [file] = readdirSync(cache).filter((f) => f.startsWith('site-'));
    return (JSON.parse(readFileSync(join(cache, file!), 'utf8')) as { files: Record<string, unknown[]> }).files;
  };
  /** A first build of `pages` and a vendored file (its source `vendor.js`), in a new folder, with a cache folder beside it. */
  const firstBuild = (pages: Record<string, string>): { out: string; cacheDir: string; source: string } => {
    const base = tempDir();
    const out = join(base, 'site');
    const cacheDir = join(base, 'cache');
    const source = join(base, 'vendor.js');
    writeFileSync(source, 'vendored');
    writeSite(new Map<string, string | FileCopy>([...Object.entries(pages), ['assets/vendor.js', { copyOf: source }]]), out, out, {
      cacheDir,
    });
    return { out, cacheDir, source };
  };
  /** One rebuild as gtmap build makes it: pages compared while rendered, then written. */
  const rebuild = (out: string, cacheDir: string, pages: Record<string, string>, source: string): void => {
    const before = previousBuild(out, { cacheDir })!;
    const files = new Map<string, string | FileCopy>([['assets/vendor.js', { copyOf: source }]]);
    for (const [path, text] of Object.entries(pages)) {
      const same = before.file(path, text);
      files.set(path, same === undefined ? text : { copyOf: same });
    }
    writeSite(files, out, out, { cacheDir });
  };

  it('records the files a rebuild linked, and trusts a record only while the file stat is as recorded', () => {
    const pages = { 'index.html': 'home', 'about.html': 'about' };
    const { out, cacheDir, source } = firstBuild(pages);
    age(out, [source]);
    rebuild(out, cacheDir, pages, source);
    expect(Object.keys(record(cacheDir)).sort()).toEqual(['about.html', 'assets/vendor.js', 'index.html', source].sort());

    // edited by hand to bytes of the same size, modification time put back: the record is believed
    // (as git believes its index), so the page compares as unchanged without being read
    const about = join(out, 'about.html');
    const { mtime } = statSync(about);
    writeFileSync(about, 'ABOUT');
    utimesSync(about, mtime, mtime);
    expect(previousBuild(out, { cacheDir })!.file('about.html', 'about')).toBe(about);
    // edited and left with its new time: read, and found different
    writeFileSync(about, 'ABOUT');
    expect(previousBuild(out, { cacheDir })!.file('about.html', 'about')).toBeUndefined();
    // the same bytes and time in a new file (another inode): read, and found the same
    writeFileSync(`${about}.new`, 'about');
    utimesSync(`${about}.new`, mtime, mtime);
    renameSync(`${about}.new`, about);
    expect(previousBuild(out, { cacheDir })!.file('about.html', 'about')).toBe(about);
    rebuild(out, cacheDir, pages, source);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('home');
    expect(readFileSync(about, 'utf8')).toBe('about');

    // the vendored file changed (same size, old time): its stat differs, so both are read, and the new bytes written
    writeFileSync(source, 'VENDORED');
    age(out, [source]);
    rebuild(out, cacheDir, pages, source);
    expect(readFileSync(join(out, 'assets/vendor.js'), 'utf8')).toBe('VENDORED');
  });

  it('does not record a file written too recently for its time to show a later edit', () => {
    const pages = { 'index.html': 'home' };
    const { out, cacheDir, source } = firstBuild(pages);
    const then = new Date(Date.now() - 3_600_000);
    utimesSync(source, then, then);
    rebuild(out, cacheDir, pages, source);
    // the site's files were written a moment ago; the vendored source is old
    expect(Object.keys(record(cacheDir))).toEqual([source]);
    const index = join(out, 'index.html');
    const { mtime } = statSync(index);
    writeFileSync(index, 'HOME');
    utimesSync(index, mtime, mtime);
    expect(previousBuild(out, { cacheDir })!.file('index.html', 'home')).toBeUndefined();
  });
});
