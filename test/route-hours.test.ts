// Business hours and SLA due times: weekends, holidays, daylight-saving changes, and the
// arithmetic's laws as properties (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorking,
  type Calendar,
  dueTime,
  instantOf,
  isCalendar,
  isoLocal,
  isTimeZone,
  makeCalendar,
  workingPeriods,
} from '../src/route/hours.js';

function cal(decl: Parameters<typeof makeCalendar>[0]): Calendar {
  const c = makeCalendar(decl);
  if (!isCalendar(c)) throw new Error(JSON.stringify(c.problems));
  return c;
}

const berlin = cal({
  timeZone: 'Europe/Berlin',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '17:00',
  holidays: ['2026-12-25'],
});
const newYork = cal({ timeZone: 'America/New_York', start: '09:00', end: '18:00' });
const t = (iso: string): number => Date.parse(iso);
const utc = (ms: number): string => new Date(ms).toISOString();

describe('business hours', () => {
  it('counts hours inside the working day', () => {
    // Monday 10:00 Berlin (CET, +01:00) is 09:00Z; 4h later is 14:00 Berlin
    expect(utc(dueTime('4h', t('2026-11-30T09:00:00Z'), berlin)!.at)).toBe('2026-11-30T13:00:00.000Z');
  });

  it('carries what is left of a Friday over the weekend to Monday', () => {
    // Friday 16:00 Berlin: one hour on Friday, three on Monday from 09:00 -> Monday 12:00 Berlin (11:00Z)
    expect(utc(dueTime('4h', t('2026-12-04T15:00:00Z'), berlin)!.at)).toBe('2026-12-07T11:00:00.000Z');
  });

  it('starts the clock at the next opening when a record arrives out of hours', () => {
    // Saturday: the clock starts Monday 09:00 Berlin; 15m -> 09:15 Berlin = 08:15Z
    expect(utc(dueTime('15m', t('2026-12-05T12:00:00Z'), berlin)!.at)).toBe('2026-12-07T08:15:00.000Z');
  });

  it('skips holidays', () => {
    // Thursday 24 Dec 16:00 Berlin, 2h: one hour on the 24th, the 25th is a holiday, one hour on Monday the 28th
    // (Saturday and Sunday in between) -> 28 Dec 10:00 Berlin = 09:00Z
    expect(utc(dueTime('2h', t('2026-12-24T15:00:00Z'), berlin)!.at)).toBe('2026-12-28T09:00:00.000Z');
  });

  it('counts a business day as one working day of working time', () => {
    // 1bd = 8 working hours: Monday 16:40 Berlin -> Tuesday 16:40 Berlin
    expect(isoLocal(dueTime('1bd', t('2026-11-30T15:40:00Z'), berlin)!.at, 'Europe/Berlin')).toBe('2026-12-01T16:40:00+01:00');
  });

  it('follows a daylight-saving change (Europe/Berlin, 29 March 2026: 02:00 -> 03:00)', () => {
    // Friday 27 March 16:00 CET (15:00Z), 2h: 1h Friday, 1h Monday 30 March from 09:00 CEST (+02:00) -> 10:00 CEST = 08:00Z
    expect(utc(dueTime('2h', t('2026-03-27T15:00:00Z'), berlin)!.at)).toBe('2026-03-30T08:00:00.000Z');
    // a 24/7 calendar across the jump: 23 wall-clock hours make one local day
    const always = cal({
      timeZone: 'Europe/Berlin',
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      start: '00:00',
      end: '23:59',
    });
    expect(instantOf(2026, 3, 29, 3 * 60, 'Europe/Berlin') - instantOf(2026, 3, 29, 60, 'Europe/Berlin')).toBe(3600e3);
    expect(workingPeriods(always, t('2026-03-29T00:00:00Z')).next().value).toEqual([t('2026-03-28T23:00:00Z'), t('2026-03-29T21:59:00Z')]);
  });

  it('follows the autumn change in New York (1 November 2026: 02:00 -> 01:00)', () => {
    // Friday 30 Oct 17:00 EDT (21:00Z), 2h: 1h Friday, 1h Monday 2 Nov from 09:00 EST (14:00Z) -> 15:00Z
    expect(utc(dueTime('2h', t('2026-10-30T21:00:00Z'), newYork)!.at)).toBe('2026-11-02T15:00:00.000Z');
  });

  it('counts days and weeks as calendar time, and bd not at all without business hours', () => {
    expect(utc(dueTime('2d', t('2026-12-04T15:00:00Z'), berlin)!.at)).toBe('2026-12-06T15:00:00.000Z');
    expect(dueTime('1bd', t('2026-12-04T15:00:00Z'), undefined)).toBeUndefined();
    expect(utc(dueTime('4h', t('2026-12-05T15:00:00Z'), undefined)!.at)).toBe('2026-12-05T19:00:00.000Z');
  });

  it('names what is wrong with a declaration', () => {
    const bad = makeCalendar({ timeZone: 'Europe/Berln', start: '18:00', end: '09:00', holidays: ['25.12.2026'] });
    expect(isCalendar(bad)).toBe(false);
    const keys = (bad as { problems: { key: string }[] }).problems.map((p) => p.key);
    expect(keys).toEqual(['timeZone', 'end', 'holidays']);
  });

  it('names a value of the wrong type as a problem instead of throwing (the schema may have rejected it already)', () => {
    const wrong = [
      { days: 42 },
      { days: 'mon' },
      { holidays: 0 },
      { holidays: [20261225] },
      { timeZone: 7 },
      { start: 900 },
      { end: false },
    ] as unknown as Parameters<typeof makeCalendar>[0][];
    for (const decl of wrong) {
      const made = makeCalendar(decl);
      expect(isCalendar(made), JSON.stringify(decl)).toBe(false);
      const problems = (made as { problems: { key: string; message: string }[] }).problems;
      expect(problems.map((p) => p.key)).toEqual([Object.keys(decl)[0]]);
      expect(problems[0]!.message).toMatch(/must be (text|a list of text)|is not a date/);
    }
    // null is "nothing declared": every key takes its default
    expect(isCalendar(makeCalendar(null as unknown as Parameters<typeof makeCalendar>[0]))).toBe(true);
  });
});

