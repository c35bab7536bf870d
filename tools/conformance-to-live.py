#!/usr/bin/env python3
"""conformance-to-live.py CASE_DIR OUT: render a conformance boot (srat.bin, console.log and the expected.json the boot
recorded from the real machine) as the copy of a live machine that `bootemu boot --live OUT` reads, the layout
tools/collect-live.sh writes: the SRAT, the firmware memmap, /proc/cmdline, the kernel release, /proc/zoneinfo (the
fields the boot recorded), the memory blocks and the node masks, and console.log as dmesg.txt."""
import json
import os
import shutil
import sys


def write(out, path, text):
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


def zoneinfo(zones):
    lines = []
    for z in zones:
        lines.append(f"Node {z['node']}, zone {z['zone']:>8}")
        lines.append(f"  pages free     {z['free']}")
        lines.append(f"        spanned  {z['spanned']}")
        lines.append(f"        present  {z['present']}")
        lines.append(f"        managed  {z['managed']}")
        lines.append(f"        cma      {z['cma']}")
        lines.append("        protection: (" + ", ".join(str(p) for p in z["protection"]) + ")")
        if "start_pfn" in z:
            lines.append(f"  start_pfn:           {z['start_pfn']}")
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: conformance-to-live.py CASE_DIR OUT")
    case, out = sys.argv[1:]
    expected = json.load(open(os.path.join(case, "expected.json")))
    os.makedirs(out, exist_ok=True)
    os.makedirs(os.path.join(out, "sys/firmware/acpi/tables"), exist_ok=True)
    shutil.copyfile(os.path.join(case, "srat.bin"), os.path.join(out, "sys/firmware/acpi/tables/SRAT"))
    shutil.copyfile(os.path.join(case, "console.log"), os.path.join(out, "dmesg.txt"))
    for i, e in enumerate(expected["firmware_memmap"]):
        for key in ("start", "end", "type"):
            write(out, f"sys/firmware/memmap/{i}/{key}", e[key] + "\n")
    write(out, "proc/cmdline", expected["proc_cmdline"] + "\n")
    write(out, "proc/sys/kernel/osrelease", expected["kernel_release"] + "\n")
    write(out, "proc/zoneinfo", zoneinfo(expected["zoneinfo"]))
    write(out, "sys/devices/system/memory/block_size_bytes", expected["memory_block_size_bytes"].removeprefix("0x") + "\n")
    for b in expected["memory_blocks"]:
        block = f"sys/devices/system/memory/memory{b['id']}"
        write(out, f"{block}/state", b["state"] + "\n")
        write(out, f"{block}/valid_zones", " ".join(b["valid_zones"]) + "\n")
        for n in b["nodes"]:
            write(out, f"{block}/node{n}", "")
    for mask, value in expected["node_masks"].items():
        write(out, f"sys/devices/system/node/{mask}", value + "\n")


main()
