#!/usr/bin/env bash
# Installs what the test suite needs and runs all of it.
# As root it also installs the Debian packages that the integration tests use as real
# components and oracles (sshd, iptables, nftables, named-checkzone, haproxy), and openssl for
# the self-signed SMTP certificates of the service tests.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(openssh-server openssh-client iptables nftables iproute2 bind9-utils haproxy procps systemd openssl)

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
fi

if [ -f package-lock.json ]; then
  npm ci --no-fund --no-audit >&2
else
  npm install --no-fund --no-audit >&2
fi
npm run build >&2
node scripts/gen-types.mjs --check
node scripts/gen-rule-index.mjs --check
npx tsc -p tsconfig.json --noEmit
npx vitest run "$@"
