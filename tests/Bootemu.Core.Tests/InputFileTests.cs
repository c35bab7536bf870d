using NUnit.Framework;

namespace Bootemu.Core.Tests;

public class InputFileTests
{
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "bootemu-inputfile-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Missing_file_says_no_such_file()
    {
        string path = Path.Combine(_dir, "absent.bin");
        var e = Assert.Throws<InputException>(() => InputFile.ReadBytes(path))!;
        Assert.That(e.OneLine, Is.EqualTo($"{path}: cannot read: no such file"));
    }

    [Test]
    public void Directory_says_is_a_directory()
    {
        var e = Assert.Throws<InputException>(() => InputFile.ReadBytes(_dir))!;
        Assert.That(e.OneLine, Is.EqualTo($"{_dir}: cannot read: is a directory"));
    }

    [Test]
    public void Reference_from_another_file_names_the_referring_place_and_the_path()
    {
        string path = Path.Combine(_dir, "absent.bin");
        var e = Assert.Throws<InputException>(() => InputFile.ReadBytes(path, "machine.yaml:3:7"))!;
        Assert.That(e.OneLine, Is.EqualTo($"machine.yaml:3:7: cannot read '{path}': no such file"));
    }

    [Test]
    public void Endless_input_is_refused_at_the_limit()
    {
        Assume.That(File.Exists("/dev/zero"), "needs /dev/zero");
        var e = Assert.Throws<InputException>(() => InputFile.ReadBytes("/dev/zero"))!;
        Assert.That(e.OneLine, Does.StartWith($"/dev/zero: cannot read: larger than the {InputFile.MaxBytesText} limit"));
    }

    [Test]
    public void File_of_exactly_the_limit_is_read()
    {
        string path = Path.Combine(_dir, "big.bin");
        using (var f = File.Create(path)) f.SetLength(InputFile.MaxBytes);
        Assert.That(InputFile.ReadBytes(path).Length, Is.EqualTo(InputFile.MaxBytes));
    }

    [Test]
    public void Text_drops_a_byte_order_mark() =>
        Assert.That(InputFile.Decode("\uFEFFabc"u8), Is.EqualTo("abc"));
}
