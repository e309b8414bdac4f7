import type { Metadata } from 'next';
import { getQueueView } from '@/lib/ops/queueView';
import { QueueConsole } from '../../_components/QueueConsole';
import { pageAccess } from '../../_lib/pageAccess';

export const metadata: Metadata = { title: 'Ingest queue' };
export const dynamic = 'force-dynamic';

export default async function QueuePage() {
  const { user, allowed } = await pageAccess('admin', '/admin/queue');
  if (!allowed) {
    return (
      <section className="panel" role="alert">
        <h1>Ingest queue</h1>
        <p>Only admins may open the queue view; you are signed in as {user.email} ({user.role}).</p>
      </section>
    );
  }
  return <QueueConsole initial={await getQueueView()} />;
}
