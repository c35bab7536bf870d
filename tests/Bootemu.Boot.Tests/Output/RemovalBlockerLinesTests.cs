using Bootemu.Boot.Model;
using Bootemu.Boot.Output;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Output;

/// <summary>How the text report words the reasons a node is not removable.</summary>
public class RemovalBlockerLinesTests
{
    private static RemovalBlocker Blocker(EarlyAllocation a) => RemovalBlocker.Of(new SizedWords(
        $"early allocation \"{SizedWords.Literal(a.What)}\" of {{0}} sits at 0x{a.Base:x} on it (PageReserved for good)", [a.Size]),
        bytes => $"{bytes} bytes") with { Allocation = a };

    private static EarlyAllocation PerCpu(ulong at) => new(EarlyAllocationKind.Percpu, "per-cpu areas for node 1", at, 264UL << 10, 1, 1);

    [Test]
    public void An_early_allocation_is_worded_with_its_size_in_binary_units()
    {
        var nodeData = new EarlyAllocation(EarlyAllocationKind.NodeData, "NODE_DATA(1)", 0x107ff9c680, 174464, 1, 1);
        Assert.That(RemovalBlockerLines.Of([Blocker(nodeData)]), Is.EqualTo(new[]
        {
            "early allocation \"NODE_DATA(1)\" of 170.4 KiB sits at 0x000000107ff9c680 on it (PageReserved for good)",
        }));
    }

    [Test]
    public void The_words_the_json_carries_keep_the_size_in_bytes()
    {
        var nodeData = new EarlyAllocation(EarlyAllocationKind.NodeData, "NODE_DATA(1)", 0x107ff9c680, 174464, 1, 1);
        Assert.That(Blocker(nodeData).Text, Does.Contain("of 174464 bytes sits at"));
    }

    [Test]
    public void A_run_of_allocations_of_one_name_and_size_is_one_line_with_their_count_and_extent()
    {
        var run = Enumerable.Range(0, 16).Select(i => Blocker(PerCpu(0x105f600000UL + (ulong)i * 0x80000))).ToList();
        Assert.That(RemovalBlockerLines.Of(run), Is.EqualTo(new[]
        {
            "16 early allocations \"per-cpu areas for node 1\" of 264 KiB each (4.1 MiB in all) sit in " +
            "[0x000000105f600000-0x000000105fdc1fff] on it (PageReserved for good)",
        }));
    }

    [Test]
    public void Allocations_of_one_name_but_another_size_are_not_grouped()
    {
        var other = PerCpu(0x105f680000) with { Size = 8192 };
        Assert.That(RemovalBlockerLines.Of([Blocker(PerCpu(0x105f600000)), Blocker(other)]).Count(), Is.EqualTo(2));
    }

    [Test]
    public void A_reason_with_a_size_is_worded_in_binary_units_and_one_without_as_it_is()
    {
        var zone = RemovalBlocker.Of(new SizedWords("{0} of it is in kernel zone Normal", [(4UL << 30) - (16UL << 20)]), b => "4.0 GiB");
        var slab = new RemovalBlocker("the kernel keeps slab pages in memory block 17");
        Assert.That(RemovalBlockerLines.Of([zone, slab]), Is.EqualTo(new[]
        {
            "4 GiB of it is in kernel zone Normal",
            "the kernel keeps slab pages in memory block 17",
        }));
    }
}
