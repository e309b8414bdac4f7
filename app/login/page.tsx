import type { Metadata } from 'next';
import { LoginForm } from '../_components/LoginForm';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ [key: string]: string | string[] | undefined }>;
}) {
  const { next } = await searchParams;
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      {/* LoginForm checks `next` before following it. */}
      <LoginForm next={typeof next === 'string' ? next : undefined} />
    </section>
  );
}
