using Bootemu.Hotplug.Diff;

namespace Bootemu.Hotplug.Tests.Diff;

/// <summary>Two boots of the same input with the same kernel and command line.</summary>
public class IdenticalBootsDiffTests
{
    private static BootDiff Diff() => BootDiffer.Compare(DiffSides.Of("srat2_hp1_movable_node"), DiffSides.Of("srat2_hp1_movable_node"));

    [Test]
    public void Identical_boots_are_the_same() => Assert.That(Diff().Same, Is.True);

    [Test]
    public void Identical_boots_print_no_differences() =>
        Assert.That(BootDiffText.Render(Diff()), Does.EndWith("\nno differences\n"));

    [Test]
    public void Identical_boots_have_empty_difference_lists_in_json()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(BootDiffJson.Render(Diff()));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("same").GetBoolean(), Is.True);
        foreach (var list in new[] { "boot", "nodes", "zones", "movable_start", "readiness", "early_allocations", "memory_blocks", "dmesg" })
            Assert.That(root.GetProperty(list).GetArrayLength(), Is.Zero, list);
    }
}
