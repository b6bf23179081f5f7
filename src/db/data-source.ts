import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  url: string;
  /** PostgreSQL schema holding Rota's tables (tests use one per file). */
  schema?: string;
  poolSize?: number;
}

/** The one way Rota builds its TypeORM DataSource: migrations, never synchronize. */
export function createDataSource({ url, schema = 'public', poolSize = 10 }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    schema,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'rota_migrations',
    synchronize: false,
    logging: false,
    extra: {
      max: poolSize,
      // Every connection sees Rota's schema first, then public (for uuid-ossp).
      options: `-c search_path=${schema},public`,
      connectionTimeoutMillis: 5000,
    },
  });
}
