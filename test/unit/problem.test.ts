import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { NoReportSourceError } from '../../src/domain/reporting';
import { problemHandler } from '../../src/http/problem';
import { SignInThrottledError } from '../../src/services/sessions';

/** Regression: errors with their own codes used to fall through to 400. */
function appThrowing(err: Error) {
  const app = express();
  app.get('/x', () => {
    throw err;
  });
  app.use(problemHandler(pino({ level: 'silent' })));
  return request(app);
}

describe('problem+json status of service errors', () => {
  it('answers a report with nothing to read 404 no_plan', async () => {
    const res = await appThrowing(new NoReportSourceError('no_plan', 'no plan')).get('/x').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ status: 404, code: 'no_plan' });
  });

  it('answers too many sign-ins 429 with Retry-After', async () => {
    const res = await appThrowing(new SignInThrottledError(42)).get('/x').expect(429);
    expect(res.headers['retry-after']).toBe('42');
    expect(JSON.parse(res.text)).toMatchObject({ status: 429, code: 'rate_limited' });
  });
});
