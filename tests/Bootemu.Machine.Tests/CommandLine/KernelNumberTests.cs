using Bootemu.Machine.CommandLine;
namespace Bootemu.Machine.Tests.CommandLine;

/// <summary>memparse and simple_strtoull as lib/cmdline.c and lib/vsprintf.c define them (docs/linux-6.1-boot-memory.md §5).</summary>
public class KernelNumberTests
{
    [TestCase("4096", 4096UL)]
    [TestCase("0x1000", 0x1000UL)]
    [TestCase("010", 8UL)]          // a leading 0 means octal
    [TestCase("08", 0UL)]           // octal stops at the 8
    [TestCase("1G", 1UL << 30)]
    [TestCase("1GB", 1UL << 30)]    // one suffix letter only; the B is left unread
    [TestCase("2m", 2UL << 20)]
    [TestCase("3t", 3UL << 40)]
    [TestCase("1P", 1UL << 50)]
    [TestCase("1e", 1UL << 60)]
    [TestCase("0x1e", 0x1eUL)]      // in hex, e is a digit, not the exa suffix
    [TestCase("abc", 0UL)]
    [TestCase("-1G", 0UL)]          // no sign
    [TestCase("", 0UL)]
    public void Memparse_reads_like_the_kernel(string text, ulong expected) =>
        Assert.That(KernelNumber.Memparse(text), Is.EqualTo(expected));

    [Test]
    public void Memparse_shift_overflows_silently() =>
        Assert.That(KernelNumber.Memparse("32E"), Is.EqualTo(0UL)); // 32 << 60 wraps to 0

    [Test]
    public void Simple_strtoull_wraps_past_64_bits() =>
        Assert.That(KernelNumber.SimpleStrtoull("18446744073709551617", 0, out _), Is.EqualTo(1UL));

    [Test]
    public void Hex_prefix_without_a_hex_digit_reads_the_zero_only()
    {
        ulong v = KernelNumber.SimpleStrtoull("0xg", 0, out int end);
        Assert.That((v, end), Is.EqualTo((0UL, 1)));
    }

    [Test]
    public void Memparse_end_points_after_the_suffix()
    {
        KernelNumber.Memparse("1G@4G", 0, out int end);
        Assert.That(end, Is.EqualTo(2));
    }
}
