using Bootemu.Machine.E820;
using Bootemu.Machine.Live;
using NUnit.Framework;

namespace Bootemu.Machine.Tests.Live;

/// <summary>/sys/firmware/memmap read back as the firmware's e820 map.</summary>
public class FirmwareMemmapTests
{
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("bootemu-memmap-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private void Entry(int index, string start, string end, string type)
    {
        string dir = Path.Combine(_root, LiveLayout.FirmwareMemmap, index.ToString());
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "start"), start + "\n");
        File.WriteAllText(Path.Combine(dir, "end"), end + "\n");
        File.WriteAllText(Path.Combine(dir, "type"), type + "\n");
    }

    [Test]
    public void Entries_are_read_in_address_order_with_inclusive_ends()
    {
        // A hot-added range's folder is published first (0); the boot's entries follow at a late initcall.
        Entry(0, "0x180000000", "0x1bfffffff", "System RAM");
        Entry(1, "0x0", "0x9fbff", "System RAM");
        Entry(2, "0x9fc00", "0x9ffff", "Reserved");
        var map = FirmwareMemmap.Read(_root)!;
        Assert.That(map.Entries, Is.EqualTo(new[]
        {
            new E820Entry(0, 0x9fc00, E820Type.Ram),
            new E820Entry(0x9fc00, 0x400, E820Type.Reserved),
            new E820Entry(0x180000000, 0x40000000, E820Type.Ram),
        }));
    }

    [TestCase("ACPI Tables", E820Type.Acpi)]
    [TestCase("ACPI Non-volatile Storage", E820Type.Nvs)]
    [TestCase("Persistent Memory (legacy)", E820Type.Pram)]
    [TestCase("Soft Reserved", E820Type.SoftReserved)]
    public void Each_type_name_reads_as_its_e820_type(string name, E820Type type)
    {
        Entry(0, "0x100000", "0x1fffff", name);
        Assert.That(FirmwareMemmap.Read(_root)!.Entries.Single().Type, Is.EqualTo(type));
    }

    [Test]
    public void An_unknown_type_is_an_error_naming_its_file()
    {
        Entry(0, "0x0", "0xfff", "Unknown E820 type");
        var e = Assert.Throws<Bootemu.Core.InputException>(() => FirmwareMemmap.Read(_root));
        Assert.That(e!.OneLine, Does.Contain("memmap/0/type").And.Contain("unknown firmware memory map type"));
    }

    [Test]
    public void Ram_the_boot_map_has_not_was_hot_added()
    {
        var memmap = new E820Table([new E820Entry(0, 0x80000000, E820Type.Ram), new E820Entry(0x180000000, 0x40000000, E820Type.Ram)]);
        var bios = new E820Table([new E820Entry(0, 0x80000000, E820Type.Ram)]);
        Assert.That(FirmwareMemmap.HotAdded(memmap, bios), Is.EqualTo(new[] { new E820Entry(0x180000000, 0x40000000, E820Type.Ram) }));
    }
}
