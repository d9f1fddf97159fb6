#!/usr/bin/env bash
# Runs the suite against the reference server as an *external* target, one seed after another, each against a
# freshly started `npm run serve` (so no run sees another's state). Per seed: /tmp/ext-<seed>/ holds the report,
# out.txt (the run's output) and serve.txt; one line per seed goes to stdout:
#   seed exit errors warnings leftovers requests wall-seconds
# usage: scripts/external-loop.sh [--port N] [--out DIR] SEED... [-- extra run options]
# Extra run options default to: --allow-destructive setDefaultAgent,updateUser
set -u
cd "$(dirname "$0")/.."
port=10354
out=/tmp
seeds=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) seeds+=("$1"); shift ;;
  esac
done
[ ${#extra[@]} -eq 0 ] && extra=(--allow-destructive setDefaultAgent,updateUser)
printf 'seed\texit\terrors\twarnings\tleftovers\trequests\twall_s\n'
for seed in "${seeds[@]}"; do
  dir="$out/ext-$seed"
  rm -rf "$dir" && mkdir -p "$dir"
  node --import tsx reference-server/serve.ts --port "$port" >"$dir/serve.txt" 2>&1 &
  server=$!
  for _ in $(seq 100); do grep -q '^ONECLI_PARTNER_API_KEY=' "$dir/serve.txt" 2>/dev/null && break; sleep 0.2; done
  start=$(date +%s.%N)
  # the run sees only the keys this server printed
  env $(grep '^ONECLI_' "$dir/serve.txt") node bin/onecli-conformance.js "${extra[@]}" --seed "$seed" --report-dir "$dir" >"$dir/out.txt" 2>&1
  code=$?
  end=$(date +%s.%N)
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
  wall=$(echo "$end - $start" | bc)
  if [ -f "$dir/report.json" ]; then
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const f = r.summary.findings;
      console.log([process.argv[2], process.argv[3], f.error, f.warning, (r.leftovers ?? []).length, r.requests, Number(process.argv[4]).toFixed(1)].join("\t"));
    ' "$dir/report.json" "$seed" "$code" "$wall"
  else
    printf '%s\t%s\t-\t-\t-\t-\t%.1f\n' "$seed" "$code" "$wall"
  fi
done
