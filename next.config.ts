import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Separate build folders let parallel work (or a benchmark build) not clobber `.next`.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // Most visits are one item page opened from a notification, so its first load matters more
  // than code shared with a next page: fewer, larger chunks compress better (about 2 KB less
  // on a call page; the bare page is unchanged). docs/decisions/0014-chunks-for-a-landing-page.md
  experimental: { turbopackChunking: { minChunkSize: 200_000 } },
  // A self-contained server bundle for containers (see Dockerfile).
  output: "standalone",
  // The fake API's recordings are read from disk in demo mode; make sure traces include them.
  outputFileTracingIncludes: {
    "/api/items/[id]/recording": ["./lib/allo/fake/recordings/**/*"],
  },
};

export default nextConfig;
