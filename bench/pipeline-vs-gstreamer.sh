#!/usr/bin/env bash
# The default pipeline (NV12 SMPTE capture -> XR24 conversion -> scanout CRC) against GStreamer's
# `videotestsrc ! NV12 ! videoconvert n-threads=2 ! BGRx ! fakesink sync=false` on the same frames
# (issue 13). Measures, alternating ours and GStreamer's run by run, and takes medians of:
#   - steady-state fps at four sizes, against the copy-bandwidth bound of the machine;
#   - whole-process wall time of short jobs and of the default job;
#   - our fps against the run's length;
#   - with a host that has --copy-between-stages, the copy-between-stages baseline;
#   - the machine's copy bandwidth (the bound) and the rate it faults fresh memfd pages in.
# Writes report.md, runs.csv (every run), fps-by-size.png and fps-by-length.png to the out folder.
#
# Usage: bench/pipeline-vs-gstreamer.sh [--quick] [--out DIR] [--publish] [--fps-reps N] [--wall-reps N]
#   --quick         tiny sizes and frame counts, one repetition: checks the script, measures nothing
#   --out DIR       where the results go (default: a new folder under /tmp)
#   --publish       also copy the two charts to docs/ (refused with --quick)
#   --fps-reps N    repetitions of the steady-state and run-length runs (default 3)
#   --wall-reps N   repetitions of the whole-process runs (default 5)
# Installs GStreamer's tools and plugins with apt-get when gst-launch-1.0 is missing.
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME and printf use '.' as the decimal point
cd "$(dirname "$0")/.."
repo=$(pwd)

usage() { sed -n '12,18p' "$0" | sed 's/^# \{0,1\}//' >&2; }
die() { echo "pipeline-vs-gstreamer: $*" >&2; exit 1; }

quick=0 publish=0 out="" fps_reps_arg="" wall_reps_arg=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --publish) publish=1 ;;
    --out)
      [ $# -ge 2 ] && [ -n "$2" ] || { echo "pipeline-vs-gstreamer: --out needs a folder" >&2; usage; exit 2; }
      out=$2; shift ;;
    --fps-reps|--wall-reps)
      [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "pipeline-vs-gstreamer: $1 needs a whole number of at least 1" >&2; usage; exit 2; }
      if [ "$1" = --fps-reps ]; then fps_reps_arg=$2; else wall_reps_arg=$2; fi
      shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "pipeline-vs-gstreamer: unknown option '$1'" >&2; usage; exit 2 ;;
  esac
  shift
done
if [ "$quick" = 1 ] && [ "$publish" = 1 ]; then
  echo "pipeline-vs-gstreamer: --publish with --quick would replace the published charts with a quick run's" >&2
  exit 2
fi

# What is measured. Sizes are WxH:FRAMES; run-length lists are WxH:F1,F2,...
if [ "$quick" = 1 ]; then
  mode=quick fps_reps=1 wall_reps=1 probe_passes=3
  steady=(320x180:60 640x360:30)
  wall=(320x180:1 640x360:1 640x360:10 320x180:30)
  lengths=(640x360:10,30,60 320x180:10,30,60)
  ratio_short=30 ratio_long=60
else
  mode=full fps_reps=3 wall_reps=5 probe_passes=10
  steady=(640x360:6000 1280x720:2500 1920x1080:1000 3840x2160:400)
  wall=(1920x1080:1 3840x2160:1 3840x2160:30 1920x1080:300)
  lengths=(3840x2160:30,150,400,1000 1920x1080:30,150,300,1000)
  ratio_short=150 ratio_long=1000
fi
[ -n "$fps_reps_arg" ] && fps_reps=$fps_reps_arg
[ -n "$wall_reps_arg" ] && wall_reps=$wall_reps_arg
probe_mib=256

# --- tools -------------------------------------------------------------------------------------
if ! command -v gst-launch-1.0 >/dev/null 2>&1; then
  echo "installing GStreamer (tools, base and bad plugins)..." >&2
  (apt-get update -qq && apt-get install -y -qq gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-bad) >/dev/null \
    || die "could not install GStreamer with apt-get"
fi
if ! command -v cc >/dev/null 2>&1; then
  echo "installing a C compiler for the copy-bandwidth probe..." >&2
  (apt-get update -qq && apt-get install -y -qq gcc libc6-dev) >/dev/null || die "could not install gcc with apt-get"
