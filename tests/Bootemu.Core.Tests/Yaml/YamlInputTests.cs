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

    [Test]
    public void Duplicate_key_in_a_large_map_is_reported_at_the_repeat()
    {
        string text = string.Concat(Enumerable.Range(0, 40).Select(i => $"k{i}: {i}\n")) + "k7: again\n";
        var e = Assert.Throws<InputException>(() => YamlInput.Load(text, "t.yaml"))!;
        Assert.That(e.OneLine, Is.EqualTo("t.yaml:41:1: malformed YAML: Duplicate key k7"));
    }

    [Test]
    public void Keys_with_different_tags_are_different_keys()
    {
        var map = YamlInput.Load("!!str a: 1\na: 2\n", "t.yaml").AsMap();
        Assert.That(map.Count, Is.EqualTo(2));
    }

    [Test]
    public void Large_map_finds_every_key_and_still_rejects_unknown_ones()
    {
        string text = string.Concat(Enumerable.Range(0, 100).Select(i => $"k{i}: {i * 3}\n"));
        var map = YamlInput.Load(text, "t.yaml").AsMap();
        for (int i = 99; i >= 1; i--)
            Assert.That(map.Required($"k{i}").AsU64(), Is.EqualTo((ulong)(i * 3)));
        Assert.That(map.Optional("k100"), Is.Null);
        var e = Assert.Throws<InputException>(() => map.RejectUnknownKeys())!;
        Assert.That(e.OneLine, Does.StartWith("t.yaml:1:1: unknown key 'k0'"));
    }

    [Test]
    public void Second_document_is_refused_at_its_root() =>
        Assert.That(Assert.Throws<InputException>(() => YamlInput.Load("a: 1\n---\nb: 2\n", "t.yaml"))!.OneLine,
            Is.EqualTo("t.yaml:3:1: only one YAML document is allowed"));

    [Test]
    public void Alias_is_refused_even_after_a_duplicate_key() =>
        Assert.That(Assert.Throws<InputException>(() => YamlInput.Load("a: 1\na: 2\nb: *x\n", "t.yaml"))!.OneLine,
            Does.StartWith("t.yaml:3:4: YAML alias *x is not allowed"));

    [Test]
    public void Empty_text_is_an_empty_document() =>
        Assert.That(Assert.Throws<InputException>(() => YamlInput.Load("# nothing\n", "t.yaml"))!.OneLine,
            Is.EqualTo("t.yaml:1:1: the YAML document is empty"));

    [Test]
    public void Tag_that_is_not_a_uri_is_bad_input_not_a_crash() =>
        Assert.That(Assert.Throws<InputException>(() => YamlInput.Load("a: !<:> 1\n", "t.yaml"))!.OneLine,
            Is.EqualTo("t.yaml:1:2: malformed YAML: Global tags must be valid URIs."));

    [Test]
    public void Flow_nesting_deeper_than_the_limit_is_refused_where_it_passes_the_limit()
    {
        var e = Assert.Throws<InputException>(() => YamlInput.Load(new string('[', 100_000), "deep.yaml"))!;
        Assert.That(e.OneLine, Does.StartWith($"deep.yaml:1:{YamlInput.MaxDepth + 1}: YAML nested deeper than {YamlInput.MaxDepth} levels"));
    }

    [Test]
    public void Block_nesting_deeper_than_the_limit_is_refused()
    {
        var text = string.Concat(Enumerable.Range(0, YamlInput.MaxDepth + 1).Select(i => new string(' ', 2 * i) + "- \n"));
        var e = Assert.Throws<InputException>(() => YamlInput.Load(text, "deep.yaml"))!;
        Assert.That(e.OneLine, Does.StartWith($"deep.yaml:{YamlInput.MaxDepth + 1}:").And.Contain("nested deeper"));
    }

    [Test]
    public void Nesting_at_the_limit_is_accepted()
    {
        var root = YamlInput.Load(new string('[', YamlInput.MaxDepth) + new string(']', YamlInput.MaxDepth), "t.yaml");
        int levels = 0;
        for (var v = root; v.IsList && v.AsList().Count == 1; v = v.AsList()[0]) levels++;
        Assert.That(levels, Is.EqualTo(YamlInput.MaxDepth - 1));
    }

    [TestCase(1024)]
    [TestCase(2048)]
    public void Directive_line_ending_the_text_at_a_read_block_boundary_is_read_not_looped_on(int length)
    {
        // YamlDotNet alone loops for ever here; the guard is a hang detector, not a speed target.
        string text = "%a " + new string('x', length - 3);
        var load = Task.Run(() => Assert.Throws<InputException>(() => YamlInput.Load(text, "d.yaml"))!.OneLine);
        Assert.That(load.Wait(TimeSpan.FromSeconds(30)), Is.True, "YAML reader did not return");
        Assert.That(load.Result, Is.EqualTo("d.yaml:1:1: the YAML document is empty"));
    }
}
