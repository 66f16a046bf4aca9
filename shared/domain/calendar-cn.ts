/**
 * The bundled national working-day calendar, validated when first imported: bad data fails at
 * start-up with the list of problems instead of producing a wrong deadline later.
 */
import raw from '../../data/calendar/cn-2025-2027.json' with { type: 'json' };
import type { WorkCalendar } from './calendar.ts';
import { parseWorkCalendar } from './calendar-schema.ts';

function load(): WorkCalendar {
  const parsed = parseWorkCalendar(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.calendar;
}

export const CN_WORK_CALENDAR: WorkCalendar = load();
