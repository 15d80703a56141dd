// Code frames show a bounded window of a line around the finding, with the caret under the right place,
// however long the line and however many findings a file has.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostic.js';
import { type ReportContext } from '../src/report/index.js';
import { codeFrame, FRAME_WIDTH, lineIndex, painter, stylish } from '../src/report/stylish.js';

const plain = painter(false);

function at(line: number, column: number, endColumn = column + 1, over: Partial<Diagnostic> = {}): Diagnostic {
  return {
    ruleId: 'x/y',
    severity: 'error',
    message: 'm',
    file: 'map/a.yaml',
    line,
    column,
    endLine: line,
    endColumn,
    path: [],
    docsUrl: '',
    ...over,
  };
}

/** The shown source line of the finding, and what the caret line marks in it. */
function marked(frame: string): { shown: string; under: string; caret: number; carets: number } {
  const lines = frame.split('\n');
  const i = lines.findIndex((l) => l.startsWith('  > '));
  const shown = lines[i]!.slice(lines[i]!.indexOf('| ') + 2);
  const caretLine = lines[i + 1]!;
  const body = caretLine.slice(caretLine.indexOf('| ') + 2);
  const caret = body.indexOf('^');
  const carets = body.length - caret;
  return { shown, under: shown.slice(caret, caret + carets), caret, carets };
}

const filler = (n: number): string => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');

describe('code frames of long lines', () => {
  it('shows a window around a finding in the middle of a long line, cut at both ends, caret under the finding', () => {
    const line = `${filler(5000)}TARGET-VALUE${filler(5000)}`;
    const f = marked(codeFrame(line, at(1, 5001, 5013), plain));
    expect(f.under).toBe('TARGET-VALUE');
    expect(f.shown.startsWith('…')).toBe(true);
    expect(f.shown.endsWith('…')).toBe(true);
    expect(f.shown.length).toBeLessThanOrEqual(FRAME_WIDTH);
    expect(f.shown.length).toBeGreaterThan(FRAME_WIDTH - 5);
  });

  it('cuts only the end when the finding is near the start, and only the start when it is near the end', () => {
    const line = `key: ${filler(3000)}`;
    const start = marked(codeFrame(line, at(1, 1, 4), plain));
    expect(start).toMatchObject({ under: 'key', caret: 0 });
    expect(start.shown.startsWith('key: abc')).toBe(true);
    expect(start.shown.endsWith('…')).toBe(true);
    expect(start.shown).toHaveLength(FRAME_WIDTH);

    const tail = `${filler(3000)}END`;
    const end = marked(codeFrame(tail, at(1, 3001, 3004), plain));
    expect(end.under).toBe('END');
    expect(end.shown.startsWith('…')).toBe(true);
    expect(end.shown.endsWith('END')).toBe(true);
    expect(end.shown.length).toBeLessThanOrEqual(FRAME_WIDTH);
    expect(end.shown.length).toBeGreaterThan(FRAME_WIDTH - 3);
  });

  it('a caret past the end of the line stays one column after its last character', () => {
    const tail = filler(500);
    const f = marked(codeFrame(tail, at(1, 501, 502), plain));
    expect(f.caret).toBe(f.shown.length);
    expect(f.carets).toBe(1);
  });

  it('a range wider than the window is marked to the cut', () => {
    const line = `v: ${'x'.repeat(10_000)}`;
    const f = marked(codeFrame(line, at(1, 4, 10_004), plain));
    expect(f.caret).toBe(3);
    expect(f.under).toBe('x'.repeat(f.carets));
    expect(f.caret + f.carets).toBe(f.shown.length - 1); // up to the … mark
  });

  it('keeps the caret aligned past tabs and escaped control characters on a long line', () => {
    const line = `${'\t'.repeat(30)}${'\u001b'.repeat(10)}\u202e${filler(2000)}HERE${filler(2000)}`;
    const col = line.indexOf('HERE') + 1;
    const f = marked(codeFrame(line, at(1, col, col + 4), plain));
    expect(f.under).toBe('HERE');
    expect(f.shown).not.toMatch(/[\t\u001b\u202e]/);
    expect(f.shown.length).toBeLessThanOrEqual(FRAME_WIDTH);

    const near = `\t\tk: \u001b[2J${filler(300)}`;
    const g = marked(codeFrame(near, at(1, 6, 10), plain));
    expect(g.under).toBe('\\x1b[2J'.slice(0, g.carets));
    expect(g.shown.startsWith('  k: \\x1b[2J')).toBe(true);
  });

  it('does not split a surrogate pair at a cut', () => {
    const line = `${'🚀'.repeat(3000)}X${'🚀'.repeat(3000)}`;
    const col = line.indexOf('X') + 1;
    const frame = codeFrame(line, at(1, col), plain);
    expect(frame).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(marked(frame).under).toBe('X');
  });

  it('cuts the lines around the finding to the same window', () => {
    const text = `${filler(4000)}\n${filler(2000)}NEEDLE${filler(2000)}\n${filler(4000)}\n`;
    const frame = codeFrame(text, at(2, 2001, 2007), plain);
    const lines = frame.split('\n');
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(FRAME_WIDTH + 10);
    expect(lines[0]!.slice(lines[0]!.indexOf('| ') + 2).startsWith('…')).toBe(true);
    expect(marked(frame).under).toBe('NEEDLE');
  });

  it('leaves short lines as they were', () => {
    const text = 'handoffs:\n  - id: a\n\towner: sales-dev\r\n  - id: b\n';
    expect(codeFrame(text, at(3, 9, 18), plain)).toBe(
      ['    2 |   - id: a', '  > 3 |  owner: sales-dev', '      |         ^^^^^^^^^', '    4 |   - id: b'].join('\n'),
    );
    expect(codeFrame(text, at(5, 1), plain)).toBe('');
    expect(codeFrame(lineIndex(text), at(1, 1, 9), plain)).toBe(['  > 1 | handoffs:', '      | ^^^^^^^^', '    2 |   - id: a'].join('\n'));
  });
});

describe('stylish with many findings in one long-lined file', () => {
  it('output grows with the findings, not with the length of the line', () => {
    // regression: each frame split the whole file and printed the whole line; 200 KB one-line maps ran out of heap
    const line = `handoffs: [${Array.from({ length: 5000 }, (_, i) => `{id: h-${i}, name: H, from: a, to: b}`).join(', ')}]`;
    const diagnostics = Array.from({ length: 2000 }, (_, i) => {
      const col = line.indexOf(`{id: h-${i},`) + 1;
      return at(1, col, col + `{id: h-${i}, name: H, from: a, to: b}`.length, {
        file: 'map/handoffs.yaml',
        message: `Handoff \`h-${i}\` has no owner.`,
      });
    });
    const ctx: ReportContext = {
      sources: new Map([['map/handoffs.yaml', line]]),
      color: false,
      rules: new Map(),
      toolVersion: '0',
      files: ['map/handoffs.yaml'],
    };
    const out = stylish(diagnostics, ctx);
    expect(line.length).toBeGreaterThan(190_000);
    expect(out.length).toBeLessThan(diagnostics.length * 400);
    const frames = out.split('\n').filter((l) => l.startsWith('  > 1 | '));
    expect(frames).toHaveLength(2000);
    for (const l of frames) expect(l.length).toBeLessThanOrEqual('  > 1 | '.length + FRAME_WIDTH);
    // the caret of the last finding is under its own handoff
    const lastFrame = out.slice(out.lastIndexOf('  > 1 | '));
    expect(marked(lastFrame).under).toBe('{id: h-1999, name: H, from: a, to: b}');
  });
});
