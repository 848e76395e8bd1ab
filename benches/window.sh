#!/usr/bin/env bash
# The release window's budgets, measured from outside under Xvfb (README, "Performance"):
# cold start (process start to first frame), resident memory with 1,000 sample users, and CPU
# used while idle. Usage: benches/window.sh [target/release/zenbraze] [runs]
# Needs Xvfb. Run on an otherwise idle machine: the figures are wall-clock.
set -euo pipefail
bin=$(realpath "${1:-target/release/zenbraze}")
runs=${2:-5}
work=$(mktemp -d)
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
display=:$(( 90 + RANDOM % 100 ))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

launch() { # $1: a fresh or a prepared home
  env -i PATH="$PATH" DISPLAY="$display" HOME="$1" XDG_DATA_HOME="$1/data" \
    XDG_CONFIG_HOME="$1/config" XDG_RUNTIME_DIR="$1" LANG=C.UTF-8 "${@:2}"
}

first_frames() { # $1: home; prints the first-frame times of $runs starts
  for _ in $(seq "$runs"); do
    launch "$1" env ZENBRAZE_STARTUP_TRACE=exit timeout 30 "$bin" 2>&1 \
      | sed -n 's/^zenbraze: first frame \([0-9]*\) ms after start$/\1/p'
  done | sort -n | tr '\n' ' '
}

# A workspace with the docs' ticket body and 1,000 sample users.
mkdir -p "$work/big/data/zenbraze"
"$bin" preset export seed-ticket > "$work/seed.liquid"
python3 - "$work/seed.liquid" "$work/big/data/zenbraze/workspace.json" <<'PY'
import json, sys
body = open(sys.argv[1]).read()
users = [{"external_id": f"user-{i}", "first_name": f"Ada {i}", "last_name": "Lovelace",
          "email": f"ada{i}@example.com",
          "custom_attributes": {"plan": "pro" if i % 2 == 0 else "free"}} for i in range(1000)]
ws = {"payloads": [{"name": "Ticket", "direction": "braze_to_zendesk", "method": "POST",
                    "url": "https://acme.zendesk.com/api/v2/tickets.json",
                    "headers": [["Content-Type", "application/json"]], "body": body}],
      "users": users, "tickets": [], "contexts": [], "zenbraze_workspace": 1}
json.dump(ws, open(sys.argv[2], "w"))
PY

mkdir -p "$work/fresh"
echo "cold start, first launch (ms, $runs runs):       $(first_frames "$work/fresh")"
echo "cold start, 1,000 users (ms, $runs runs):        $(first_frames "$work/big")"

# Resident memory and idle CPU: the 1,000-user workspace, left alone after it settles.
(exec env -i PATH="$PATH" DISPLAY="$display" HOME="$work/big" XDG_DATA_HOME="$work/big/data" \
   XDG_CONFIG_HOME="$work/big/config" XDG_RUNTIME_DIR="$work/big" LANG=C.UTF-8 "$bin" \
   >/dev/null 2>&1) &
app=$!
sleep 5
grep -q "user-999" "$work/big/data/zenbraze/workspace.json"
[ "$(readlink "/proc/$app/exe")" = "$bin" ] || { echo "not the app: $app" >&2; exit 1; }
ticks() { awk '{ print $14 + $15 }' "/proc/$app/stat"; }
rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$app/status")
before=$(ticks); sleep 15; after=$(ticks)
echo "resident memory with 1,000 users:               ${rss} MB"
echo "CPU while idle, 15 s:                           $((after - before)) ticks ($(getconf CLK_TCK)/s)"
kill "$app"; wait "$app" 2>/dev/null || true
