using System.Text;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Script;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Output;

/// <summary>The default report: each step's result (with the kernel lines it printed), then the block table.</summary>
public static class HotplugText
{
    public static string Steps(ScriptRun run)
    {
        var text = new StringBuilder();
        var kernel = run.Final.Kernel;
        text.Append($"kernel: Linux {kernel.Version} ({kernel.Build}); hot-added memory is {run.Final.AutoOnlineType.ToWord()} by default\n");
        foreach (var d in run.Final.DevicesAtBoot)
            text.Append($"at boot: memory device [mem {Printk.AltHex(d.Device.Base, 10)}-{Printk.AltHex(d.Device.End - 1, 10)}]: "
                        + (d.Error is { } de ? $"{de}: {d.Detail}" : $"ok: {d.Detail}") + "\n");
        foreach (var s in run.Steps)
        {
            string result = s.Skipped ? "skipped (an earlier step failed)"
                : s.Error is { } e ? $"{e}: {s.Detail}"
                : s.Detail.Length == 0 ? "ok" : $"ok: {s.Detail}";
            text.Append($"step {s.Number}: {s.Step.Describe()}: {result}\n");
            foreach (var line in s.KernelLines.Where(l => l.Level != KernelLogLevel.Debug))
                text.Append($"  kernel: {line.Text}\n");
        }
        text.Append(DerivedZonesView.Text(run));
        return text.ToString();
    }

    /// <summary>One row per block: id, range, state, valid_zones, nodes, and what pins or fills it.</summary>
    public static string Blocks(HotplugMachine m)
    {
        var text = new StringBuilder();
        text.Append($"memory block size {m.BlockSize >> 20}MB (block_size_bytes {SysfsView.BlockSizeBytes(m)}), online nodes {string.Join(",", m.OnlineNodes)}\n");
        foreach (var b in m.Blocks.Values)
        {
            var zones = string.Join(" ", ZonePolicy.ValidZones(m, b));
            string range = $"[mem {Printk.AltHex(b.Base, 10)}-{Printk.AltHex(b.Base + b.Size - 1, 10)}]";
            var notes = new List<string>();
            if (b.HasHoles) notes.Add($"holes: {b.Pages - b.SystemRamPages} pages not System RAM");
            foreach (var r in b.Reserved) notes.Add($"reserved {r.Pages} pages ({r.What})");
            foreach (var sl in b.Slab) notes.Add($"kernel slab {sl.Pages} pages ({sl.Owner})");
            if (b.VmemmapPages != 0) notes.Add($"own memmap {b.VmemmapPages} pages");
            foreach (var (kind, pages) in b.Used.OrderBy(u => u.Key)) notes.Add($"{kind.Name()} {pages} pages");
            if (DerivedZonesView.BlockNote(m, b) is { } derived) notes.Add(derived);
            text.Append($"memory{b.Id,-5} {range,-36} {b.State.Word(),-7} {zones,-15} nodes {string.Join(",", b.Nodes)}");
            if (notes.Count > 0) text.Append("  ").Append(string.Join("; ", notes));
            text.Append('\n');
        }
        return text.ToString();
    }
}
