#!/usr/bin/env bash
# Writes every output bootemu gives for the shipped fixtures and the conformance boots into one folder, one file per
# command (stdout, stderr and exit code), so that two builds can be compared with `diff -r` after a change that must not
# change output (a refactoring):
#
#   tools/output-snapshot.sh BOOTEMU OUT_DIR
#   e.g. tools/output-snapshot.sh "dotnet src/Bootemu.Cli/bin/Debug/net10.0/bootemu.dll" /tmp/before
#
# Covers: boot of every fixture and every conformance case (its srat.bin, console.log and command line) in every
# format; hotplug scripts (offline/online, allocations, node removal, hot-add and remove) on the fixtures in every
# format; srat/slit decode in every form and check of every table the repository holds.
set -uo pipefail
bootemu=$1
out=$2
out=$(mkdir -p "$out" && cd "$out" && pwd)
# Paths are given relative to the repository root, so snapshots of two work trees compare equal.
cd "$(dirname "$0")/.."
repo=.
run() { # name, args...
  local name=$1; shift
  $bootemu "$@" >"$out/$name.out" 2>"$out/$name.err"
  echo "exit $?" >>"$out/$name.err"
}

for fixture in "$repo"/firmware-tables/*.yaml; do
  f=$(basename "$fixture" .yaml)
  for format in text dmesg json zoneinfo; do
    run "boot.$f.$format" boot "$fixture" --format "$format"
    run "boot.$f.movable_node.$format" boot "$fixture" --cmdline "movable_node" --format "$format"
  done
done

for dir in "$repo"/tests/conformance/*/; do
  c=$(basename "$dir")
  [ -f "$dir/srat.bin" ] || continue
  cmdline=$(cat "$dir/cmdline" 2>/dev/null || echo "")
  for format in text dmesg json zoneinfo; do
    run "conf.$c.$format" boot --srat "$dir/srat.bin" --e820 "$dir/console.log" --cmdline "$cmdline" --format "$format"
  done
  for form in yaml json dsl; do run "srat.$c.$form" srat decode "$dir/srat.bin" --format "$form"; done
  run "srat.$c.check" srat check "$dir/srat.bin"
done

# A fixed folder: script paths appear in error messages, which must compare equal between two runs.
scripts=${TMPDIR:-/tmp}/bootemu-snapshot-scripts
mkdir -p "$scripts"
cat >"$scripts/node1.yaml" <<'YAML'
steps:
  - alloc: {kind: unmovable, size: 64M, node: 1}
  - alloc: {kind: movable, size: 256M, node: 1}
  - offline_node: 1
  - remove_node: 1
YAML
cat >"$scripts/blocks.yaml" <<'YAML'
steps:
  - offline: 40
  - online_kernel: 40
  - offline: 40
  - online_movable: 40
  - offline: 2
YAML
cat >"$scripts/hotadd.yaml" <<'YAML'
steps:
  - hot_add: {base: 0x2000000000, size: 1G}
  - online_movable: {block: 1024}
  - offline: {block: 1024}
  - remove: {base: 0x2000000000, size: 1G}
YAML
for fixture in "$repo"/firmware-tables/*.yaml; do
  f=$(basename "$fixture" .yaml)
  [ "$f" = generated-large ] && continue
  for s in node1 blocks hotadd; do
    for format in text lsmem sysfs json; do
      run "hotplug.$f.$s.$format" hotplug "$fixture" --script "$scripts/$s.yaml" --keep-going --format "$format"
      run "hotplug.$f.$s.movable_node.$format" hotplug "$fixture" --cmdline movable_node --script "$scripts/$s.yaml" --keep-going --format "$format"
    done
  done
done

for table in "$repo"/tests/conformance/*/slit.bin; do
  [ -f "$table" ] || continue
  c=$(basename "$(dirname "$table")")
  for form in yaml json dsl; do run "slit.$c.$form" slit decode "$table" --format "$form"; done
done
echo "$(ls "$out" | wc -l) files in $out"
