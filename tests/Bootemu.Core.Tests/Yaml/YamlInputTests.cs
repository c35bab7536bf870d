using Bootemu.Core.Yaml;
using NUnit.Framework;

namespace Bootemu.Core.Tests.Yaml;

public class YamlInputTests
{
    [Test]
    public void Unknown_key_is_reported_with_line_and_column()
    {
        var map = YamlInput.Load("base: 0x1000\nsize: 4K\nsizze: 1\n", "t.yaml").AsMap();
        map.Required("base");
        map.Required("size");
        var e = Assert.Throws<InputException>(() => map.RejectUnknownKeys())!;
        Assert.That(e.OneLine, Does.StartWith("t.yaml:3:1: unknown key 'sizze'"));
    }

    [Test]
    public void Sizes_accept_hex_decimal_and_kernel_suffixes()
    {
        var map = YamlInput.Load("a: 0x1000\nb: 4096\nc: 4K\nd: 1G\n", "t.yaml").AsMap();
        Assert.That(new[] { map.Required("a").AsU64(), map.Required("b").AsU64(), map.Required("c").AsU64(), map.Required("d").AsU64() },
            Is.EqualTo(new ulong[] { 4096, 4096, 4096, 1UL << 30 }));
    }

    [Test]
    public void Negative_size_is_an_error_at_its_position()
    {
        var map = YamlInput.Load("a: 1\nb: -5\n", "t.yaml").AsMap();
        var e = Assert.Throws<InputException>(() => map.Required("b").AsU64())!;
        Assert.That(e.OneLine, Does.StartWith("t.yaml:2:4:").And.Contain("negative"));
    }

    [Test]
    public void Overflowing_size_is_an_error() =>
        Assert.Throws<InputException>(() => YamlInput.Load("a: 0x10000000000000000\n", "t").AsMap().Required("a").AsU64());

    [Test]
    public void Aliases_are_refused_before_they_can_expand()
    {
        var e = Assert.Throws<InputException>(() => YamlInput.Load("a: &x [1, 2]\nb: [*x, *x]\n", "t.yaml"))!;
        Assert.That(e.OneLine, Does.StartWith("t.yaml:1:4:").And.Contain("anchor"));
    }

    [Test]
    public void Malformed_yaml_names_the_line() =>
        Assert.That(Assert.Throws<InputException>(() => YamlInput.Load("a: [1, 2\nb: 3\n", "t.yaml"))!.OneLine, Does.StartWith("t.yaml:"));
}
