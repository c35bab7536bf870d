#!/usr/bin/env bash
# Whole-process timing of `bootemu boot` (NativeAOT) on generated machines: 1,024 nodes covering
# 64 TiB with 1, 4, 16 and 64 SRAT memory entries per node (1K, 4K, 16K, 64K entries in all), and
# "2a": 2 entries per node that the kernel accepts. (The generator's 2-per-node table has 2,050
# entries, node 0's [0, 640K) and [1M, 2G) being two more, and the kernel refuses more than 2,048;
# in 2a node 0's low memory is one entry [0, 2G) and its memory above 4 GiB one entry, so every node
# has exactly 2 and the table 2,048.)
# The SRAT and SLIT go in as binary files next to the fixture (srat: {file: ...}), as a real
# machine's tables would, so the time is the boot, not the parsing of a multi-megabyte YAML table.
#
# Columns: best and median elapsed time of the runs, best user+sys time, and the kernel's verdict on the SRAT.
#
#   dotnet publish src/Bootemu.Cli -c Release -r linux-x64 -o /tmp/bootemu-aot --artifacts-path /tmp/art-perf-aot
#   tools/boot-timing.sh [/tmp/bootemu-aot/bootemu] [runs]
set -euo pipefail
bootemu=${1:-/tmp/bootemu-aot/bootemu}
runs=${2:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/boot-timing.XXXXXX)
trap 'rm -rf "$work"' EXIT
# shellcheck source=time-runs.sh
source "$repo/tools/time-runs.sh"

# The YAML block of one top-level key, dedented, as a stand-alone table description.
block() { awk -v key="$1:" '$0 == key {on=1; next} on && /^[a-z_]+:/ {exit} on {sub(/^  /, ""); print}' "$2"; }

printf '%-8s %-10s %-14s %-14s %-14s %s\n' entries per-node "elapsed (ms)" "median (ms)" "user+sys (ms)" "kernel verdict"
# 2a from the generator's 2-per-node SRAT listing: node 0's entries become [0, 2G) and one above 4 GiB.
fold_node0() {
  python3 -c '
import re, sys
lines = sys.stdin.read().splitlines()
mem = [i for i, l in enumerate(lines) if re.search(r"memory: \{pxm: 0,", l)]
low, low2, high, high2 = mem[:4]
field = lambda l, k: int(re.search(k + r": (0x[0-9a-f]+)", l).group(1), 16)
lines[low] = re.sub(r"length: 0x[0-9a-f]+", "length: %#x" % (field(lines[low2], "base") + field(lines[low2], "length")), lines[low])
lines[high] = re.sub(r"length: 0x[0-9a-f]+", "length: %#x" % (field(lines[high], "length") + field(lines[high2], "length")), lines[high])
print("\n".join(re.sub(r"  # offset.*", "", l) for i, l in enumerate(lines) if i not in (low2, high2)))
'
}

for per in 1 2a 4 16 64; do
  full=$work/full-$per.yaml
  dotnet run --project "$repo/tools/Bootemu.FixtureGen" -c Release --artifacts-path /tmp/art-boot-timing -- \
    --nodes 1024 --entries-per-node "${per%a}" --total 65532G --hotplug-share 0.5 -o "$full" --force > /dev/null
  if [[ $per == 2a ]]; then block srat "$full" | fold_node0 > "$work/srat-$per.yaml"; else block srat "$full" > "$work/srat-$per.yaml"; fi
  block slit "$full" > "$work/slit-$per.yaml"
  "$bootemu" srat encode "$work/srat-$per.yaml" -o "$work/srat-$per.bin" > /dev/null
  "$bootemu" slit encode "$work/slit-$per.yaml" -o "$work/slit-$per.bin" > /dev/null
  fast=$work/machine-$per.yaml
  # The machine's ACPI table list gives the SRAT's length: the encoded table's.
  srat_len=$(printf '%#x' "$(stat -c %s "$work/srat-$per.bin")")
  awk -v len="$srat_len" '/^srat:/ {exit} /signature: SRAT/ {sub(/length: 0x[0-9a-f]+/, "length: " len)} {print}' "$full" > "$fast"
  printf 'srat: {file: srat-%s.bin}\nslit: {file: slit-%s.bin}\n' "$per" "$per" >> "$fast"

  time_runs "$runs" "$work/dmesg-$per.txt" "$bootemu" boot "$fast" --format dmesg
  verdict=$(grep -m1 -E '^(No NUMA configuration found|NODE_DATA\(1023\))' "$work/dmesg-$per.txt" || true)
  entries=$(grep -c 'memory:' "$work/srat-$per.yaml")
  printf '%-8s %-10s %-14s %-14s %-14s %s\n' "$entries" "$per" "$BEST_EL" "$MEDIAN_EL" "$BEST_CPU" "${verdict:-?}"
done
