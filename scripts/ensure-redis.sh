#!/usr/bin/env bash
# Makes sure `redis-server` exists for the tests, which start their own throwaway instances on
# 127.0.0.1 with ephemeral ports (tests/support/redis-server.ts). Installs Debian's package when
# missing and we are root on Debian (as CI is).
#
# Installing the package must not leave a system Redis running on 6379: nothing should talk to
# it by accident. A policy-rc.d that answers 101 ("action forbidden") stops the package's
# scripts from starting the service; if one is running anyway (systemd started it), it is
# stopped and disabled. A Redis that was already installed is left exactly as it was.
set -euo pipefail

binary="${REDIS_SERVER_PATH:-redis-server}"
if command -v "$binary" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "redis-server not found: installing Debian's redis-server package (its service is not started)..."
  export DEBIAN_FRONTEND=noninteractive
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Written by scripts/ensure-redis.sh for the length of one install.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=1
  fi
  cleanup() { if [ "$created_policy" = "1" ]; then rm -f "$policy"; fi; }
  trap cleanup EXIT
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  cleanup
  trap - EXIT

  # Belt and braces: no system Redis may stay up, nor come up at the next boot.
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now redis-server >/dev/null 2>&1 || true
  elif command -v update-rc.d >/dev/null 2>&1; then
    update-rc.d redis-server disable >/dev/null 2>&1 || true
  fi
  if [ -f /run/redis/redis-server.pid ]; then
    kill "$(cat /run/redis/redis-server.pid)" 2>/dev/null || true
  fi
  if command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "warning: something still answers PING on 127.0.0.1:6379; the tests do not use it." >&2
  fi
  command -v "$binary" >/dev/null 2>&1 && exit 0
fi
echo "error: redis-server not found. Install Debian's 'redis-server' package" >&2
echo "       (apt-get install -y --no-install-recommends redis-server, then stop its service)" >&2
echo "       or set REDIS_SERVER_PATH to a redis-server 7 binary. The tests start their own instances." >&2
exit 1
