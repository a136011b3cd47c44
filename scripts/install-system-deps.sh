#!/usr/bin/env bash
# Debian packages the project needs beyond Python: Chromium for the browser tests, CJK fonts so
# pages, screenshots and PDFs show Chinese glyphs, pango for WeasyPrint, and pg_dump/pg_restore
# for `gongkai backup`/`restore` on PostgreSQL (postgresql-client).
set -euo pipefail
# Extra package names may be given as arguments (`make bench` adds wrk).
packages=(chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 postgresql-client "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "缺少系统软件包：${missing[*]}。请以 root 身份运行：apt-get install -y ${missing[*]}" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
