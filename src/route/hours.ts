// Business hours and SLA due times. A calendar is a time zone, working days, a start and an end
// time and holiday dates; time zones and daylight saving come from Node's built-in Intl (full ICU),
// so no time-zone library is needed. `m` and `h` SLAs count working time; `bd` counts working days
// of working time (1bd on a 09:00-17:00 calendar is 8 working hours); `d` and `w` are calendar time.
import type { Team } from '../model/index.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** As the map declares it (gtmap.yaml `businessHours`, or a team's `businessHours`, key by key over it). */
export interface BusinessHoursDecl {
  timeZone?: string;
  days?: string[];
  start?: string;
  end?: string;
  holidays?: string[];
}

/** A calendar ready for arithmetic. */
export interface Calendar {
  timeZone: string;
  /** Working days, by ISO weekday index 0 (Monday) .. 6 (Sunday). */
  days: boolean[];
  /** Minutes after local midnight. */
  start: number;
  end: number;
  holidays: Set<string>;
}

export const DEFAULT_HOURS = { timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' } as const;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether Intl knows the zone. */
let canonicalZones: Set<string> | undefined;

/** Names of UTC that the canonical list leaves out, and the fixed-offset Etc/GMT zones (Etc/GMT-14 to Etc/GMT+12). */
const UTC_NAMES = new Set([
  'UTC',
  'Etc/UTC',
  'GMT',
  'Etc/GMT',
  'UCT',
  'Etc/UCT',
  'Zulu',
  'Etc/Zulu',
  'Universal',
  'Etc/Universal',
  'Greenwich',
  'Etc/Greenwich',
  'GMT0',
  'Etc/GMT0',
  'GMT+0',
  'GMT-0',
  'Etc/GMT+0',
  'Etc/GMT-0',
]);
const ETC_OFFSET = /^Etc\/GMT(?:-(?:[1-9]|1[0-4])|\+(?:[1-9]|1[0-2]))$/;

export function isTimeZone(zone: string): boolean {
  // the canonical names answer in ~2 ms; a first DateTimeFormat starts ICU's formatter (~35 ms of
  // every lint run), so it is asked only about aliases (UTC, US/Eastern) and names that are wrong
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(zone) || UTC_NAMES.has(zone) || ETC_OFFSET.test(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The calendar a declaration makes, or the problems with it (each naming the key and the fix).
 * Keys left out take DEFAULT_HOURS. The declaration is read as untrusted data: a value of the
 * wrong type (a number for a time, a string for the days) is a problem, never a throw, since
 * the API, `gtmap route` and the site may hand over a declaration the schema rejected.
 */
export function makeCalendar(decl: BusinessHoursDecl): Calendar | { problems: { key: keyof BusinessHoursDecl; message: string }[] } {
  const problems: { key: keyof BusinessHoursDecl; message: string }[] = [];
  const raw = (typeof decl === 'object' && decl !== null ? decl : {}) as Record<keyof BusinessHoursDecl, unknown>;
  const text = (key: 'timeZone' | 'start' | 'end', example: string): string | undefined => {
    const v = raw[key] ?? DEFAULT_HOURS[key];
    if (typeof v === 'string') return v;
    problems.push({ key, message: `\`${key}\` must be text, e.g. \`${key}: ${example}\`.` });
    return undefined;
  };
  const list = (key: 'days' | 'holidays', example: string): readonly string[] | undefined => {
    const v = raw[key] ?? (key === 'days' ? DEFAULT_HOURS.days : []);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    problems.push({ key, message: `\`${key}\` must be a list of text, e.g. \`${key}: ${example}\`.` });
    return undefined;
  };
  const timeZone = text('timeZone', 'Europe/Berlin');
  if (timeZone !== undefined && !isTimeZone(timeZone))
    problems.push({
      key: 'timeZone',
      message: `\`${timeZone}\` is not a time zone this Node knows. Use an IANA name such as \`Europe/Berlin\` or \`America/New_York\`.`,
    });
  const minutes = (key: 'start' | 'end'): number => {
    const v = text(key, key === 'start' ? '"09:00"' : '"17:00"');
    if (v === undefined) return NaN;
    const m = HHMM.exec(v);
    if (!m) {
      problems.push({ key, message: `\`${v}\` is not a time of day. Write 24-hour HH:MM, e.g. \`09:00\`.` });
      return NaN;
    }
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const start = minutes('start');
  const end = minutes('end');
  if (start >= end)
    problems.push({
      key: 'end',
      message: `Business hours end (${String(raw.end ?? DEFAULT_HOURS.end)}) must be later than they start (${String(raw.start ?? DEFAULT_HOURS.start)}) on the same day.`,
    });
  const declared = list('days', '[mon, tue, wed, thu, fri]');
  const days = WEEKDAYS.map((d) => declared?.includes(d) === true);
  if (declared && !days.some(Boolean))
    problems.push({ key: 'days', message: 'Business hours need at least one working day, e.g. `[mon, tue, wed, thu, fri]`.' });
  const holidays = list('holidays', '[2026-12-25]') ?? [];
  for (const h of holidays) {
    if (!DATE.test(h) || Number.isNaN(Date.parse(`${h}T00:00:00Z`)))
      problems.push({ key: 'holidays', message: `Holiday \`${h}\` is not a date. Write YYYY-MM-DD, e.g. \`2026-12-25\`.` });
  }
  if (problems.length || timeZone === undefined) return { problems };
  return { timeZone, days, start, end, holidays: new Set(holidays) };
}

export function isCalendar(c: Calendar | { problems: unknown }): c is Calendar {
  return !('problems' in c);
}

/** The map's hours with a team's on top, key by key; undefined when neither declares any. */
export function hoursFor(mapHours: BusinessHoursDecl | undefined, team: Team | undefined): BusinessHoursDecl | undefined {
  const own = (team as { businessHours?: BusinessHoursDecl } | undefined)?.businessHours;
  if (!mapHours && !own) return undefined;
  return { ...mapHours, ...own };
}

// --- zone arithmetic ---

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a zone. */
export function wallClock(ms: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute!, s: p.second! };
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export function offsetAt(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant a local wall time names in a zone (the offset is guessed, then corrected twice, as
 * Luxon does). In a spring-forward gap (02:30 that never happens) it is the instant as if the
 * clock had not jumped yet, which reads as the hour after the jump.
 */
export function instantOf(y: number, mo: number, d: number, minutes: number, zone: string): number {
  const local = Date.UTC(y, mo - 1, d, 0, minutes);
  const o1 = offsetAt(local, zone);
  let t = local - o1;
  const o2 = offsetAt(t, zone);
  if (o1 === o2) return t;
  t -= o2 - o1;
  const o3 = offsetAt(t, zone);
  return o2 === o3 ? t : local - Math.min(o2, o3);
}

const DAY = 86_400_000;

function isoDate(y: number, mo: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Working periods [open, close) in UTC ms, from the local day of `from` onwards, in order. */
export function* workingPeriods(cal: Calendar, from: number): Generator<[number, number], void, undefined> {
  const w = wallClock(from, cal.timeZone);
  // walk local dates by their UTC-noon stand-in: date arithmetic without the zone
  let day = Date.UTC(w.y, w.mo - 1, w.d, 12);
  // ten years without a working period means a calendar of holidays only
  for (let i = 0; i < 3660; i++, day += DAY) {
    const dt = new Date(day);
    const y = dt.getUTCFullYear();
    const mo = dt.getUTCMonth() + 1;
    const d = dt.getUTCDate();
    const weekday = (dt.getUTCDay() + 6) % 7;
    if (!cal.days[weekday] || cal.holidays.has(isoDate(y, mo, d))) continue;
    const open = instantOf(y, mo, d, cal.start, cal.timeZone);
    const close = instantOf(y, mo, d, cal.end, cal.timeZone);
    if (close > open) yield [open, close];
  }
}

/** Milliseconds of working time in one business day of a calendar. */
export function businessDayMs(cal: Calendar): number {
  return (cal.end - cal.start) * 60_000;
}

/**
 * The instant `ms` of working time after `from`: the clock runs only inside working periods.
 * The answer is never inside a closed period (it may be the moment a period closes), and
 * adding a then b equals adding a + b.
 */
export function addWorking(cal: Calendar, from: number, ms: number): number {
  let left = ms;
  for (const [open, close] of workingPeriods(cal, from)) {
    if (close <= from) continue;
    const begin = Math.max(open, from);
    if (left <= close - begin) return begin + left;
    left -= close - begin;
  }
  throw new RangeError('business hours have no working time in the next ten years');
}

const SLA = /^(\d+)(m|h|d|bd|w)$/;

export interface Due {
  /** The due instant, UTC ms. */
  at: number;
  /** How it was counted, in words: "4 working hours on Mon-Fri 09:00-17:00 Europe/Berlin". */
  basis: string;
  /** The zone the due time is shown in. */
  timeZone: string;
}

/** When an SLA that starts at `from` is due, on a calendar (undefined: none declared). Undefined for `bd` without a calendar. */
export function dueTime(sla: string, from: number, cal: Calendar | undefined): Due | undefined {
  const m = SLA.exec(sla);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!;
  if (unit === 'd' || unit === 'w') {
    const at = from + n * (unit === 'w' ? 7 : 1) * DAY;
    return { at, basis: 'calendar time', timeZone: cal?.timeZone ?? 'UTC' };
  }
  if (!cal) {
    if (unit === 'bd') return undefined;
    return { at: from + n * (unit === 'h' ? 3600e3 : 60e3), basis: 'calendar time (no business hours declared)', timeZone: 'UTC' };
  }
  const ms = unit === 'bd' ? n * businessDayMs(cal) : n * (unit === 'h' ? 3600e3 : 60e3);
  return { at: addWorking(cal, from, ms), basis: `business hours (${describeCalendar(cal)})`, timeZone: cal.timeZone };
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const DAY_NAME = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon-Fri 09:00-17:00 Europe/Berlin, 3 holidays". */
export function describeCalendar(cal: Calendar): string {
  const on = cal.days.map((b, i) => (b ? i : -1)).filter((i) => i >= 0);
  const contiguous = on.every((d, i) => i === 0 || d === on[i - 1]! + 1);
  const days = contiguous && on.length > 2 ? `${DAY_NAME[on[0]!]}-${DAY_NAME[on[on.length - 1]!]}` : on.map((i) => DAY_NAME[i]).join(',');
  const hol = cal.holidays.size ? `, ${cal.holidays.size} holiday${cal.holidays.size === 1 ? '' : 's'}` : '';
  return `${days} ${hhmm(cal.start)}-${hhmm(cal.end)} ${cal.timeZone}${hol}`;
}

/** "2026-12-01 10:40 (Mon) Europe/Berlin" */
export function formatLocal(ms: number, zone: string): string {
  const w = wallClock(ms, zone);
  const weekday = DAY_NAME[(new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay() + 6) % 7];
  return `${isoDate(w.y, w.mo, w.d)} ${hhmm(w.h * 60 + w.mi)} (${weekday}) ${zone}`;
}

/** ISO 8601 with the zone's offset: "2026-12-01T10:40:00+01:00". */
export function isoLocal(ms: number, zone: string): string {
  const w = wallClock(ms, zone);
  const off = Math.round(offsetAt(ms, zone) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${isoDate(w.y, w.mo, w.d)}T${hhmm(w.h * 60 + w.mi)}:${String(w.s).padStart(2, '0')}${sign}${hhmm(Math.floor(a / 60) * 60 + (a % 60))}`;
}
