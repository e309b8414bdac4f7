import 'dotenv/config';
import { getEnv } from '../lib/env';
import { migrate } from '../lib/migrate';

const applied = await migrate(getEnv().DATABASE_URL);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
