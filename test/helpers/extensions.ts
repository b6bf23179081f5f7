import { ALL_EXTENSIONS } from '../../src/http/extensions';

/** Every optional router of the app, as `main.ts` mounts them, so route-walking tests see the whole API. */
export const allExtensions = ALL_EXTENSIONS;
