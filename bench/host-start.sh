#!/usr/bin/env bash
# Host start to all plugins loaded, beyond the bare runtime's start (issue 5).
# Compares, with hyperfine, `pdmabuf plugins --json` (runtime + generic host + configuration +
# discovery and loading of every plugin in plugins/) against `pdmabuf --version` (runtime + the
# command line only). The difference of the means is the host's own start cost.
# Usage: bench/host-start.sh [runs]   (installs hyperfine with apt-get when it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "installing hyperfine..." >&2
  (apt-get update -qq && apt-get install -y -qq hyperfine) >/dev/null
fi

dotnet build src/Host -c Release -nologo -v quiet >/dev/null
host=src/Host/bin/Release/net10.0/pdmabuf
plugins=$(ls -d src/Host/bin/Release/net10.0/plugins/*/ | wc -l)
echo "plugins in the default folder: $plugins" >&2

out=$(mktemp -d)
hyperfine --warmup 3 --runs "$runs" --export-json "$out/start.json" -N \
  "$host --version" \
  "$host plugins --json" >&2

python3 - "$out/start.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
bare, full = r[0], r[1]
print(f"bare runtime start (--version): {bare['mean']*1000:.1f} ms ± {bare['stddev']*1000:.1f} (median {bare['median']*1000:.1f})")
print(f"host start + plugins loaded:    {full['mean']*1000:.1f} ms ± {full['stddev']*1000:.1f} (median {full['median']*1000:.1f})")
print(f"host's own start cost:          {(full['median']-bare['median'])*1000:.1f} ms (median difference; target < 300 ms)")
PY
