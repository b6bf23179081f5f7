import { databaseUrl, loadConfig } from './src/config';
import { createDataSource } from './src/db/data-source';

/** The TypeORM DataSource for the CLI (migration:generate / migration:run). */
const config = loadConfig();
export default createDataSource({ url: databaseUrl(config), schema: config.DATABASE_SCHEMA });
