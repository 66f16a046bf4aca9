import { useEffect, useState } from 'react';
import type { CountySummary } from '../../../shared/domain/grid.ts';
import { getCounties } from '../api/rest.ts';

export interface CountiesState {
  counties: CountySummary[] | null;
  error: string | null;
}

export function useCounties(): CountiesState {
  const [state, setState] = useState<CountiesState>({ counties: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    getCounties(controller.signal)
      .then((counties) => setState({ counties, error: null }))
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setState({ counties: null, error: cause instanceof Error ? cause.message : String(cause) });
      });
    return () => controller.abort();
  }, []);
  return state;
}
