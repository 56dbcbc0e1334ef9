import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Separate build folders let parallel work (or a benchmark build) not clobber `.next`.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // A self-contained server bundle for containers (see Dockerfile).
  output: "standalone",
  // The fake API's recordings are read from disk in demo mode; make sure traces include them.
  outputFileTracingIncludes: {
    "/api/items/[id]/recording": ["./lib/allo/fake/recordings/**/*"],
  },
};

export default nextConfig;
