import { area } from './area.ts';

/** Errors the server answers with (by stable code) and the client's own. */
export const errorsMessages = area(
  {},
  {},
);
