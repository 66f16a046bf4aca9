import { area } from './area.ts';

/** Case procedure steps (township-held cases, statutory clocks, referrals). */
export const procedureMessages = area(
  {},
  {},
);
