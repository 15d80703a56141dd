// Mermaid text from plain data. Map text only ever appears inside quoted labels, encoded
// so that it cannot end the label, start a directive or carry markup; node ids are derived
// from entity ids, which the schema restricts to [a-z0-9-].

/** Characters that pass through a label unchanged; every other one becomes a #code; entity. */
const PLAIN = /[\p{L}\p{N} .,:()/'?!+*=@$_-]/u;
const ALL_PLAIN = /^[\p{L}\p{N} .,:()/'?!+*=@$_-]*$/u;

export function encodeLabelText(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  // most labels are names with nothing to encode: one test instead of one per character
  if (ALL_PLAIN.test(flat)) return flat;
  let out = '';
  for (const ch of flat) out += PLAIN.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

/** A quoted label; parts go on separate lines. */
export function label(...parts: string[]): string {
  return `"${parts
    .filter((p) => p !== '')
    .map(encodeLabelText)
    .join('<br/>')}"`;
}

/** A node id that is safe in every diagram type: a kind prefix and the id with _ for -. */
export function nodeId(prefix: string, id: string): string {
  return `${prefix}_${id.replace(/[^a-z0-9]/g, (c) => (c === '-' ? '_' : `x${c.charCodeAt(0).toString(16)}`))}`;
}

export function truncate(s: string, max = 48): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

export type Shape = 'box' | 'round' | 'stadium' | 'diamond' | 'circle' | 'subroutine' | 'hexagon';

export interface FlowNode {
  id: string;
  label: string[];
  shape?: Shape;
  cls?: string;
  /** The page (relative URL) of the entity the node stands for; the site's script links the drawn node to it. */
  href?: string | null;
}

export interface FlowEdge {
  from: string;
  to: string;
  label?: string;
  /** plain: a line without an arrowhead, for a mapping rather than a flow. */
  style?: 'solid' | 'dotted' | 'thick' | 'plain';
}

export interface FlowGroup {
  id: string;
  label: string;
  nodes: string[];
  /** Honoured by Mermaid only when no edge crosses into the group's nodes (link to the group id instead). */
  direction?: 'LR' | 'TB';
  /** Draw no box around the group: it only holds its nodes side by side. */
  plain?: boolean;
}

export interface Flow {
  direction: 'LR' | 'TD';
  nodes: FlowNode[];
  edges: FlowEdge[];
  groups?: FlowGroup[];
  /** Lay out with ELK (@mermaid-js/layout-elk) instead of dagre; only where it measurably untangles the flow. */
  layout?: 'elk';
  /** Space between ranks in px (Mermaid's default is 50). */
  rankSpacing?: number;
}

/** Mermaid's front matter, which carries per-diagram settings. */
function frontMatter(layout: 'elk' | undefined, rankSpacing?: number): string {
  const lines: string[] = [];
  if (layout) lines.push(`  layout: ${layout}`);
  if (rankSpacing !== undefined) lines.push('  flowchart:', `    rankSpacing: ${rankSpacing}`);
  return lines.length ? `---\nconfig:\n${lines.join('\n')}\n---\n` : '';
}

/** Whether a diagram text asks for the ELK layout, whose browser bundle the page must then load. */
export function usesElk(text: string): boolean {
  return /^---\n(?:.*\n)*?  layout: elk\n/.test(text);
}

/**
 * The node-to-page map a figure carries as a data attribute: "nodeId url nodeId url …".
 * Node ids are [a-z0-9_]; urls are the site's own relative links (no spaces: ids are [a-z0-9-]).
 */
export function nodeLinks(nodes: readonly { id: string; href?: string | null }[]): string | null {
  const pairs: string[] = [];
  const seen = new Set<string>();
  for (const n of nodes) {
    if (!n.href || seen.has(n.id) || /\s/.test(n.href)) continue;
    seen.add(n.id);
    pairs.push(`${n.id} ${n.href}`);
  }
  return pairs.length ? pairs.join(' ') : null;
}

const OPEN_CLOSE: Record<Shape, [string, string]> = {
  box: ['[', ']'],
  round: ['(', ')'],
  stadium: ['([', '])'],
  diamond: ['{', '}'],
  circle: ['((', '))'],
  subroutine: ['[[', ']]'],
  hexagon: ['{{', '}}'],
};

const CLASSES: Record<string, string> = {
  source: 'fill:#e8f1fb,stroke:#2563a6,color:#102a43',
  team: 'fill:#f3efe6,stroke:#8a6d3b,color:#2b2112',
  stage: 'fill:#eef7ee,stroke:#2f7d32,color:#0f2e10',
  won: 'fill:#d9f2dd,stroke:#1b5e20,color:#0b2a0e',
  lost: 'fill:#fbe9e7,stroke:#b3261e,color:#410e0b',
  rule: 'fill:#fff8e1,stroke:#a66f00,color:#2e1f00',
  life: 'fill:#f1ecfa,stroke:#5b3f9a,color:#1f1336',
  note: 'fill:#ffffff,stroke:#6b7280,color:#1f2937,stroke-dasharray:4 3',
};

export function flowchart(f: Flow): string {
  const lines = [`${frontMatter(f.layout, f.rankSpacing)}flowchart ${f.direction}`];
  const grouped = new Set((f.groups ?? []).flatMap((g) => g.nodes));
  const nodeLine = (n: FlowNode): string => {
    const [o, c] = OPEN_CLOSE[n.shape ?? 'box'];
    return `${n.id}${o}"${n.label
      .filter((p) => p !== '')
      .map(encodeLabelText)
      .join('<br/>')}"${c}`;
  };
  const byId = new Map(f.nodes.map((n) => [n.id, n]));
  for (const g of f.groups ?? []) {
    lines.push(`  subgraph ${g.id}[${g.label.trim() === '' ? '" "' : label(g.label)}]`);
    if (g.direction) lines.push(`    direction ${g.direction}`);
    for (const id of g.nodes) {
      const n = byId.get(id);
      if (n) lines.push(`    ${nodeLine(n)}`);
    }
    lines.push('  end');
  }
  for (const n of f.nodes) if (!grouped.has(n.id)) lines.push(`  ${nodeLine(n)}`);
  for (const g of f.groups ?? []) if (g.plain) lines.push(`  style ${g.id} fill:none,stroke:none`);
  for (const e of f.edges) {
    const arrow = e.style === 'dotted' ? '-.->' : e.style === 'thick' ? '==>' : e.style === 'plain' ? '---' : '-->';
    lines.push(e.label ? `  ${e.from} ${arrow}|${label(e.label)}| ${e.to}` : `  ${e.from} ${arrow} ${e.to}`);
  }
  const used = new Set(f.nodes.map((n) => n.cls).filter((c): c is string => !!c));
  // prefixed: the class lands on the drawn node, where a bare name (source, note) would pick up the site's own styles
  for (const cls of [...used].sort()) {
    const style = CLASSES[cls];
    if (style) lines.push(`  classDef dg_${cls} ${style}`);
  }
  for (const cls of [...used].sort()) {
    const ids = f.nodes.filter((n) => n.cls === cls).map((n) => n.id);
    lines.push(`  class ${ids.join(',')} dg_${cls}`);
  }
  return lines.join('\n') + '\n';
}

export interface StateDiagram {
  states: { id: string; label: string[]; href?: string | null }[];
  start: string[];
  end: string[];
  transitions: { from: string; to: string }[];
  direction?: 'LR' | 'TB';
  layout?: 'elk';
}

export function stateDiagram(d: StateDiagram): string {
  const lines = [`${frontMatter(d.layout)}stateDiagram-v2`, `  direction ${d.direction ?? 'LR'}`];
  for (const s of d.states) lines.push(`  state ${label(...s.label)} as ${s.id}`);
  for (const s of d.start) lines.push(`  [*] --> ${s}`);
  for (const t of d.transitions) lines.push(`  ${t.from} --> ${t.to}`);
  for (const s of d.end) lines.push(`  ${s} --> [*]`);
  return lines.join('\n') + '\n';
}

/** Nodes a diagram may hold before it is split or summarised. */
export const MAX_NODES = 40;
