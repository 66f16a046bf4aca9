import { Router, json } from 'express';
import { reportInputSchema } from '../../shared/protocol/reports.ts';
import type { IntakeService } from '../services/intake-service.ts';
import { DomainError } from '../services/domain-error.ts';
import { requireJson } from './require-json.ts';
import { parse } from './validate.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function reportsRoutes(intake: IntakeService): Router {
  const router = Router();
  router.post('/reports', requireJson, json({ limit: '32kb', strict: true }), async (req, res) => {
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new DomainError('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-200 visible ASCII characters');
    }
    const input = parse(reportInputSchema, req.body, 'report');
    const result = await intake.submit(input, key);
    res.status(result.status).json(result.body);
  });
  return router;
}
