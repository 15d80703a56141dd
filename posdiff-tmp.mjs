import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load, CORE_SCHEMA } from 'js-yaml';
import { positionTree, findPos } from '/work/main/dist/load/positions.js';
import { sourceFile } from '/work/main/dist/load/source.js';
const files = [];
const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (/\.ya?ml$/.test(f)) files.push(p); } };
for (const d of process.argv.slice(2)) walk(d);
let paths = 0, bad = 0;
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  let data; try { data = load(text, { schema: CORE_SCHEMA }); } catch { continue; }
  const src = sourceFile(f, f, text, false);
  const tree = positionTree(text);
  const all = [];
  const rec = (v, p) => { all.push(p); if (p.length > 12) return; if (Array.isArray(v)) v.forEach((x, i) => rec(x, [...p, i])); else if (v && typeof v === 'object') for (const k of Object.keys(v)) rec(v[k], [...p, k]); };
  rec(data, []);
  // plus paths that go too deep
  all.push(['nope']); all.push([0, 'x']);
  const lc = src.lineCounter;
  for (const p of all) {
    for (const target of ['key', 'value']) {
      paths++;
      const a = src.locate(p, target);
      const b = locateEv(text, tree, f, p, target, lc);
      if (JSON.stringify(a) !== JSON.stringify(b)) { if (bad++ < 15) console.log(f, JSON.stringify(p), target, JSON.stringify(a), JSON.stringify(b)); }
    }
  }
}
console.log({ files: files.length, paths, bad });
function locateEv(text, tree, file, p, target, lc) {
  const { node, key, depth } = findPos(tree, p);
  const complete = depth === p.length;
  let range;
  if ((target === 'key' || !complete) && key) range = [key.start, key.end];
  else if (node) { const end = node.kind <= 1 ? Math.min(node.end, le(text, node.start)) : node.end; range = [node.start, Math.max(end, node.start + 1)]; }
  else if (key) range = [key.start, key.end];
  if (!range) return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const s = lc.linePos(range[0]), e = lc.linePos(range[1]);
  return { file, line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}
function le(t, o) { const i = t.indexOf('\n', o); return i < 0 ? t.length : i; }
