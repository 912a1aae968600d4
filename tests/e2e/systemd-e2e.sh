#!/usr/bin/env bash
# diplomatd under a real systemd: boots this machine's own OS as a throwaway systemd-nspawn
# container, installs diplomatd into it with `make install` (PREFIX=/usr/local, bound into the
# container), and drives it with systemctl, journalctl and diplomatctl as an operator would.
# Needs root and systemd-container. Prints one line per check and the wall time.
set -euo pipefail
# Note: no `grep -q` after a pipe here: it exits at the first match, and with pipefail the
# writer's SIGPIPE would fail the pipeline at random.
cd "$(dirname "$0")/../.."
ROOT=$PWD
T0=$(date +%s%N)
el() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '[%d.%03ds] ' $((ms / 1000)) $((ms % 1000)); }
ok() { el; echo "ok   $*"; }
die() { el; echo "FAIL $*"; [ -n "${L:-}" ] && C journalctl --no-pager -n 60 -u diplomatd.service -u diplomatd.socket 2>/dev/null | sed 's/^/   | /'; exit 1; }

[ "$(id -u)" -eq 0 ] || { echo "e2e: needs root (systemd-nspawn)"; exit 1; }
command -v systemd-nspawn >/dev/null || { echo "e2e: needs systemd-nspawn (apt-get install systemd-container)"; exit 1; }

W=$(mktemp -d /tmp/diplomatd-e2e.XXXXXX)
chmod 755 "$W"
NS=""
cleanup() {
  if [ -n "$NS" ] && kill -0 "$NS" 2>/dev/null; then
    kill -TERM "$NS"
    for _ in $(seq 100); do kill -0 "$NS" 2>/dev/null || break; sleep 0.05; done
    kill -0 "$NS" 2>/dev/null && { kill -TERM "$NS"; sleep 0.5; kill -KILL "$NS" 2>/dev/null || true; }
    wait "$NS" 2>/dev/null || true
  fi
  rm -rf "$W"
}
trap cleanup EXIT

# ---- make install into a staging root that becomes the container's /usr/local and /etc/diplomatd
make --no-print-directory install DESTDIR="$W/root" PREFIX=/usr/local SYSCONFDIR=/etc >"$W/install.log" 2>&1 || { cat "$W/install.log"; die "make install"; }
ok "make install DESTDIR=… PREFIX=/usr/local"