fi
command -v python3 >/dev/null 2>&1 || die "python3 is needed to read the reports (apt-get install python3)"
for element in videotestsrc videoconvert fakesink; do
  gst-inspect-1.0 "$element" >/dev/null 2>&1 || die "GStreamer has no '$element' element (gstreamer1.0-plugins-base missing?)"
done

if [ -z "$out" ]; then out=$(mktemp -d /tmp/pipeline-vs-gstreamer.XXXXXX); fi
mkdir -p "$out/raw" "$out/host-out"
out=$(cd "$out" && pwd)
raw=$out/raw

# --- builds (never timed) ----------------------------------------------------------------------
echo "building the host (Release)..." >&2
dotnet build src/Host -c Release -nologo -v quiet >"$raw/build-host.log" 2>&1 || { tail -20 "$raw/build-host.log" >&2; die "the host did not build"; }
host=$repo/src/Host/bin/Release/net10.0/pdmabuf
[ -x "$host" ] || die "no host binary at $host"
echo "building the charts..." >&2
dotnet build bench/Charts -c Release -nologo -v quiet >"$raw/build-charts.log" 2>&1 || { tail -20 "$raw/build-charts.log" >&2; die "bench/Charts did not build"; }
charts=$repo/bench/Charts/bin/Release/net10.0/PluggableDmaBuf.Bench.Charts
echo "building the copy-bandwidth and first-touch probes..." >&2
cc -O2 -Wall -Wextra -pthread -o "$raw/copybw" bench/probe/copybw.c || die "the copy-bandwidth probe did not compile"
cc -O2 -Wall -Wextra -pthread -o "$raw/firsttouch" bench/probe/firsttouch.c || die "the first-touch probe did not compile"

copy_supported=0
if "$host" run --help 2>/dev/null | grep -q -- '--copy-between-stages'; then
  copy_supported=1
else
  echo "copy baseline: not supported by this build" >&2
fi

# --- the machine -------------------------------------------------------------------------------
{
  echo "mode=$mode"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "cores=$(nproc)"
  echo "memory_gib=$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "dotnet_runtime=$(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -1)"
  echo "dotnet_sdk=$(dotnet --version)"
  echo "gstreamer=$(gst-launch-1.0 --version | sed -n 's/^GStreamer //p' | head -1)"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "fps_reps=$fps_reps"
  echo "wall_reps=$wall_reps"
  echo "ratio_short=$ratio_short"
  echo "ratio_long=$ratio_long"
  echo "copy_supported=$copy_supported"
} >"$out/machine.txt"

# --- running and checking one job --------------------------------------------------------------
# Runs "$@" with stdout to $1 and stderr to $2; sets WALL_US (wall time, µs) and RC.
timed() {
  local o=$1 e=$2; shift 2
  local t0=$EPOCHREALTIME
  set +e
  "$@" >"$o" 2>"$e"
  RC=$?
  set -e
  local t1=$EPOCHREALTIME
  WALL_US=$(( ${t1/./} - ${t0/./} ))
}

seconds() { printf '%d.%06d' $(( $1 / 1000000 )) $(( $1 % 1000000 )); }

failed() { # label log-stdout log-stderr
  echo "pipeline-vs-gstreamer: $1 exited with code $RC" >&2
  tail -5 "$3" >&2
  exit 1
}

# Our report: the frames, size and formats asked for, no leak; prints "seconds fps bytesCopied".
check_ours() { # report.json frames width height impl
  python3 - "$@" <<'PY'
import json, sys
path, frames, width, height, impl = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
try:
    r = json.load(open(path))
except ValueError as e:
    sys.exit(f"{path}: not a JSON run report ({e})")
problems = []
if (r.get("frames"), r.get("width"), r.get("height")) != (frames, width, height):
    problems.append(f"ran {r.get('frames')} frames at {r.get('width')}x{r.get('height')}, not {frames} at {width}x{height}")
formats = {b.get("format") for b in r.get("buffers", [])}
if formats != {"NV12", "XR24"}:
    problems.append(f"buffer formats {sorted(f or '?' for f in formats)}, not NV12 and XR24")
if r.get("leaks") != 0:
    problems.append(f"{r.get('leaks')} leaked buffers")
if impl == "ours" and r.get("bytesCopied") != 0:
    problems.append(f"{r.get('bytesCopied')} bytes copied in the sharing pipeline")
if problems:
    sys.exit(f"{path}: " + "; ".join(problems))
print(r["seconds"], r["fps"], r["bytesCopied"])
PY
}

