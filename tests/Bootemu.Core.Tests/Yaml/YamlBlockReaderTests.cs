using System.Text;
using Bootemu.Core.Yaml;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Core.Tests.Yaml;

/// <summary>
/// The fast block reader must build exactly the tree YamlDotNet's parser builds (same text, same places,
/// same errors), and must take the shapes bootemu itself writes.
/// </summary>
public class YamlBlockReaderTests
{
    private const string GeneratedShape =
        "# a comment\n" +
        "name: \"gen-2n\"\n" +
        "cmdline: \"movable_node\"\n" +
        "e820:\n" +
        "  - {base: 0x0, size: 0x9fc00, type: usable}\n" +
        "  - {base: 0x7fe50000, size: 0x1b0000, type: ACPI data}\n" +
        "srat:\n" +
        "  header:\n" +
        "    signature: SRAT\n" +
        "    oem_id: \"BOOTEM\"\n" +
        "  entries:\n" +
        "    - apic: {pxm: 0, apic_id: 0x0, enabled: true}  # offset 0x30, length 16\n" +
        "    - memory: {pxm: 1, base: 0x100000000, length: 0x80000000, enabled: true, hotpluggable: true}\n" +
        "slit:\n" +
        "  distances:\n" +
        "    - [10, 20]  # offset 0x2c\n" +
        "    - [20, 10]\n" +
        "empty: {}\n" +
        "none: []\n";

    [Test]
    public void Bootemu_shaped_yaml_takes_the_fast_path() =>
        Assert.That(YamlBlockReader.TryRead(GeneratedShape, new YamlTreeBuilder("t.yaml")), Is.True);

    [TestCase(GeneratedShape)]
    [TestCase("a: 1\nb:\n  - x\n  - y: 2\n    z: [3, {w: 4}]\nc: \"q\"\n")]
    [TestCase("a: 1\na: 2\n")]
    [TestCase("k: [1, 2]\nk2: {a: 1, a: 2}\n")]
    [TestCase("a:\n- x\n")]
    [TestCase("a: b: c\n")]
    [TestCase("a: [1, 2\n")]
    [TestCase("a: &x 1\nb: *x\n")]
    [TestCase("a: 'single'\nb: \"esc\\n\"\nc: |\n  block\n")]
    [TestCase("a: one\n  two\n")]
    [TestCase("---\na: 1\n---\nb: 2\n")]
    [TestCase("a:\n")]
    [TestCase("a:#x\n")]
    [TestCase("\ta: 1\n")]
    [TestCase("a: 1\r\nb: 2\r\n")]
    [TestCase("a: \"\u0001\"\n")]
    [TestCase("# only a comment\n")]
    public void Fast_and_full_readers_agree(string text) =>
        Assert.That(Dump(text, fast: true), Is.EqualTo(Dump(text, fast: false)));

    [Test]
    public void Fast_and_full_readers_agree_on_every_yaml_file_in_the_repository()
    {
        var files = Directory.GetFiles(RepoPaths.Root, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}artifacts{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.That(files, Is.Not.Empty);
        foreach (var f in files)
        {
            string text = File.ReadAllText(f);
            Assert.That(Dump(text, fast: true), Is.EqualTo(Dump(text, fast: false)), f);
        }
    }

    /// <summary>Everything a reader can see of a loaded text: kinds, texts, nullness, places, or the error.</summary>
    private static string Dump(string text, bool fast)
    {
        var sb = new StringBuilder();
        try
        {
            var (doc, root) = YamlTreeBuilder.Build(text, "t.yaml", fast);
            Dump(new YamlValue(doc, root), sb);
        }
        catch (InputException e)
        {
            sb.Append("error ").Append(e.OneLine);
        }
        return sb.ToString();
    }

    private static void Dump(YamlValue v, StringBuilder sb)
    {
        sb.Append(v.Location).Append(' ');
        if (v.IsMap)
        {
            var map = v.AsMap();
            sb.Append("{\n");
            foreach (var (_, key, value) in map.Entries)
            {
                Dump(key, sb);
                Dump(value, sb);
            }
            sb.Append("}\n");
        }
        else if (v.IsList)
        {
            sb.Append("[\n");
            foreach (var item in v.AsList()) Dump(item, sb);
            sb.Append("]\n");
        }
        else sb.Append(v.IsNull ? "null " : "").Append('\'').Append(v.AsString()).Append("'\n");
    }
}
