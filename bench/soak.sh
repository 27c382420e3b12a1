#!/usr/bin/env bash
# Soak (issue 11; not in CI): M minutes (default 10) of two things at once, on the built host.
#
# 1. Random jobs, one after another, each its own `pdmabuf run`: a size from a list, the central or
#    the exporter allocator, a random --preview-at (the hot-plug), a random frame count, and about one
#    job in three interrupted by SIGINT or SIGTERM after a random delay (sent to that job's own PID).
#    Each job must end with a documented code (0, or 130 when interrupted; 1 is allowed only with
#    stderr naming a refused late join... which is exit 0 anyway, so 1 fails the soak), its report must say
#    `leaks: 0`, and its peak RSS (VmHWM, read by GNU time) is recorded.
# 2. One long-lived `pdmabuf run` (1280x720, 10000 frames per second of soak, more than it can do,
#    and a preview that joins during warm-up), since
#    pdmabuf is one process per job and a leak across frames only shows in a process that lives: its
#    RSS (VmRSS) and open descriptors (/proc/PID/fd) are sampled every second. After a warm-up of a
#    fifth of the time (at least 10 s), RSS must stay within ±10 % of the warm-up's last sample and
#    the descriptor count must equal it. At the end it is interrupted (SIGINT): exit 130, leaks 0.
#
# Usage: bench/soak.sh [--minutes M] [--seed S]     Prints one line per job and a summary; exit 1 on
# any failed check, with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=10
seed=$RANDOM
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    *) echo "usage: bench/soak.sh [--minutes M] [--seed S]" >&2; exit 2 ;;
  esac
done
RANDOM=$seed
echo "soak: $minutes min, seed $seed" >&2

dotnet build src/Host -c Release -nologo -v quiet >/dev/null
host=$PWD/src/Host/bin/Release/net10.0/pdmabuf
work=$(mktemp -d /tmp/pdmabuf-soak-XXXXXX)
trap 'kill "$long_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

leaks_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["leaks"])' "$1" 2>/dev/null || echo "no report"; }

deadline=$(( $(date +%s) + minutes * 60 ))

# --- 2. the long-lived run, sampled from /proc ---------------------------------------------------
warmup=$(( minutes * 60 / 5 )); [ "$warmup" -lt 10 ] && warmup=10
# Not a huge --frames: a run reserves 8 bytes per frame for each value a stage records (the report
# lists every frame's value), so Pipeline:Frames is bounded at 10,000,000.
long_frames=$(( minutes * 60 * 10000 )); (( long_frames > 10000000 )) && long_frames=10000000
"$host" run --frames "$long_frames" --size 1280x720 --preview-at 300 --out "$work/long-out" --report "$work/long.json" \
  >"$work/long.out" 2>"$work/long.err" &
long_pid=$!
samples="$work/samples.tsv"
(
  start=$(date +%s)
  # Until told to stop, before the interrupt: the shutdown (the report of every frame) is not the steady state.
  while [ ! -e "$work/stop" ] && kill -0 "$long_pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$long_pid/status" 2>/dev/null || true)
    fds=$(ls "/proc/$long_pid/fd" 2>/dev/null | wc -l)
    [ -n "$rss" ] && printf '%s\t%s\t%s\n' "$(( $(date +%s) - start ))" "$rss" "$fds" >>"$samples"
    sleep 1
  done
) &
sampler=$!

