import type { Metadata } from 'next';
import Link from 'next/link';
import { listTokens } from '@/lib/admin/tokens';
import { listUsers } from '@/lib/admin/users';
import { listAudit } from '@/lib/audit/auditLog';
import { getResultsStatus } from '@/lib/results/resultsStatus';
import { AdminConsole } from '../_components/AdminConsole';
import { pageAccess } from '../_lib/pageAccess';

export const metadata: Metadata = { title: 'Admin' };
export const dynamic = 'force-dynamic';

export default async function AdminPage() {
  const { user, allowed } = await pageAccess('admin', '/admin');
  if (!allowed) {
    return (
      <section className="panel" role="alert">
        <h1>Admin</h1>
        <p>Only admins may open the admin console; you are signed in as {user.email} ({user.role}).</p>
      </section>
    );
  }
  const [users, tokens, audit, status] = await Promise.all([listUsers(), listTokens(), listAudit(50), getResultsStatus()]);
  return (
    <>
      <p>
        <Link href="/admin/queue">Ingest queue</Link> (jobs per state, failures, retry)
      </p>
      <AdminConsole me={user.id} initialUsers={users} initialTokens={tokens} initialAudit={audit} initialStatus={status.status} />
    </>
  );
}
