import { calendarRoutes } from './calendars';
import { planRoutes } from './plans';
import { reportRoutes } from './reports';
import { rosterRoutes } from './rosters';
import { uiRoutes } from './ui';

/** Every router beyond the core resources, as the service mounts them. */
export const ALL_EXTENSIONS = [planRoutes, rosterRoutes, calendarRoutes, reportRoutes, uiRoutes];
