// npm run token -- --email <user> [--name <label>]: prints a new API token for an existing user.
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { createApiToken } from '../lib/auth/apiToken';
import { disconnectPrisma, getPrisma } from '../lib/db';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string', default: 'cli' } } });
if (!values.email) {
  console.error('usage: npm run token -- --email <user> [--name <label>]');
  process.exit(2);
}
const user = await getPrisma().user.findUnique({ where: { email: values.email.trim().toLowerCase() } });
if (!user) {
  console.error(`no user with email ${values.email}`);
  await disconnectPrisma();
  process.exit(1);
}
const { token } = await createApiToken(user.id, values.name);
console.log(token);
await disconnectPrisma();