describe('business-hours arithmetic (properties)', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'];
  const calendarArb = fc
    .record({
      zone: fc.constantFrom(...zones),
      start: fc.integer({ min: 0, max: 20 * 60 }),
      length: fc.integer({ min: 30, max: 4 * 60 }),
      days: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], { minLength: 1 }),
      holidays: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 6 }),
    })
    .map(({ zone, start, length, days, holidays }) => {
      const hh = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const dates = holidays.map((d) => new Date(t('2026-01-01T00:00:00Z') + d * 86400e3).toISOString().slice(0, 10));
      return cal({
        timeZone: zone,
        start: hh(start),
        end: hh(Math.min(start + length, 23 * 60 + 59)),
        days,
        holidays: [...new Set(dates)],
      });
    });
  const instant = fc.integer({ min: t('2026-01-01T00:00:00Z'), max: t('2026-12-31T00:00:00Z') });
  const minutes = fc.integer({ min: 1, max: 3000 }).map((m) => m * 60_000);

  it('never puts a due time inside a closed period, and never before the start', () => {
    fc.assert(
      fc.property(calendarArb, instant, minutes, (c, from, ms) => {
        const due = addWorking(c, from, ms);
        expect(due).toBeGreaterThan(from);
        const inOpen = [...take(workingPeriods(c, due - 86400e3 * 2), 8)].some(([o, cl]) => o < due && due <= cl);
        expect(inOpen).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('adding a then b is adding a + b', () => {
    fc.assert(
      fc.property(calendarArb, instant, minutes, minutes, (c, from, a, b) => {
        expect(addWorking(c, addWorking(c, from, a), b)).toBe(addWorking(c, from, a + b));
      }),
      { numRuns: 150 },
    );
  });

  it('counts exactly the working time asked for', () => {
    fc.assert(
      fc.property(calendarArb, instant, minutes, (c, from, ms) => {
        const due = addWorking(c, from, ms);
        let counted = 0;
        for (const [o, cl] of workingPeriods(c, from)) {
          if (o >= due) break;
          counted += Math.max(0, Math.min(cl, due) - Math.max(o, from));
        }
        expect(counted).toBe(ms);
      }),
      { numRuns: 150 },
    );
  });
});

function* take<T>(it: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  for (const x of it) {
    if (i++ >= n) return;
    yield x;
  }
}

describe('isTimeZone answers as ICU does, without starting ICU for UTC and fixed offsets', () => {
  it('agrees with Intl.DateTimeFormat on UTC names, Etc/GMT offsets and wrong names', () => {
    const icu = (z: string): boolean => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: z });
        return true;
      } catch {
        return false;
      }
    };
    const names = [
      ...['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'UCT', 'Etc/UCT', 'Zulu', 'Etc/Zulu', 'Universal', 'Etc/Universal'],
      ...['Greenwich', 'Etc/Greenwich', 'GMT0', 'Etc/GMT0', 'GMT+0', 'GMT-0', 'Etc/GMT+0', 'Etc/GMT-0'],
      ...Array.from({ length: 31 }, (_, i) => i - 15).flatMap((n) => [`Etc/GMT${n < 0 ? n : `+${n}`}`]),
      ...['Europe/Berlin', 'America/New_York', 'US/Eastern', 'Mars/Olympus', 'utc', 'Etc/GMT+05', ''],
    ];
    for (const z of names) expect(isTimeZone(z), z).toBe(icu(z));
  });
});
