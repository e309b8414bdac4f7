// Served by server.ts (custom server with Socket.IO), so no standalone output.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // A second build beside the usual one (e.g. a benchmark while tests use .next); default .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // Server-only packages that must not be bundled (native bits, dynamic requires).
  serverExternalPackages: ['pg', 'ioredis', 'bullmq', 'pino', 'yauzl', 'busboy', 'csv-parse'],
  // Server bundles stay readable: stack traces in logs and CPU profiles name our functions. Nothing is downloaded.
  webpack: (config, { isServer }) => {
    if (isServer) config.optimization.minimize = false;
    return config;
  },
};

export default nextConfig;
