import { area } from './area.ts';

/** Routing: flags and reasons the router gives (by stable code). */
export const reasonsMessages = area(
  {
    flagBoundaryReview: '边界复核',
    flagNeedsClassification: '待分类',
    flagSnappedToNearest: '就近归属',
    flagUnrouted: '未落入网格',
  },
  {
    flagBoundaryReview: 'Boundary review',
    flagNeedsClassification: 'Needs classification',
    flagSnappedToNearest: 'Snapped to nearest',
    flagUnrouted: 'Outside all grids',
  },
);
