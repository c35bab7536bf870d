using Bootemu.Machine.CommandLine;
namespace Bootemu.Machine.Tests.CommandLine;

/// <summary>next_arg's word splitting (lib/cmdline.c), as parse_args loops it.</summary>
public class CommandLineWordTests
{
    private static string[] Split(string cmdline) =>
        CommandLineWord.Split(cmdline, out _).Select(w => w.Value is null ? $"<{w.Name}>" : $"<{w.Name}>=<{w.Value}>").ToArray();

    [Test]
    public void Words_split_on_any_whitespace() =>
        Assert.That(Split("  mem=4G\tmovable_node \n quiet "), Is.EqualTo(new[] { "<mem>=<4G>", "<movable_node>", "<quiet>" }));

    [Test]
    public void Quoted_value_keeps_its_spaces_and_loses_its_quotes() =>
        Assert.That(Split("dyndbg=\"file e820.c +p\" quiet"), Is.EqualTo(new[] { "<dyndbg>=<file e820.c +p>", "<quiet>" }));

    [Test]
    public void Quoted_whole_word_loses_its_quotes() =>
        Assert.That(Split("\"foo=bar baz\""), Is.EqualTo(new[] { "<foo>=<bar baz>" }));

    [Test]
    public void Only_the_first_equals_splits() =>
        Assert.That(Split("memmap=exactmap,1G@0=x"), Is.EqualTo(new[] { "<memmap>=<exactmap,1G@0=x>" }));

    [Test]
    public void An_equals_in_first_position_does_not_split() =>
        Assert.That(Split("=a=b"), Is.EqualTo(new[] { "<=a>=<b>" }));

    [Test]
    public void Empty_value_is_kept_as_empty() =>
        Assert.That(Split("mem="), Is.EqualTo(new[] { "<mem>=<>" }));

    [Test]
    public void Double_dash_ends_the_kernels_words()
    {
        var words = CommandLineWord.Split("movable_node -- mem=1G single", out string? rest);
        Assert.That((words.Count, rest), Is.EqualTo((1, "mem=1G single")));
    }
}
