#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test Baton.
# Idempotent and quick when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git clang-format
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libsqlite3-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libpwquality-dev cracklib-runtime  # password quality (a dictionary of guessable words)
  postgresql libpq-dev  # several nodes: the PostgreSQL store, and the throwaway server its tests start
  redis-server libhiredis-dev  # several nodes: the event bus (hiredis as the RESP codec only)
  nginx  # several nodes: the round-robin load balancer of the browser test
  libxapian-dev libopencc-dev libexpected-dev libgtest-dev
  libhowardhinnant-date-dev tzdata  # business hours: IANA time zones (the date library on the system's zoneinfo)
  clang-14 libclang-rt-14-dev  # the fuzz build (libFuzzer, tests/fuzz)
  chromium fonts-noto-cjk  # browser tests: Debian's Chromium, and fonts for the Chinese UI
  prometheus  # the /metrics test: promtool checks the output, a real Prometheus scrapes it
  libcurl4-openssl-dev  # e-mail follow-up: libcurl's SMTP client
  libcairo2-dev libfontconfig-dev libfreetype-dev  # the LINE rich-menu image: cairo draws it in Noto Sans CJK (fonts-noto-cjk)
  wordnet-base  # the built-in AI: English synonyms from WordNet (read in place, /usr/share/wordnet)
  python3-aiosmtpd  # e-mail follow-up tests: a real SMTP server as the sink
  libvips-dev  # uploaded pictures (src/media): decoded (JPEG, PNG, GIF, WebP, HEIC), turned upright, stripped, re-encoded
  clamav-daemon  # uploads are scanned by clamd (src/media/virus_scanner); its tests start a throwaway clamd
)
# Node.js and npm build the front ends; machines that already have them (any version >= 20)
# keep theirs.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The front ends' packages (esbuild, Preact, TypeScript, playwright-core; standardwebhooks for the
# webhook test's receiver), exactly as locked.
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
