// npm start: the whole system (migrations, first admin, web node + worker). See scripts/runSystem.ts.
import 'dotenv/config';
import { runSystem } from './runSystem';

await runSystem();
