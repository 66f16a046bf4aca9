import { useEffect, useState } from 'react';
import type { CountySummary } from '../../../shared/domain/grid.ts';
import { getCounties } from '../api/rest.ts';
import { pageBoot } from '../api/page-boot.ts';

export interface CountiesState {
  counties: CountySummary[] | null;
  error: string | null;
}

export function useCounties(): CountiesState {
  // The page was served with them: no round trip before the map can frame the county.
  const [state, setState] = useState<CountiesState>(() => ({ counties: pageBoot()?.counties ?? null, error: null }));
  useEffect(() => {
    if (pageBoot()) return;
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
