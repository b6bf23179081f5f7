import { startRuntime } from '../runtime';
import { seedIfEmpty } from '../services/seed';

/** `npm run seed [-- --reset]`: seeds the demo organisation; --reset wipes everything first. */
async function run(): Promise<void> {
  const reset = process.argv.includes('--reset');
  const rt = await startRuntime();
  try {
    const seeded = await seedIfEmpty(rt.db, { reset });
    if (!seeded) {
      console.log('The database already has an organisation; use --reset to wipe and reseed.');
      return;
    }
    console.log('Demo organisation seeded. API tokens:');
    for (const t of seeded.tokens) console.log(`  ${t.role.padEnd(9)} ${t.email.padEnd(36)} ${t.token}`);
  } finally {
    await rt.close();
  }
}

run().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
