#!/usr/bin/env bash
# Debian packages the project needs beyond Python: Chromium for the browser tests, CJK fonts so
# pages, screenshots and PDFs show Chinese glyphs, pango for WeasyPrint, and pg_dump/pg_restore
# for `gongkai backup`/`restore` on PostgreSQL (postgresql-client). texlive-lang-chinese brings
# FandolFang, the free 仿宋 face of the letters' PDF body (GB/T 9704 asks 仿宋_GB2312;
# fonts-cwtex-fs lacks 2379 GB2312 hanzi); scripts/fonts/ makes fontconfig see it. antiword, catdoc
# (catdoc, catppt) and unar (unar, lsar) read the .doc/.wps/.ppt and .rar/.7z attachments of a
# migrated site inside the bounded child process (ADR 0023). poppler-utils (pdftoppm) renders the
# annual report PDF to PNG in the layout tests. nodejs and npm install axe-core (package-lock.json), the
# accessibility check the browser tests run on every public page. wrk measures the pages against a bare
# Django view (bench/cache_miss.py, bench/search.py, bench/shared_cache.py).
set -euo pipefail
# Extra package names may be given as arguments.
packages=(chromium fonts-noto-cjk fonts-ukij-uyghur texlive-lang-chinese libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 postgresql-client antiword catdoc unar poppler-utils wrk "$@")
# Node may come from elsewhere (nodesource, nvm): only a machine without node and npm needs Debian's.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then packages+=(nodejs npm); fi
here="$(cd "$(dirname "$0")" && pwd)"
install_fontconfig() {
  local target=/etc/fonts/conf.d/65-gongkai-fandol.conf
  cmp -s "$here/fonts/65-gongkai-fandol.conf" "$target" 2>/dev/null && return 0
  ${SUDO:-} install -m 0644 "$here/fonts/65-gongkai-fandol.conf" "$target" && ${SUDO:-} fc-cache -f >/dev/null
}
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  install_fontconfig
  exit 0
fi
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "缺少系统软件包：${missing[*]}。请以 root 身份运行：apt-get install -y ${missing[*]}" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_fontconfig
