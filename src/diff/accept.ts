// Accepting a known change: `map/.gtmap-accepted.yaml` lists changes by change id and entity id,
// each with a reason and an expiry date. An accepted change still shows, marked, but no longer
// fails the run. An expired entry no longer applies and an unused one is reported, as unused
// suppressions are by lint.
import { fastParse } from '../load/index.js';
import { sourceFile } from '../load/source.js';
import { isObject } from '../text.js';
import type { Change } from './index.js';
import { SideError } from './git.js';

export interface AcceptEntry {
  change: string;
  entity: string;
  reason: string;
  expires: string;
  file: string;
  line: number;
  column: number;
}

export interface Accepted {
  file?: string;
  used: AcceptEntry[];
  unused: AcceptEntry[];
  expired: AcceptEntry[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseAccepted(text: string, file: string): AcceptEntry[] {
  const src = sourceFile(file, file, text, false);
  const parsed = fastParse(text);
  const where = (path: (string | number)[]): string => {
    const l = src.locate(path);
    return `${l.file}:${l.line}:${l.column}`;
  };
  if (!parsed.ok)
    throw new SideError(`${file}: not valid YAML. Write \`accepted:\` followed by a list of { change, entity, reason, expires }.`);
  const data = parsed.data;
  if (data === null || data === undefined) return [];
  const list = isObject(data) ? data.accepted : undefined;
  if (!Array.isArray(list))
    throw new SideError(`${where([])}: the file must hold \`accepted:\`, a list of { change, entity, reason, expires } entries.`);
  return list.map((e, i) => {
    if (!isObject(e)) throw new SideError(`${where(['accepted', i])}: each entry is a mapping with change, entity, reason and expires.`);
    for (const k of ['change', 'entity', 'reason', 'expires'] as const) {
      const v = e[k];
      if (typeof v !== 'string' || v.trim() === '')
        throw new SideError(
          `${where(['accepted', i, ...(k in e ? [k] : [])])}: entry ${i + 1} has no \`${k}\`. Every accepted change names its change id, its entity id, a reason and an expiry date (YYYY-MM-DD).`,
        );
    }
    if (!DATE.test(e.expires as string) || Number.isNaN(Date.parse(e.expires as string)))
      throw new SideError(`${where(['accepted', i, 'expires'])}: \`expires\` must be a date written YYYY-MM-DD, e.g. 2027-01-31.`);
    const l = src.locate(['accepted', i]);
    return {
      change: e.change as string,
      entity: e.entity as string,
      reason: e.reason as string,
      expires: e.expires as string,
      file,
      line: l.line,
      column: l.column,
    };
  });
}

/** Marks the accepted changes; an entry applies until the end of its expiry day (UTC). */
export function applyAccepted(entries: readonly AcceptEntry[], changes: Change[], now: Date, file?: string): Accepted {
  const out: Accepted = { ...(file ? { file } : {}), used: [], unused: [], expired: [] };
  for (const e of entries) {
    if (Date.parse(`${e.expires}T23:59:59.999Z`) < now.getTime()) {
      out.expired.push(e);
      continue;
    }
    const hits = changes.filter((c) => c.id === e.change && c.entity.id === e.entity);
    if (!hits.length) {
      out.unused.push(e);
      continue;
    }
    for (const c of hits) c.accepted = { reason: e.reason, expires: e.expires };
    out.used.push(e);
  }
  return out;
}
