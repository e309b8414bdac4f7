import type { Metadata } from 'next';
import { pageAccess } from '../_lib/pageAccess';
import { SignOutButton } from '../_components/SignOutButton';
import { UploadForm } from '../_components/UploadForm';
import { UploadHistory } from '../_components/UploadHistory';
import { listUploads } from '@/lib/uploads/listUploads';

export const metadata: Metadata = { title: 'Upload' };
export const dynamic = 'force-dynamic';

export default async function UploadPage() {
  const { user, allowed } = await pageAccess('uploader', '/upload');
  if (!allowed) {
    return (
      <section className="panel" role="alert">
        <h1>Upload results</h1>
        <p>Your account ({user.email}) may view results but not upload. Ask an admin for the uploader role.</p>
      </section>
    );
  }

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
