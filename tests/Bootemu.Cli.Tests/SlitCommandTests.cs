using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>`bootemu slit decode|encode|check` end to end.</summary>
[NonParallelizable]
public class SlitCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("bootemu-slit-cli-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, true);

    private string Yaml(string text)
    {
        string path = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Encode_then_decode_to_yaml_then_encode_gives_the_same_table()
    {
        string bin = Path.Combine(_dir, "s.bin"), again = Path.Combine(_dir, "again.bin");
        Assert.That(CliHarness.Run("slit", "encode", Yaml("distances:\n  - [10, 20]\n  - [20, 10]\n"), "-o", bin).ExitCode, Is.EqualTo(0));
        var decoded = CliHarness.Run("slit", "decode", bin);
        File.WriteAllText(Path.Combine(_dir, "d.yaml"), decoded.Stdout);
        Assert.That(CliHarness.Run("slit", "encode", Path.Combine(_dir, "d.yaml"), "-o", again).ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllBytes(again), Is.EqualTo(File.ReadAllBytes(bin)));
    }

    [Test]
    public void Decode_of_a_table_with_a_bad_checksum_warns_once_and_succeeds()
    {
        string bin = Path.Combine(_dir, "s.bin");
        Assert.That(CliHarness.Run("slit", "encode", Yaml("distances:\n  - [10, 20]\n  - [20, 10]\n"), "-o", bin).ExitCode, Is.EqualTo(0));
        var t = File.ReadAllBytes(bin);
        byte good = t[9];
        t[9] ^= 1;
        File.WriteAllBytes(bin, t);
        var r = CliHarness.Run("slit", "decode", bin);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0));
            Assert.That(r.Stderr, Is.EqualTo($"bootemu: {bin}: offset 0x9 (9): warning: checksum is 0x{t[9]:x2}, should be 0x{good:x2} " +
                "(the kernel warns \"Incorrect checksum in table [SLIT]\" and uses the table anyway)" + Environment.NewLine));
        });
    }

    [Test]
    public void Check_of_a_table_the_kernel_rejects_exits_1()
    {
        var r = CliHarness.Run("slit", "check", Yaml("distances:\n  - [10, 5]\n  - [20, 10]\n"));
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stdout, Does.Contain("offset 0x2d (45): warning: distance from locality 0 to 1 is 5, must be more than 10"));
        });
    }

    /// <summary>A one-locality SLIT whose Length (108) covers 63 zero bytes after the matrix, as three X299 boards ship it.</summary>
    private string X299()
    {
        string bin = Path.Combine(_dir, "x299.bin");
        Assert.That(CliHarness.Run("slit", "encode", Yaml("header: {oem_id: ALASKA, oem_table_id: A M I}\ndistances:\n  - [10]\n"), "-o", bin).ExitCode, Is.EqualTo(0));
        File.WriteAllBytes(bin, RealHardware.Resized(File.ReadAllBytes(bin), 108));
        return bin;
    }

    [Test]
    public void Decode_of_a_slit_longer_than_its_matrix_succeeds_with_a_note()
    {
        string bin = X299();
        var r = CliHarness.Run("slit", "decode", bin);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0));
            Assert.That(r.Stderr, Is.EqualTo($"bootemu: {bin}: offset 0x2d (45): info: 63 bytes after the 1×1 distance matrix: Length is 108, 1 locality needs 45; the kernel reads only the matrix\n"));
            Assert.That(r.Stdout, Does.Contain("trailing: |"));
        });
    }

    [Test]
    public void Slit_longer_than_its_matrix_goes_through_yaml_and_back_byte_for_byte()
    {
        string bin = X299(), again = Path.Combine(_dir, "again.bin");
        File.WriteAllText(Path.Combine(_dir, "d.yaml"), CliHarness.Run("slit", "decode", bin).Stdout);
        Assert.That(CliHarness.Run("slit", "encode", Path.Combine(_dir, "d.yaml"), "-o", again).ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllBytes(again), Is.EqualTo(File.ReadAllBytes(bin)));
    }

    [Test]
    public void Check_of_a_slit_longer_than_its_matrix_exits_0_with_a_note()
    {
        var r = CliHarness.Run("slit", "check", X299());
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0));
            Assert.That(r.Stdout, Does.Contain("offset 0x2d (45): info: 63 bytes after the 1×1 distance matrix"));
            Assert.That(r.Stdout, Does.EndWith("SLIT (108 bytes): 0 warning(s), 1 note(s)\n"));
        });
    }

    [Test]
    public void Acpidump_with_a_malformed_slit_header_line_is_bad_input_naming_the_line_not_a_missing_slit()
    {
        string dump = Path.Combine(_dir, "d.txt");
        File.WriteAllText(dump, File.ReadAllText(RealHardware.AcpiDumpPath(RealHardware.X10DAi)).Replace("SLIT @ 0x0000000000000000", "SLIT @ 0x1FFFFFFFFFFFFFFFF"));
        var r = CliHarness.Run("slit", "decode", dump);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2));
            Assert.That(r.Stderr, Is.EqualTo($"bootemu: {dump}:281: malformed acpidump table header line (expected \"SIG @ 0x\" and a hex address of at most 64 bits): 'SLIT @ 0x1FFFFFFFFFFFFFFFF'\n"));
        });
    }

    [Test]
    public void Truncated_slit_is_bad_input()
    {
        string bin = Path.Combine(_dir, "s.bin");
        File.WriteAllBytes(bin, "SLIT"u8.ToArray());
        var r = CliHarness.Run("slit", "decode", bin);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2));
            Assert.That(r.Stderr, Is.EqualTo($"bootemu: {bin}: offset 0x4 (4): truncated ACPI table header: the data ends after 4 bytes, a header needs 36\n"));
        });
    }
}
