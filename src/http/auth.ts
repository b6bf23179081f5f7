import type { NextFunction, Request, Response } from 'express';
import type { TokenService } from '../services/tokens';
import { sendProblem } from './problem';

/**
 * Resolves `Authorization: Bearer <token>` to an actor. A missing header leaves the request
 * anonymous (routes decide); a present but unknown or revoked token is refused outright.
 */
export function authenticate(tokens: TokenService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    if (!header) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      sendProblem(res, 401, 'unauthorized', 'the Authorization header must be "Bearer <token>"');
      return;
    }
    try {
      const actor = await tokens.authenticate(match[1]);
      if (!actor) {
        sendProblem(res, 401, 'unauthorized', 'the token is unknown or revoked');
        return;
      }
      req.actor = actor;
      next();
    } catch (err) {
      next(err);
    }
  };
}
