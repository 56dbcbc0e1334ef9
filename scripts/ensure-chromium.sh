#!/usr/bin/env bash
# Makes sure a Chromium for Playwright exists. Playwright never downloads browsers here:
# we use Debian's package. Installs it when missing and we are root on Debian (as CI is).
set -euo pipefail

path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found at $path: installing Debian's chromium package..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  [ -x "$path" ] && exit 0
fi
echo "error: no Chromium at $path. Install Debian's 'chromium' package (apt-get install -y chromium)" >&2
echo "       or set CHROMIUM_PATH to a Chromium/Chrome binary." >&2
exit 1
