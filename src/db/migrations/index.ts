import { Init1795451576848 } from './1795451576848-Init';
import { GooglePushState1795600000000 } from './1795600000000-GooglePushState';
import { Sessions1795700000000 } from './1795700000000-Sessions';

/** Every migration, in order. Generated with `typeorm migration:generate`, then reviewed. */
export const MIGRATIONS = [Init1795451576848, GooglePushState1795600000000, Sessions1795700000000];
