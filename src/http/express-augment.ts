import type { Actor } from '../domain/actor';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The authenticated caller, set by the auth middleware (absent when anonymous). */
      actor?: Actor;
      /** Set when the caller was authenticated by the session cookie rather than a bearer token. */
      session?: { id: string; csrfToken: string; expiresAt: Date; absoluteExpiresAt: Date };
      requestId?: string;
    }
  }
}

export {};
