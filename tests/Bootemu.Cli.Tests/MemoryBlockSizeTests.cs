using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>
/// The memory block size of a machine whose memory ends at 64 GiB + 128 MiB, which --bare-metal decides for every verb
/// that boots a machine: a VM takes the largest size that divides that end, bare metal the largest size there is.
/// </summary>
[NonParallelizable]
public class MemoryBlockSizeTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("bootemu-block-size-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string LogEndingPast64GiB()
    {
        string path = Path.Combine(_dir, "dmesg.txt");
        File.WriteAllText(path,
            "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n" +
            "BIOS-e820: [mem 0x0000000000100000-0x00000000bfffffff] usable\n" +
            "BIOS-e820: [mem 0x0000000100000000-0x0000001007ffffff] usable\n");
        return path;
    }

    [Test]
    public void A_VM_ends_dmesg_with_the_largest_block_size_dividing_the_end_of_memory()
    {
        var r = CliHarness.Run("boot", "--e820", LogEndingPast64GiB(), "--format", "dmesg");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.EndWith("x86/mm: Memory block size: 128MB\n"));
    }

    [Test]
    public void Bare_metal_ends_dmesg_with_the_2_GiB_block_size()
    {
        var r = CliHarness.Run("boot", "--e820", LogEndingPast64GiB(), "--bare-metal", "--format", "dmesg");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.EndWith("x86/mm: Memory block size: 2048MB\n"));
    }

    [Test]
    public void Hotplug_on_bare_metal_uses_the_2_GiB_block_size()
    {
        string script = Path.Combine(_dir, "script.yaml");
        File.WriteAllText(script, "steps: []\n");
        var r = CliHarness.Run("hotplug", "--e820", LogEndingPast64GiB(), "--bare-metal", "--script", script);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("memory block size 2048MB"));
    }
}
