import { Router } from 'express';
import { addWorkingDays, type WorkCalendar } from '../../shared/domain/calendar.ts';
import { addWorkingDaysQuerySchema, addWorkingDaysResponseSchema, type AddWorkingDaysResponse } from '../../shared/protocol/calendar.ts';
import { DomainError } from '../services/domain-error.ts';
import type { OperationDoc } from './api-docs.ts';
import { parse } from './validate.ts';

/** The working-day calendar (public: it is the State Council's published schedule, nothing of ours). */
export function calendarRoutes(calendar: WorkCalendar): Router {
  const router = Router();
  router.get('/calendar/add-working-days', (req, res) => {
    const q = parse(addWorkingDaysQuerySchema, req.query, 'query');
    const result = addWorkingDays(q.from, q.days, calendar);
    if (!result.ok) throw new DomainError(result.code, result.message);
    const body: AddWorkingDaysResponse = { date: result.value, provisional: result.provisional };
    res.json(body);
  });
  return router;
}

export const calendarOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/calendar/add-working-days',
    summary: 'The n-th working day after a date (mainland China: public holidays and 调休 make-up days, 2025–2027)',
    tags: ['calendar'],
    query: addWorkingDaysQuerySchema,
    responses: {
      200: { description: 'the date', schema: addWorkingDaysResponseSchema },
      400: { description: 'VALIDATION_FAILED or INVALID_DATE (not a real date)' },
      422: { description: 'OUTSIDE_CALENDAR (a year the calendar does not cover)' },
    },
  },
];
