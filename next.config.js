// Served by server.ts (custom server with Socket.IO), so no standalone output.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages that must not be bundled (native bits, dynamic requires).
  serverExternalPackages: ['pg', 'ioredis', 'bullmq', 'pino', 'yauzl', 'saxes', 'busboy', 'csv-parse'],
};

export default nextConfig;