# GStreamer's run: EOS reached; prints "seconds fps" from its "Execution ended after H:MM:SS.n".
# That clock starts when the pipeline goes to PLAYING, after the first buffer was produced and
# converted during preroll, so it covers frames 2..N: fps = (N - 1) / seconds.
check_gst() { # stdout.log frames
  python3 - "$@" <<'PY'
import re, sys
path, frames = sys.argv[1], int(sys.argv[2])
text = open(path).read()
if 'Got EOS from element' not in text:
    sys.exit(f"{path}: GStreamer did not reach the end of the stream")
m = re.search(r"Execution ended after (\d+):(\d\d):(\d\d(?:\.\d+)?)", text)
if not m:
    sys.exit(f"{path}: no 'Execution ended after' line")
s = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
fps = f"{(frames - 1) / s:.1f}" if frames > 1 and s > 0 else ""
print(f"{s:.6f}", fps)
PY
}

# Once per size, outside the timings: GStreamer takes NV12 in and gives BGRx out at that size,
# one buffer of 4*W*H bytes per frame asked for.
check_gst_formats() { # width height
  local w=$1 h=$2 log=$raw/gst-formats-$1x$2.log
  gst-launch-1.0 -v videotestsrc num-buffers=3 ! "video/x-raw,format=NV12,width=$w,height=$h" \
    ! videoconvert n-threads=2 ! video/x-raw,format=BGRx ! fakesink sync=false silent=false >"$log" 2>&1 \
    || die "GStreamer's format check at ${w}x$h failed (see $log)"
  python3 - "$log" "$w" "$h" <<'PY'
import re, sys
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
text = open(path).read()
def caps(pad):
    m = re.search(re.escape(pad) + r": caps = (.*)", text)
    return m.group(1) if m else ""
inp, outp = caps("GstVideoConvert:videoconvert0.GstPad:sink"), caps("GstVideoConvert:videoconvert0.GstPad:src")
size = f"width=(int){w}, height=(int){h}"
if "format=(string)NV12" not in inp or size not in inp:
    sys.exit(f"{path}: videoconvert's input is not NV12 {w}x{h}: {inp}")
if "format=(string)BGRx" not in outp or size not in outp:
    sys.exit(f"{path}: videoconvert's output is not BGRx {w}x{h}: {outp}")
chains = re.findall(r"last-message = chain .*?\((\d+) bytes", text)
if len(chains) != 3 or any(int(c) != 4 * w * h for c in chains):
    sys.exit(f"{path}: expected 3 buffers of {4 * w * h} bytes at the sink, got {chains}")
PY
}

csv=$out/runs.csv
echo "section,job,impl,width,height,frames,rep,wall_s,pipeline_s,fps,bytes_copied" >"$csv"

