# Callview production image: multi-stage build, standalone Next.js server, non-root user.
# docker build -t callview . && docker run -p 3000:3000 -e ALLO_API_KEY=… -e OIDC_ISSUER=… callview

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 (the notification store) compiles its native module when no prebuilt one fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 CALLVIEW_DATA_DIR=/data
RUN groupadd --system --gid 1001 callview && useradd --system --uid 1001 --gid callview callview \
  && mkdir -p /data && chown callview:callview /data
# The notification store (SQLite, WAL): webhook dedupe keys and the outbox survive restarts.
VOLUME ["/data"]
# The standalone bundle carries its own minimal node_modules, static assets, public/ and
# Callview's server (callview-server.mjs, prepared by npm run build).
COPY --from=build --chown=callview:callview /app/.next/standalone ./
USER callview
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# node as PID 1 receives SIGTERM directly: readiness turns 503, the server keeps serving for
# CALLVIEW_SHUTDOWN_GRACE_SECONDS, then finishes in-flight requests within
# CALLVIEW_SHUTDOWN_TIMEOUT_SECONDS and exits. Keep both under `docker stop -t` (10 s by default).
CMD ["node", "callview-server.mjs"]
