import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '../_components/ChangePasswordForm';
import { pageUser } from '../_lib/pageAccess';

export const metadata: Metadata = { title: 'Account' };
export const dynamic = 'force-dynamic';

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const user = await pageUser();
  const { next } = await searchParams;
  if (!user) redirect('/login?next=/account');
  return (
    <section className="narrow" aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <p className="muted">
        {user.email} · role {user.role}
      </p>
      {user.mustChangePassword && (
        <p className="panel" role="status">
          Choose your own password before going on: this one was set by an admin.
        </p>
      )}
      <ChangePasswordForm next={next} />
    </section>
  );
}
