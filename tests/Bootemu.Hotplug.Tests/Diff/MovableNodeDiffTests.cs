using System.Text.Json;
using Bootemu.Hotplug.Diff;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests.Diff;

/// <summary>
/// The diff of two real Linux 6.1 boots of the same two-node machine, node 1 hot-pluggable, without and with
/// movable_node (srat2_hp1_no_movable_node, srat2_hp1_movable_node): what differs must be what differed between the
/// two real boots.
/// </summary>
public class MovableNodeDiffTests
{
    private const string Without = "srat2_hp1_no_movable_node";
    private const string With = "srat2_hp1_movable_node";

    private static readonly Lazy<BootDiff> Diff = new(() => BootDiffer.Compare(DiffSides.Of(Without), DiffSides.Of(With)));

    private static JsonElement Expected(string caseName) => ConformanceCase.Load(caseName).Expected;

    [Test]
    public void Zones_whose_span_or_present_pages_changed_are_those_the_real_zoneinfo_changed()
    {
        static Dictionary<string, string> Zoneinfo(string caseName) => Expected(caseName).GetProperty("zoneinfo").EnumerateArray().ToDictionary(
            z => $"node {z.GetProperty("node").GetInt32()} {z.GetProperty("zone").GetString()}",
            z => $"{z.GetProperty("spanned").GetUInt64()} {z.GetProperty("present").GetUInt64()}");
        var a = Zoneinfo(Without);
        var b = Zoneinfo(With);
        var real = a.Keys.Where(k => a[k] != b[k]).Select(k => $"{k}: {a[k]} -> {b[k]}");

        string Counts(ZoneChange z, Func<FieldChange, DiffValue?> side) =>
            string.Join(" ", new[] { "spanned", "present" }.Select(f => z.Fields.FirstOrDefault(c => c.Field == f) is { } c ? side(c)!.Value.Text : null));
        var emulated = Diff.Value.Zones.Where(z => z.Fields.Any(f => f.Field is "spanned" or "present"))
            .Select(z => $"node {z.Nid} {z.Zone}: {Counts(z, c => c.A)} -> {Counts(z, c => c.B)}");

        Assert.That(emulated, Is.EqualTo(real));
    }

    [Test]
    public void Movable_zone_starts_on_node_1_where_the_real_boot_printed_it()
    {
        string printed = Expected(With).GetProperty("movable_zone_start").EnumerateArray().Single().GetProperty("start").GetString()!;
        Assert.That(Expected(Without).GetProperty("movable_zone_start").GetArrayLength(), Is.Zero);
        Assert.That(Diff.Value.MovableStarts, Is.EqualTo(new[] { new MovableStartChange(1, null, Convert.ToUInt64(printed, 16) >> 12) }));
    }

    [Test]
    public void Node_1_becomes_removable()
    {
        var change = Diff.Value.Readiness.Single();
        Assert.That((change.Nid, change.A?.Removable, change.B?.Removable), Is.EqualTo((1, false, true)));
    }

    [Test]
    public void The_reasons_node_1_could_not_be_removed_are_gone_with_it()
    {
        var change = Diff.Value.Readiness.Single();
        Assert.That(change.OnlyInA, Is.EquivalentTo(change.A!.Blockers.Select(b => b.Text)));
        Assert.That(change.OnlyInB, Is.Empty);
    }

    [Test]
    public void NODE_DATA_1_moves_to_node_0_where_the_real_boots_put_it()
    {
        static ulong RealBase(string caseName) => Convert.ToUInt64(
            System.Text.RegularExpressions.Regex.Match(ConformanceCase.Load(caseName).KernelLinesStartingWith("NODE_DATA(1) allocated").Single(),
                @"\[mem 0x([0-9a-f]+)-").Groups[1].Value, 16);
        var move = Diff.Value.Allocations.Single(a => a.What == "NODE_DATA(1)");
        // The kernel prints NODE_DATA's range from its page-aligned start; the allocation itself starts inside that page.
        Assert.That((move.A!.Nid, move.A.Base & ~0xfffUL), Is.EqualTo((1, RealBase(Without))));
        Assert.That((move.B!.Nid, move.B.Base & ~0xfffUL), Is.EqualTo((0, RealBase(With))));
    }

    [Test]
    public void Memory_blocks_that_changed_zone_are_those_the_real_sysfs_changed()
    {
        static Dictionary<string, string> Blocks(string caseName) => Expected(caseName).GetProperty("memory_blocks").EnumerateArray().ToDictionary(
            b => b.GetProperty("start").GetString()!,
            b => $"{b.GetProperty("state").GetString()} {string.Join(" ", b.GetProperty("valid_zones").EnumerateArray().Select(z => z.GetString()))} node {string.Join(",", b.GetProperty("nodes").EnumerateArray().Select(n => n.GetInt32()))}");
        var a = Blocks(Without);
        var b = Blocks(With);
        ulong blockSize = Convert.ToUInt64(Expected(With).GetProperty("memory_block_size_bytes").GetString(), 16);
        var real = a.Keys.Where(k => a[k] != b[k]).Select(k => $"0x{Convert.ToUInt64(k, 16):x}: {a[k]} -> {b[k]}");

        var emulated = Diff.Value.Blocks.SelectMany(r => Enumerable.Range(0, (int)((r.End - r.Start) / blockSize))
            .Select(i => $"0x{r.Start + (ulong)i * blockSize:x}: {r.A} -> {r.B}"));

        Assert.That(emulated, Is.EqualTo(real));
    }
}
