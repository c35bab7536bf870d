# Sourced by the timing scripts (boot-timing.sh, advise-timing.sh).
# time_runs RUNS OUT COMMAND...: runs COMMAND RUNS times, its standard output to OUT and its standard error dropped,
# and sets BEST_EL and MEDIAN_EL (elapsed) and BEST_CPU (user+sys, all cores), in milliseconds.
time_runs() {
  local runs=$1 out=$2 timefile el us sy el_ms cpu_ms all_el=()
  shift 2
  timefile=$(mktemp /tmp/time-runs.XXXXXX)
  BEST_EL=""; BEST_CPU=""
  for _ in $(seq "$runs"); do
    # bash's own timer: milliseconds (/usr/bin/time only gives hundredths of a second).
    TIMEFORMAT='%3R %3U %3S'
    { time "$@" > "$out" 2> /dev/null; } 2> "$timefile"
    read -r el us sy < "$timefile"
    el_ms=$(awk -v e="$el" 'BEGIN {printf "%d", e * 1000 + 0.5}')
    cpu_ms=$(awk -v u="$us" -v s="$sy" 'BEGIN {printf "%d", (u + s) * 1000 + 0.5}')
    all_el+=("$el_ms")
    if [[ -z $BEST_EL || $el_ms -lt $BEST_EL ]]; then BEST_EL=$el_ms; fi
    if [[ -z $BEST_CPU || $cpu_ms -lt $BEST_CPU ]]; then BEST_CPU=$cpu_ms; fi
  done
  rm -f "$timefile"
  MEDIAN_EL=$(printf '%s\n' "${all_el[@]}" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
}
