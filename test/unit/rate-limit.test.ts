import express from 'express';
import request from 'supertest';
import { rateLimit } from '../../src/http/rate-limit';

describe('rate limit', () => {
  it('answers 429 problem+json past the limit and lets requests through in the next window', async () => {
    let now = 0;
    const app = express();
    app.use(rateLimit({ limit: 3, windowMs: 1000, now: () => now }));
    app.get('/', (_req, res) => {
      res.send('ok');
    });
    for (let i = 0; i < 3; i++) await request(app).get('/').expect(200);
    const refused = await request(app).get('/').expect(429);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body.code).toBe('rate_limited');
    expect(refused.headers['retry-after']).toBe('1');
    now = 1000;
    await request(app).get('/').expect(200);
  });
});
