import type { z } from 'zod';
import { DomainError } from '../services/domain-error.ts';
import { zodIssues } from './errors.ts';

/** Parses request input at the edge; failures become 400 VALIDATION_FAILED with every issue listed. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = zodIssues(result.error);
    throw new DomainError('VALIDATION_FAILED', `invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}
