using NUnit.Framework;

namespace Bootemu.Core.Tests;

public class SizeParserTests
{
    [TestCase("0", 0UL)]
    [TestCase("4096", 4096UL)]
    [TestCase("0x1000", 4096UL)]
    [TestCase("0X1e", 30UL)]
    [TestCase("0x1E", 30UL)]
    [TestCase("9999999999999999999", 9999999999999999999UL)]
    [TestCase("18446744073709551615", ulong.MaxValue)]
    [TestCase("0xffffffffffffffff", ulong.MaxValue)]
    [TestCase("0x00000000000000001", 1UL)]
    [TestCase("4K", 4096UL)]
    [TestCase("1_000", 1000UL)]
    public void Plain_and_suffixed_numbers_parse(string text, ulong expected)
    {
        Assert.That(SizeParser.TryParse(text, out ulong value, out string? error), Is.True, error);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("18446744073709551616", "does not fit in 64 bits")]
    [TestCase("0x10000000000000000", "does not fit in 64 bits")]
    [TestCase("0x", "is not a number")]
    [TestCase("12z", "is not a number")]
    public void Bad_numbers_say_why(string text, string why)
    {
        Assert.That(SizeParser.TryParse(text, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain(why));
    }
}
