import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getSessionUser, SESSION_COOKIE } from '@/lib/auth/session';
import { SignOutButton } from '../_components/SignOutButton';
import { UploadForm } from '../_components/UploadForm';
import { UploadHistory } from '../_components/UploadHistory';
import { listUploads } from '@/lib/uploads/listUploads';

export const metadata: Metadata = { title: 'Upload' };
export const dynamic = 'force-dynamic';

export default async function UploadPage() {
  const user = await getSessionUser((await cookies()).get(SESSION_COOKIE)?.value);
  if (!user) redirect('/login?next=/upload');

  return (
    <section aria-labelledby="upload-title">
      <div className="page-head">
        <h1 id="upload-title">Upload results</h1>
        <p className="muted">
          Signed in as <strong>{user.email}</strong> · <SignOutButton />
        </p>
      </div>
      <UploadForm />
      <UploadHistory initial={await listUploads({ userId: user.role === 'admin' ? undefined : user.id })} canRetract={user.role === 'admin'} />
    </section>
  );
}
