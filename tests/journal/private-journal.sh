#!/usr/bin/env bash
# Runs a command next to a private systemd-journald, in a private mount namespace, so tests
# can read back what diplomatd logs without touching the machine's journal.
# Usage: unshare -m --propagation private tests/journal/private-journal.sh COMMAND...
set -euo pipefail
for d in /run/systemd/journal /run/log/journal /var/log/journal /usr/local/lib/systemd/catalog /var/lib/systemd/catalog; do
  mkdir -p "$d"
  mount -t tmpfs tmpfs "$d"
done
/lib/systemd/systemd-journald &
jpid=$!
trap 'kill -TERM $jpid; wait $jpid || true' EXIT
for _ in $(seq 500); do [ -S /run/systemd/journal/socket ] && break; sleep 0.01; done
[ -S /run/systemd/journal/socket ] || { echo "private journald did not start" >&2; exit 1; }
"$@"