# One run of ours (impl ours or copy) or GStreamer's; appends its row to runs.csv.
run_one() { # section impl size frames rep
  local section=$1 impl=$2 size=$3 frames=$4 rep=$5 w=${3%x*} h=${3#*x}
  local tag=$raw/$section-$impl-$size-$frames-$rep
  if [ "$impl" = gstreamer ]; then
    timed "$tag.out" "$tag.err" gst-launch-1.0 videotestsrc "num-buffers=$frames" \
      ! "video/x-raw,format=NV12,width=$w,height=$h" ! videoconvert n-threads=2 \
      ! video/x-raw,format=BGRx ! fakesink sync=false
    [ "$RC" = 0 ] || failed "gst-launch-1.0 ($size, $frames frames)" "$tag.out" "$tag.err"
    local parsed; parsed=$(check_gst "$tag.out" "$frames") || exit 1
    read -r pipeline fps <<<"$parsed"
    echo "$section,run,$impl,$w,$h,$frames,$rep,$(seconds "$WALL_US"),$pipeline,$fps," >>"$csv"
  else
    local extra=()
    [ "$impl" = copy ] && extra=(--copy-between-stages)
    timed "$tag.json" "$tag.err" "$host" run --frames "$frames" --size "$size" --json --out "$out/host-out" "${extra[@]}"
    [ "$RC" = 0 ] || failed "pdmabuf run ($impl, $size, $frames frames)" "$tag.json" "$tag.err"
    local parsed; parsed=$(check_ours "$tag.json" "$frames" "$w" "$h" "$impl") || exit 1
    read -r pipeline fps copied <<<"$parsed"
    echo "$section,run,$impl,$w,$h,$frames,$rep,$(seconds "$WALL_US"),$pipeline,$fps,$copied" >>"$csv"
  fi
  printf '  %-6s %-9s %-9s %5s frames  rep %s  wall %ss  fps %s\n' "$section" "$impl" "$size" "$frames" "$rep" \
    "$(seconds "$WALL_US")" "${fps:--}" >&2
}

# Ours and GStreamer's side by side (and, for the steady state, the copy baseline); who goes first
# alternates from one measurement to the next, so neither always runs on what the other left
# (caches, page cache, a burst of load from elsewhere).
alternated() { # section size frames rep turn
  local impls=(ours gstreamer)
  if [ "$copy_supported" = 1 ] && [ "$1" = steady ]; then impls=(ours copy gstreamer); fi
  if [ $(( $5 % 2 )) = 1 ]; then
    local reversed=(); for ((i = ${#impls[@]} - 1; i >= 0; i--)); do reversed+=("${impls[i]}"); done
    impls=("${reversed[@]}")
  fi
  for impl in "${impls[@]}"; do run_one "$1" "$impl" "$2" "$3" "$4"; done
}

# --- the copy bandwidth ------------------------------------------------------------------------
echo "copy bandwidth ($probe_mib MiB, $probe_passes passes on 1 and 2 threads)..." >&2
"$raw/copybw" "$probe_mib" "$probe_passes" >"$out/probe.txt" || die "the copy-bandwidth probe failed"
cat "$out/probe.txt" >&2
echo "first touch of fresh memfd pages (64 MiB, $probe_passes passes on 1 and 2 threads)..." >&2
"$raw/firsttouch" 64 "$probe_passes" >"$out/firsttouch.txt" || die "the first-touch probe failed"
cat "$out/firsttouch.txt" >&2

# --- formats, then warm-up (file caches, GStreamer's registry), neither recorded ---------------
sizes=()
for spec in "${steady[@]}" "${wall[@]}" "${lengths[@]}"; do sizes+=("${spec%%:*}"); done
for size in $(printf '%s\n' "${sizes[@]}" | sort -u); do check_gst_formats "${size%x*}" "${size#*x}"; done
"$host" run --frames 2 --size 320x180 --json --out "$out/host-out" >/dev/null 2>&1 || die "the host's warm-up run failed"
"$host" plugins --json >/dev/null 2>&1 || die "pdmabuf plugins --json failed"
gst-inspect-1.0 >/dev/null 2>&1 || die "gst-inspect-1.0 failed"

turn=0
echo "steady state ($fps_reps repetitions)..." >&2
for ((rep = 1; rep <= fps_reps; rep++)); do
  for spec in "${steady[@]}"; do alternated steady "${spec%%:*}" "${spec#*:}" "$rep" $((turn++)); done
done

echo "whole-process wall time ($wall_reps repetitions)..." >&2
for ((rep = 1; rep <= wall_reps; rep++)); do
  for spec in "${wall[@]}"; do alternated wall "${spec%%:*}" "${spec#*:}" "$rep" $((turn++)); done
  # Listing the plugins: ours loads and inspects its four, gst-inspect-1.0 lists every installed one.
  pair=("$host plugins --json" "gst-inspect-1.0")
  [ $((turn++ % 2)) = 1 ] && pair=("${pair[1]}" "${pair[0]}")
  for cmd in "${pair[@]}"; do
    impl=ours; [ "$cmd" = gst-inspect-1.0 ] && impl=gstreamer
    # shellcheck disable=SC2086  # the command is two or three plain words
    timed "$raw/plugins-$impl-$rep.out" "$raw/plugins-$impl-$rep.err" $cmd
    [ "$RC" = 0 ] || failed "$cmd" "$raw/plugins-$impl-$rep.out" "$raw/plugins-$impl-$rep.err"
    echo "wall,plugins,$impl,,,,$rep,$(seconds "$WALL_US"),,," >>"$csv"
    printf '  wall   %-9s plugins  rep %s  wall %ss\n' "$impl" "$rep" "$(seconds "$WALL_US")" >&2
  done
done

echo "run length, ours ($fps_reps repetitions)..." >&2
for ((rep = 1; rep <= fps_reps; rep++)); do
  for spec in "${lengths[@]}"; do
    size=${spec%%:*}
    IFS=, read -r -a counts <<<"${spec#*:}"
    for frames in "${counts[@]}"; do run_one length ours "$size" "$frames" "$rep"; done
  done
done

echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"

# --- the report (prints the bandwidth the bound uses, for the charts) ----------------------------
bandwidth=$(python3 - "$out" <<'PY'
import csv, statistics, sys
from collections import defaultdict

out = sys.argv[1]
machine = dict(line.rstrip("\n").split("=", 1) for line in open(f"{out}/machine.txt") if "=" in line)
def read_probe(name):
    rates = {}
    for line in open(f"{out}/{name}"):
        fields = dict(f.split("=", 1) for f in line.split())
        rates[int(fields["threads"])] = (float(fields["best_gbps"]), float(fields["median_gbps"]))
    return rates


probe = read_probe("probe.txt")
first_touch = read_probe("firsttouch.txt")
bandwidth = max(best for best, _ in probe.values())

runs = defaultdict(list)
for r in csv.DictReader(open(f"{out}/runs.csv")):
    key = (r["section"], r["job"], r["impl"], r["width"], r["height"], r["frames"])
    runs[key].append(r)

def median(section, impl, w, h, frames, column, job="run"):
    values = [float(r[column]) for r in runs.get((section, job, impl, str(w), str(h), str(frames)), []) if r[column]]
    return statistics.median(values) if values else None

def fmt(v, digits=1):
    return "" if v is None else f"{v:,.{digits}f}"

def ratio(a, b):
    return a / b if a is not None and b else None

def bound_fps(w, h):
    # Bytes a frame must move: NV12 written and read (2 x 1.5 W H), XR24 written and read (2 x 4 W H).
    return bandwidth * 1e9 / (2 * 1.5 * w * h + 2 * 4 * w * h)

def keys(section):
    seen = []
    for (s, job, impl, w, h, frames) in runs:
        if s == section and job == "run" and (int(w), int(h), int(frames)) not in seen:
            seen.append((int(w), int(h), int(frames)))
    return seen

quick = machine["mode"] == "quick"
lines = []
p = lines.append

def table(title, first, *numeric):
    # A heading and a table header: the first column left-aligned, the others right-aligned.
    p(f"## {title}")
    p("")
    p("| " + " | ".join((first,) + numeric) + " |")
    p("|---|" + "---:|" * len(numeric))
p("# Pipeline against GStreamer" + (" (quick mode: a check of the script, not a measurement)" if quick else ""))
p("")
p(f"Run {machine['date']} at commit {machine['commit']} by `bench/pipeline-vs-gstreamer.sh`"
  + (" --quick" if quick else "") + ".")
p("")
p("| machine | |")
p("|---|---|")
p(f"| CPU | {machine['cpu']}, {machine['cores']} cores |")
p(f"| memory | {machine['memory_gib']} GiB |")
p(f"| kernel | {machine['kernel']} |")
p(f"| .NET | runtime {machine['dotnet_runtime']} (SDK {machine['dotnet_sdk']}) |")
p(f"| GStreamer | {machine['gstreamer']} |")
p(f"| load average (1, 5, 15 min) | at start {machine['load_start']}; at end {machine.get('load_end', '?')} |")
p("")
p(f"Copy bandwidth (`bench/probe/copybw.c`, memcpy of 256 MiB, GB/s copied, best / median pass): "
  + "; ".join(f"{t} thread{'s' if t > 1 else ''} {b:.2f} / {m:.2f}" for t, (b, m) in sorted(probe.items()))
  + f". The bound uses the best, {bandwidth:.2f} GB/s.")
p("")
p(f"First touch of fresh memfd pages (`bench/probe/firsttouch.c`, a new 64 MiB memfd written once a pass, GB/s, best / median): "
  + "; ".join(f"{t} thread{'s' if t > 1 else ''} {b:.2f} / {m:.2f}" for t, (b, m) in sorted(first_touch.items()))
  + ". A run faults each of its buffers in on their first frames at this rate.")
p("")

copy = machine["copy_supported"] == "1"
table(f"Steady-state fps (median of {machine['fps_reps']})", "size", "frames", "GStreamer fps", "ours fps", "ours / GStreamer",
      "copy baseline fps", "sharing / copy", "bound fps", "share of bound")
steady = {}
for w, h, frames in keys("steady"):
    g, o = median("steady", "gstreamer", w, h, frames, "fps"), median("steady", "ours", w, h, frames, "fps")
    c = median("steady", "copy", w, h, frames, "fps")
    b = bound_fps(w, h)
    steady[(w, h)] = (g, o, c, b)
    share = ratio(o, b)
    p(f"| {w}×{h} | {frames:,} | {fmt(g)} | {fmt(o)} | {fmt(ratio(o, g), 2)}× | {fmt(c)} | "
      + (f"{fmt(ratio(o, c), 2)}×" if c else "") + f" | {fmt(b)} | {'' if share is None else f'{share:.0%}'} |")
if not copy:
    p("")
    p("copy baseline: not supported by this build (the host has no `--copy-between-stages`).")
p("")

table(f"Whole-process wall time (median of {machine['wall_reps']})", "job", "GStreamer s", "ours s", "ours / GStreamer")
wall = {}
for w, h, frames in keys("wall"):
    g, o = median("wall", "gstreamer", w, h, frames, "wall_s"), median("wall", "ours", w, h, frames, "wall_s")
    wall[(w, h, frames)] = (g, o)
    label = f"{frames} frame{'s' if frames > 1 else ''} {w}×{h}" + (" (the default job)" if (w, h, frames) == (1920, 1080, 300) else "")
    p(f"| {label} | {fmt(g, 3)} | {fmt(o, 3)} | {fmt(ratio(o, g), 2)}× |")
g = median("wall", "gstreamer", "", "", "", "wall_s", job="plugins")
o = median("wall", "ours", "", "", "", "wall_s", job="plugins")
p(f"| `pdmabuf plugins --json` (GStreamer: `gst-inspect-1.0`, every plugin) | {fmt(g, 3)} | {fmt(o, 3)} | {fmt(ratio(o, g), 2)}× |")
p("")

short, long_ = int(machine["ratio_short"]), int(machine["ratio_long"])
table(f"Our fps against the run's length (median of {machine['fps_reps']})", "size", "frames", "fps", f"against {long_:,} frames")
length = {}
for w, h, frames in keys("length"):
    length[(w, h, frames)] = median("length", "ours", w, h, frames, "fps")
for (w, h, frames), v in length.items():
    p(f"| {w}×{h} | {frames:,} | {fmt(v)} | {fmt(ratio(v, length.get((w, h, long_))), 2)} |")
p("")

import glob, json, os

def report_json(section, impl, w, h, frames):
    out_files = sorted(glob.glob(f"{out}/raw/{section}-{impl}-{w}x{h}-{frames}-*.json"))
    reports = []
    for path in out_files:
        try:
            reports.append(json.load(open(path)))
        except ValueError:
            pass
    return reports

# Where a short job's time goes: the run report's timings (each phase's end, ms from the process's
# start), as durations, medians over the repetitions.
wall_jobs = [k for k in keys("wall") if k[2] <= 30]
if wall_jobs and report_json("wall", "ours", *wall_jobs[0]) and "timings" in report_json("wall", "ours", *wall_jobs[0])[0]:
    p(f"## Where a short job's time goes (ours, ms, median of {machine['wall_reps']})")
    p("")
    p("Phases from the run report's `timings`, each the time since the previous mark; the process's wall time")
    p("also holds the runtime's exit after `report`.")
    p("")
    phases = [m["phase"] for m in report_json("wall", "ours", *wall_jobs[0])[0]["timings"]]
    p("| phase | " + " | ".join(f"{frames} frame{'s' if frames > 1 else ''} {w}×{h}" for w, h, frames in wall_jobs) + " |")
    p("|---|" + "---:|" * len(wall_jobs))
    durations = {}
    for job in wall_jobs:
        per_phase = {}
        for r in report_json("wall", "ours", *job):
            prev = 0.0
            for m in r["timings"]:
                per_phase.setdefault(m["phase"], []).append(m["ms"] - prev)
                prev = m["ms"]
        durations[job] = {k: statistics.median(v) for k, v in per_phase.items()}
    for phase in phases:
        p(f"| {phase} | " + " | ".join(fmt(durations[job].get(phase), 0) for job in wall_jobs) + " |")
    p("| wall time of the process | " + " | ".join(fmt(1000 * (wall.get(job, (None, None))[1] or 0), 0) for job in wall_jobs) + " |")
    p("")

# Steady state: each stage's share of its time busy, waiting and handing off, medians over the repetitions.
first_steady = keys("steady")[0] if keys("steady") else None
if first_steady and report_json("steady", "ours", *first_steady) and "stages" in report_json("steady", "ours", *first_steady)[0]:
    p(f"## Steady state per stage (median of {machine['fps_reps']}; ms per frame busy / waiting / handing off)")
    p("")
    impls = ["ours"] + (["copy"] if copy else [])
    p("| size | run | " + " | ".join(s["stage"] for s in report_json("steady", "ours", *first_steady)[0]["stages"]) + " |")
    p("|---|---|" + "---:|" * len(report_json("steady", "ours", *first_steady)[0]["stages"]))
    for w, h, frames in keys("steady"):
        for impl in impls:
            reports = report_json("steady", impl, w, h, frames)
            if not reports:
                continue
            cells = []
            for i, stage in enumerate(reports[0]["stages"]):
                per = lambda k: statistics.median(r["stages"][i][k] / max(1, r["stages"][i]["frames"]) for r in reports)
                cells.append(f"{per('busyMs'):.2f} / {per('waitMs'):.2f} / {per('handoffMs'):.2f}")
            p(f"| {w}×{h} | {'sharing' if impl == 'ours' else 'copy baseline'} | " + " | ".join(cells) + " |")
    p("")

def verdict(ok):
    return "not measured" if ok is None else ("**met**" if ok else "**not met**")

if not quick:
    table("Targets", "target", "measured", "")
    g, o = wall.get((1920, 1080, 300), (None, None))
    r = ratio(o, g)
    p(f"| default job's wall time ≤ 0.5× GStreamer's | {fmt(r, 2)}× | {verdict(None if r is None else r <= 0.5)} |")
    g, o = wall.get((3840, 2160, 30), (None, None))
    r = ratio(o, g)
    p(f"| 30 frames 3840×2160, wall time ≤ GStreamer's | {fmt(r, 2)}× | {verdict(None if r is None else r <= 1)} |")
    _, o = wall.get((1920, 1080, 1), (None, None))
    p(f"| one 1920×1080 frame end to end ≤ 0.25 s | {fmt(o, 3)} s | {verdict(None if o is None else o <= 0.25)} |")
    for w, h in [(1920, 1080), (3840, 2160)]:
        r = ratio(length.get((w, h, short)), length.get((w, h, long_)))
        p(f"| {w}×{h}: {short}-frame fps within 15 % of {long_:,} | {fmt(r, 2)} | {verdict(None if r is None else abs(r - 1) <= 0.15)} |")
    for (w, h), (g, o, c, b) in steady.items():
        r = ratio(o, g)
        p(f"| {w}×{h} steady state ≥ 3× GStreamer | {fmt(r, 2)}× | {verdict(None if r is None else r >= 3)} |")
        s = ratio(o, b)
        p(f"| {w}×{h} steady state ≥ 50 % of the bound | {'' if s is None else f'{s:.0%}'} | {verdict(None if s is None else s >= 0.5)} |")
    g, o, c, b = steady.get((3840, 2160), (None, None, None, None))
    r = ratio(o, c)
    p(f"| 3840×2160 sharing ≥ 1.5× the copy-between-stages baseline | {fmt(r, 2)}{'×' if r else ''} | {verdict(None if r is None else r >= 1.5)} |")
    p("")

p("Every run is a row of `runs.csv` (wall_s: the process, measured around it; pipeline_s: the run's own")
p("clock, ours from its report, GStreamer's from \"Execution ended after\"). How to read these figures:")
p("docs/benchmarks.md, \"Pipeline against GStreamer: how to reproduce\".")
open(f"{out}/report.md", "w").write("\n".join(lines) + "\n")
print(f"{bandwidth:.4f}")
PY
) || die "the report could not be written"

"$charts" "$csv" "$out" --bandwidth "$bandwidth" || die "the charts were not drawn"

if [ "$publish" = 1 ]; then
  cp "$out/fps-by-size.png" docs/pipeline-fps-by-size.png
  cp "$out/fps-by-length.png" docs/pipeline-fps-by-length.png
  echo "published docs/pipeline-fps-by-size.png and docs/pipeline-fps-by-length.png" >&2
fi

cat "$out/report.md"
echo
echo "results: $out (report.md, runs.csv, fps-by-size.png, fps-by-length.png, raw/)"