# ---- boot
leader_of() {
  local ns=$1 c n me; me=$(readlink /proc/self/ns/pid)
  for c in $(cat /proc/$ns/task/*/children 2>/dev/null); do
    n=$(readlink /proc/$c/ns/pid 2>/dev/null) || continue
    [ -n "$n" ] && [ "$n" != "$me" ] && { echo $c; return 0; }
  done
  return 1
}
NAME=diplomatd-e2e-$$
systemd-nspawn --directory=/ --volatile=yes -M "$NAME" --register=no --keep-unit --console=pipe -q \
  --bind-ro="$W/root/usr/local":/usr/local --bind="$W/root/etc/diplomatd":/etc/diplomatd \
  -b systemd.unit=basic.target systemd.mask=systemd-firstboot.service </dev/null >"$W/nspawn.log" 2>&1 &
NS=$!
L=""
for _ in $(seq 300); do L=$(leader_of $NS) && break; sleep 0.02; done
[ -n "$L" ] || die "container did not start: $(cat "$W/nspawn.log")"
C() { nsenter -t "$L" -a "$@"; }
for _ in $(seq 400); do
  st=$(timeout 30 nsenter -t "$L" -a systemctl is-system-running --wait 2>/dev/null) || true
  case "$st" in running|degraded) break ;; esac
  sleep 0.05
done
case "$st" in running|degraded) ok "container booted ($st)" ;; *) die "boot did not finish ($st)" ;; esac

# ---- what a package's post-install does
C systemd-sysusers >/dev/null
C systemd-tmpfiles --create /usr/local/lib/tmpfiles.d/diplomatd.conf
C journalctl --update-catalog
C systemctl daemon-reload
C getent group diplomat-admin >/dev/null || die "sysusers did not create diplomat-admin"
[ "$(C stat -c %U:%G /var/lib/diplomatd)" = diplomat:diplomat ] || die "tmpfiles: /var/lib/diplomatd"
ok "sysusers, tmpfiles, catalog, daemon-reload"

# ---- the unit files as systemd sees them
# The container's /etc is empty (volatile), so man(1) has no configuration there: check the
# Documentation= pages on the host's man instead, and let verify skip them.
verify=$(C systemd-analyze verify --man=no /usr/local/lib/systemd/system/diplomatd.socket /usr/local/lib/systemd/system/diplomatd.service 2>&1) || die "systemd-analyze verify failed: $verify"
[ -z "$verify" ] || die "systemd-analyze verify printed: $verify"
for page in diplomatd.8 diplomatctl.1 diplomatctl.upcoming.1; do
  man -M "$W/root/usr/local/share/man" -w "${page%.*}" >/dev/null 2>&1 || die "man page $page not installed"
done
ok "systemd-analyze verify: no output; man pages diplomatd(8), diplomatctl(1) and per command installed"
score=$(C systemd-analyze security --offline=true /usr/local/lib/systemd/system/diplomatd.service 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
[ -n "$score" ] || die "no security score"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || die "exposure $score > 2.0"
ok "systemd-analyze security --offline=true: exposure $score"

# ---- socket activation: the first client starts the service
C systemctl enable --now diplomatd.socket 2>/dev/null
[ "$(C systemctl is-active diplomatd.service || true)" = inactive ] || die "service should wait for a client"
[ "$(C stat -c '%a %U:%G' /run/diplomatd/diplomatd.sock)" = "660 root:diplomat" ] || die "socket mode/owner: $(C stat -c '%a %U:%G' /run/diplomatd/diplomatd.sock)"
out=$(C /usr/local/bin/diplomatctl --json status) || die "diplomatctl status (default socket path) failed"
echo "$out" | python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["events"] == 7 and s["socket"] == "/run/diplomatd/diplomatd.sock", s'
[ "$(C systemctl is-active diplomatd.service)" = active ] || die "service not active after the first client"
ok "diplomatd.socket active; diplomatctl status activated diplomatd.service (7 events)"
C /usr/local/bin/diplomatctl timeline | grep -c "LAPSED (was possible)" >/dev/null || die "timeline on the live clock should show the lapsed trilateral"
status=$(C systemctl show -p StatusText --value diplomatd.service)
case "$status" in "Tracking 7 events, 1 upcoming; next: "*) ok "StatusText: $status" ;; *) die "StatusText='$status'" ;; esac
[ "$(C systemctl show -p User --value diplomatd.service)" = diplomat ] || die "not running as diplomat"
[ "$(C ps -o user= -p "$(C systemctl show -p MainPID --value diplomatd.service)" | tr -d ' ')" = diplomat ] || die "process user"
ok "runs as user diplomat under the sandbox"

# ---- journal entries with fields
C journalctl --sync
C journalctl -u diplomatd.service -o json --no-pager MESSAGE_ID=f0bba23ca9f140a1b5f4f72343290642 | python3 -c '
import json, sys
e = json.loads(sys.stdin.readline())
assert e["_SYSTEMD_UNIT"] == "diplomatd.service" and e["PRIORITY"] == "5" and e["DIPLOMAT_SOCKET"] == "/run/diplomatd/diplomatd.sock", e
' || die "no started entry with fields from diplomatd.service"
C journalctl -u diplomatd.service -o json --no-pager DIPLOMAT_DOCUMENT=000_a003daa45f487b93 | grep -c ae847cca4a4d409899cf5f49e56c0eea >/dev/null || die "document ingested entry"
C journalctl -x -u diplomatd.service --no-pager | grep -c "accepts Varlink clients on /run/diplomatd/diplomatd.sock" >/dev/null || die "journalctl -x does not explain the entry (catalog)"
ok "journalctl -u diplomatd: native entries with MESSAGE_ID, PRIORITY, DIPLOMAT_* fields; explained by the catalog"

# ---- authorization: readers read, only admins write
as_user() { local u=$1; shift; C setpriv --reuid="$u" --regid="$(C id -g "$u")" --init-groups -- "$@"; }
C useradd -M -G diplomat reader
C useradd -M -G diplomat,diplomat-admin editor
C useradd -M outsider
as_user reader /usr/local/bin/diplomatctl upcoming | grep -c "kr-jp-fm-talks-proposed" >/dev/null || die "reader cannot read"
if as_user reader /usr/local/bin/diplomatctl cancel kr-jp-fm-talks-proposed 2>"$W/denied"; then die "reader could cancel"; fi
grep -q "permission denied" "$W/denied" || die "reader's refusal: $(cat "$W/denied")"
if as_user outsider /usr/local/bin/diplomatctl upcoming 2>"$W/outsider"; then die "outsider could connect"; fi
grep -q "permission denied on /run/diplomatd/diplomatd.sock" "$W/outsider" || die "outsider's refusal: $(cat "$W/outsider")"
id=$(as_user editor /usr/local/bin/diplomatctl --json add --title "E2E meeting" --date 2031-05-05 --status scheduled | python3 -c 'import json,sys; print(json.load(sys.stdin)["event"]["id"])') || die "editor cannot add"
ok "reader may read but not cancel; outsider cannot connect; editor (diplomat-admin) added $id"
C journalctl --sync
C journalctl -u diplomatd.service -o json --no-pager MESSAGE_ID=a8611867a7d4425ba18c8d9060e2488e | grep -c '"DIPLOMAT_METHOD":"org.diplomatd.Timeline.SetStatus"' >/dev/null || die "refusal not in the journal"
C journalctl -u diplomatd.service -o json --no-pager "DIPLOMAT_EVENT_ID=$id" | grep -c c34a30cb078d471db122060ddb38c4b6 >/dev/null || die "event added entry not found by DIPLOMAT_EVENT_ID"
ok "journalctl DIPLOMAT_EVENT_ID=$id finds the added entry; the refusal is logged"

# ---- reload keeps state and connections
pid=$(C systemctl show -p MainPID --value diplomatd.service)
C systemctl reload diplomatd.service
[ "$(C systemctl show -p MainPID --value diplomatd.service)" = "$pid" ] || die "reload changed the main pid"
[ "$(C systemctl is-active diplomatd.service)" = active ] || die "not active after reload"
C /usr/local/bin/diplomatctl show "$id" >/dev/null || die "event lost on reload"
C journalctl --sync
C journalctl -u diplomatd.service --no-pager MESSAGE_ID=b9b4b937068a45919b210478306fa100 | grep -c "reloaded" >/dev/null || die "no reloaded entry"
ok "systemctl reload: same pid, still active, state kept"

# ---- restart keeps the timeline
C systemctl restart diplomatd.service
C /usr/local/bin/diplomatctl show "$id" >/dev/null || die "event lost on restart"
[ "$(C /usr/local/bin/diplomatctl --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')" = 8 ] || die "events after restart"
C journalctl --sync
if C journalctl -u diplomatd.service --no-pager | grep -c "timed out" >/dev/null; then die "stopping timed out (SIGTERM was not enough)"; fi
ok "systemctl restart: stopped on SIGTERM without a timeout; the timeline survives (8 events)"

# ---- a hung daemon is restarted by the watchdog
C mkdir -p /run/systemd/system/diplomatd.service.d
printf '[Service]\nWatchdogSec=2s\nTimeoutAbortSec=1s\n' | C tee /run/systemd/system/diplomatd.service.d/fast-watchdog.conf >/dev/null
C systemctl daemon-reload
C systemctl restart diplomatd.service
hung=$(C systemctl show -p MainPID --value diplomatd.service)
C kill -STOP "$hung"
for _ in $(seq 300); do
  now=$(C systemctl show -p MainPID --value diplomatd.service)
  [ "$now" != "$hung" ] && [ "$now" != 0 ] && [ "$(C systemctl is-active diplomatd.service)" = active ] && break
  sleep 0.1
done
[ "$now" != "$hung" ] || die "the hung daemon was not restarted"
C journalctl --sync
C journalctl -u diplomatd.service --no-pager | grep -c "Watchdog timeout" >/dev/null || die "no watchdog timeout in the journal"
[ "$(C systemctl show -p NRestarts --value diplomatd.service)" -ge 1 ] || die "NRestarts"
C /usr/local/bin/diplomatctl show "$id" >/dev/null || die "event lost after the watchdog restart"
ok "kill -STOP: watchdog timeout, restarted (pid $hung → $now), timeline intact"
C rm -rf /run/systemd/system/diplomatd.service.d
C systemctl daemon-reload

# ---- stop
C systemctl stop diplomatd.service diplomatd.socket
[ "$(C systemctl is-active diplomatd.service || true)" = inactive ] || die "not stopped"
[ "$(C systemctl show -p Result --value diplomatd.service)" = success ] || die "stop result: $(C systemctl show -p Result --value diplomatd.service)"
C journalctl --sync
C journalctl -u diplomatd.service --no-pager MESSAGE_ID=10f13e3340a648a6a1cb7730c6a410ce | grep -c stopping >/dev/null || die "no stopping entry"
ok "systemctl stop: clean exit (Result=success)"

cleanup
NS=""
trap - EXIT
el; echo "e2e passed"
