#!/usr/bin/env bash
# Whole-process timing of `bootemu advise` (NativeAOT): the search on firmware-tables/four-node-2hotplug-hole.yaml for
# nodes 2 and 3 with an empty command line (so that they are not removable as booted and the whole option space is
# tried). Prints the candidates tried, the best and median elapsed time of the runs, the best user+sys time (all
# cores), the cores and the load average when it started; the goal is under a second elapsed on 2 cores.
#
#   dotnet publish src/Bootemu.Cli -c Release -r linux-x64 -o /tmp/bootemu-aot --artifacts-path /tmp/art-perf-aot
#   tools/advise-timing.sh [/tmp/bootemu-aot/bootemu] [runs]
set -euo pipefail
bootemu=${1:-/tmp/bootemu-aot/bootemu}
runs=${2:-7}
repo=$(cd "$(dirname "$0")/.." && pwd)
fixture=$repo/firmware-tables/four-node-2hotplug-hole.yaml
work=$(mktemp -d /tmp/advise-timing.XXXXXX)
trap 'rm -rf "$work"' EXIT
# shellcheck source=time-runs.sh
source "$repo/tools/time-runs.sh"

load=$(cut -d' ' -f1-3 /proc/loadavg)
time_runs "$runs" "$work/advice.json" "$bootemu" advise "$fixture" --cmdline "" --removable 2,3 --format json
tried=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["candidates_tried"])' "$work/advice.json")
printf '%-10s %-14s %-14s %-14s %-6s %s\n' candidates "elapsed (ms)" "median (ms)" "user+sys (ms)" cores "load average"
printf '%-10s %-14s %-14s %-14s %-6s %s\n' "$tried" "$BEST_EL" "$MEDIAN_EL" "$BEST_CPU" "$(nproc)" "$load"
