import { describe, expect, it } from 'vitest';
import { VIEWS } from '../../../../shared/domain/capabilities.ts';
import { VIEW_PATHS, viewAtPath } from './view-paths.ts';

describe('view paths', () => {
  it('finds each view at its path and below it, and no view at / or an unknown path', () => {
    for (const view of VIEWS) {
      expect(viewAtPath(VIEW_PATHS[view])).toBe(view);
      expect(viewAtPath(`${VIEW_PATHS[view]}/case/1`)).toBe(view);
    }
    expect(viewAtPath('/')).toBeNull();
    expect(viewAtPath('/wallpaper')).toBeNull();
    expect(viewAtPath('/nowhere')).toBeNull();
  });
});
