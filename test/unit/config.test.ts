import { ConfigError, databaseUrl, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('applies defaults and uses the embedded database when DATABASE_URL is unset', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(databaseUrl(config)).toBe('postgres://postgres:postgres@127.0.0.1:54329/postgres');
  });

  it('defaults the public base URL to the port it listens on, and drops a trailing slash', () => {
    expect(loadConfig({}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '3111' }).PUBLIC_BASE_URL).toBe('http://localhost:3111');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://rota.example/' }).PUBLIC_BASE_URL).toBe(
      'https://rota.example',
    );
  });

  it('stops with a message naming every wrong variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', ORG_TIME_ZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('ORG_TIME_ZONE');
    expect(message).toContain('DATABASE_URL');
  });
});
