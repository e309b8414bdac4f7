// npm run verify: recompute the tallies from the stored raw rows and report any difference (exit 1 if any).
import 'dotenv/config';
import { disconnectPrisma } from '../lib/db';
import { verifyTallies } from '../lib/tally/verifyTallies';

const report = await verifyTallies();
await disconnectPrisma();
if (report.ok) {
  console.log(`ok: tallies at version ${report.version} equal the stored rows (${report.tallyVotes} votes)`);
} else {
  console.log(`MISMATCH at version ${report.version}: tallies ${report.tallyVotes} votes, stored rows ${report.recordVotes}`);
  for (const d of report.differences) {
    console.log(`  ${[d.region, d.province, d.district, d.candidate, d.status].join(' / ')}: tally ${d.tally}, rows ${d.records}`);
  }
  process.exitCode = 1;
}
