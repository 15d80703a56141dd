// The map's history as the site shows it: produced by src/diff/history.ts from git, read by the
// "What changed" page and by each entity's "last changed" line. Plain data: render reads no git.
import type { Kind } from '../model/index.js';

export type HistoryClass = 'breaking' | 'behavioural' | 'ownership' | 'text';

export interface HistoryEntry {
  sha: string;
  short: string;
  /** Commit date, YYYY-MM-DD. */
  date: string;
  subject: string;
  url: string | null;
  /** The map's `version` when this commit changed it. */
  version: string | null;
  counts: Record<HistoryClass, number>;
  changes: { class: HistoryClass; id: string; kind: Kind; entity: string; message: string }[];
}

export interface LastChange {
  short: string;
  date: string;
  subject: string;
  url: string | null;
}

export type SiteHistory =
  | { available: true; entries: HistoryEntry[]; lastChange: Map<string, LastChange>; limit: number; truncated: boolean }
  | { available: false; reason: string };

export const lastKey = (kind: Kind, id: string): string => `${kind}\u0000${id}`;
