#!/usr/bin/env bash
# Whole-process bulk render: `zenbraze render --users` against LiquidJS on the same template
# (assets/presets/ticket.liquid), context and 10,000 users, in the same run.
#   benches/whole-process.sh [ZENBRAZE_BINARY] [RUNS]
# Needs a release build (cargo build --release) and LiquidJS 10 (npm install liquidjs@10 in
# $LIQUIDJS_DIR, default /tmp/ljs). Prints the median wall time of each over RUNS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/zenbraze}
runs=${2:-5}
ljs=${LIQUIDJS_DIR:-/tmp/ljs}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/users.json" <<'EOF'
import json, sys
base = json.load(open('assets/examples/user.json'))
users = []
for i in range(10000):
    u = json.loads(json.dumps(base))
    u['external_id'] = f'user-{i}'; u['first_name'] = f'Ada{i}'; u['email'] = f'ada{i}@example.com'
    users.append(u)
json.dump(users, open(sys.argv[1], 'w'))
EOF

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
time_runs() {
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" > "$work/out.jsonl"
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
  done | median
}

z=$(time_runs "$bin" render assets/presets/ticket.liquid --users "$work/users.json" \
  --context assets/examples/context.json --now 2024-03-01T12:00:00Z)
echo "zenbraze render --users (10,000 users, whole process): ${z} ms (median of $runs)"
echo "  $(wc -l < "$work/out.jsonl") lines"
if [ -d "$ljs/node_modules/liquidjs" ]; then
  l=$(NODE_PATH="$ljs/node_modules" time_runs node benches/liquidjs/render-users.mjs "$work/users.json")
  echo "liquidjs render-users.mjs (10,000 users, whole process): ${l} ms (median of $runs)"
  awk -v z="$z" -v l="$l" 'BEGIN { printf "zenbraze / liquidjs = %.2f\n", z / l }'
else
  echo "LiquidJS not found in $ljs (npm install --prefix $ljs liquidjs@10)"
fi