# --- 1. random jobs -----------------------------------------------------------------------------
sizes=(64x48 320x240 640x480 1280x720 1920x1080)
jobs=0; interrupted=0; max_hwm=0
while [ "$(date +%s)" -lt "$((deadline - 5))" ]; do
  jobs=$((jobs + 1))
  size=${sizes[$((RANDOM % ${#sizes[@]}))]}
  allocator=$([ $((RANDOM % 2)) -eq 0 ] && echo central || echo exporter)
  frames=$((30 + RANDOM % 170))
  preview=$((RANDOM % frames))
  report="$work/job$jobs.json"
  signal=""
  [ $((RANDOM % 3)) -eq 0 ] && signal=$([ $((RANDOM % 2)) -eq 0 ] && echo INT || echo TERM)
  # A job that outlives 90 s hung: the soak says so rather than hang itself.
  timeout -k 5 90 /usr/bin/time -f '%M' -o "$work/job.time" "$host" run --frames "$frames" --size "$size" --allocator "$allocator" \
    --preview-at "$preview" --out "$work/out$jobs" --report "$report" >/dev/null 2>"$work/job.err" &
  pid=$!
  if [ -n "$signal" ]; then
    sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
    # timeout's child is GNU time, whose child is the job: signal the job itself, never a name.
    child=$(pgrep -P "$(pgrep -P "$pid" | head -1)" | head -1 || true)
    [ -n "$child" ] && kill -s "$signal" "$child" 2>/dev/null || true
  fi
  set +e; wait "$pid"; code=$?; set -e
  hwm=$(tail -1 "$work/job.time" | tr -dc 0-9); hwm=${hwm:-0}
  [ "$hwm" -gt "$max_hwm" ] && max_hwm=$hwm
  leaks=$(leaks_of "$report")
  echo "job $jobs: $size $allocator frames=$frames preview-at=$preview signal=${signal:-none} exit=$code leaks=$leaks peak-rss=${hwm}KiB" >&2
  case "$code" in
    0) [ "$leaks" = "0" ] || fail "job $jobs: leaks $leaks" ;;
    130) interrupted=$((interrupted + 1))
         # Interrupted before the run started (while the host was starting) writes no report.
         [ "$leaks" = "0" ] || [ "$leaks" = "no report" ] || fail "job $jobs: leaks $leaks after the interrupt" ;;
    124|137) fail "job $jobs hung (killed after 90 s): $(head -c 300 "$work/job.err")"; cp "$work/job.err" "/tmp/pdmabuf-soak-hung-$jobs.err" ;;
    *) fail "job $jobs: exit $code: $(head -c 300 "$work/job.err")" ;;
  esac
  rm -rf "$work/out$jobs" "$report"
done

# --- the long-lived run's end and its samples ----------------------------------------------------
touch "$work/stop"
wait "$sampler" 2>/dev/null || true
if ! kill -0 "$long_pid" 2>/dev/null; then
  fail "the long-lived run ended before the soak did (raise its --frames): $(head -c 300 "$work/long.err")"
else
  # TERM, not INT: a shell without job control starts background commands with SIGINT ignored, and a
  # program leaves an ignored SIGINT ignored (as under nohup). The jobs above get theirs through timeout.
  kill -s TERM "$long_pid"
fi
set +e; wait "$long_pid"; long_code=$?; set -e
cp "$samples" /tmp/pdmabuf-soak-samples.tsv
[ "$long_code" -eq 130 ] || fail "long-lived run: exit $long_code, expected 130: $(head -c 300 "$work/long.err")"
long_leaks=$(leaks_of "$work/long.json")
[ "$long_leaks" = "0" ] || fail "long-lived run: leaks $long_leaks"
verdict=$(python3 - "$samples" "$warmup" <<'PY'
import sys
rows = [tuple(int(x) for x in line.split("\t")) for line in open(sys.argv[1]) if line.strip()]
warmup = int(sys.argv[2])
before = [r for r in rows if r[0] <= warmup]
after = [r for r in rows if r[0] > warmup]
if not before or len(after) < 5:
    print(f"FAIL too few samples ({len(before)} in warm-up, {len(after)} after)")
    sys.exit()
base_rss, base_fds = before[-1][1], before[-1][2]
lo, hi = min(r[1] for r in after), max(r[1] for r in after)
fds = sorted({r[2] for r in after})
ok = lo >= base_rss * 0.9 and hi <= base_rss * 1.1 and fds == [base_fds]
print(("OK" if ok else "FAIL") + f" rss after warm-up {lo}..{hi} KiB against {base_rss} KiB (±10 %), descriptors {fds} against {base_fds}, {len(after)} samples")
PY
)
echo "long-lived run: $verdict" >&2
case "$verdict" in OK*) ;; *) fail "long-lived run: $verdict" ;; esac

echo "soak: $jobs jobs ($interrupted interrupted), peak RSS of a job ${max_hwm} KiB, long-lived run exit $long_code leaks $long_leaks; $failures failure(s)"
[ "$failures" -eq 0 ]
