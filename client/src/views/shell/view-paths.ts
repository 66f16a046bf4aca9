import { VIEWS, type View } from '../../../../shared/domain/capabilities.ts';

/** Where each view lives. `/` is nobody's view: it sends a person to the view of their role. */
export const VIEW_PATHS: Readonly<Record<View, string>> = {
  commander: '/commander',
  console: '/console',
  field: '/field',
  imports: '/imports',
  report: '/report',
  wall: '/wall',
  evaluation: '/evaluation',
  public: '/public',
};

/** The view a path opens (`/console/…` too); null for `/` and any path that names no view. */
export function viewAtPath(pathname: string): View | null {
  return VIEWS.find((view) => pathname === VIEW_PATHS[view] || pathname.startsWith(`${VIEW_PATHS[view]}/`)) ?? null;
}
