import { z } from 'zod';

/** GET /api/v1/calendar/add-working-days: the n-th working day after `from` (China, with 调休). */
export const addWorkingDaysQuerySchema = z.strictObject({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'from: a date as YYYY-MM-DD'),
  days: z.string().regex(/^\d{1,4}$/, 'days: a whole number of working days, 0-9999').transform(Number),
});

export interface AddWorkingDaysResponse {
  date: string;
  /** A provisional calendar year was used (its holiday notice was not yet published when the data was made). */
  provisional: boolean;
}

export const addWorkingDaysResponseSchema = z.object({ date: z.string(), provisional: z.boolean() });
