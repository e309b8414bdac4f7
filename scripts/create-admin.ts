// Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD if it does not exist (npm start does this itself).
import 'dotenv/config';
import { ensureAdmin } from '../lib/auth/ensureAdmin';
import { disconnectPrisma } from '../lib/db';
import { getEnv } from '../lib/env';

const env = getEnv();
const r = await ensureAdmin(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
console.log(r.created ? `created admin ${env.ADMIN_EMAIL}${r.password ? ` with password ${r.password} (shown once)` : ''}` : `admin ${env.ADMIN_EMAIL} exists`);
await disconnectPrisma();
