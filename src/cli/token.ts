import { UserEntity } from '../db/entities';
import { startRuntime } from '../runtime';
import { TokenService } from '../services/tokens';

/** `npm run token -- --user <email or id> [--label text]`: issues an API token and prints it once. */
async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const who = arg('--user');
  if (!who) {
    console.error('usage: npm run token -- --user <email or id> [--label text]');
    process.exit(2);
  }
  const rt = await startRuntime();
  try {
    const isId = /^[0-9a-f-]{36}$/i.test(who);
    const user = await rt.db
      .getRepository(UserEntity)
      .findOne({ where: isId ? { id: who } : { email: who } });
    if (!user) throw new Error(`no user ${who}`);
    const issued = await new TokenService(rt.db).issue(null, user.id, arg('--label') ?? 'cli');
    console.log(issued.token);
  } finally {
    await rt.close();
  }
}

run().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
