using NUnit.Framework;

namespace Bootemu.Core.Tests;

public class InputTextTests
{
    [Test]
    public void Control_characters_and_newlines_are_escaped() =>
        Assert.That(InputText.Escape("a\nb\tc\r\0\u001b"), Is.EqualTo("a\\nb\\tc\\r\\x00\\x1b"));

    [Test]
    public void Long_text_is_cut_at_the_limit_with_a_mark() =>
        Assert.That(InputText.Escape(new string('x', 100), 10), Is.EqualTo("xxxxxxxxxx..."));

    [Test]
    public void Plain_short_text_is_unchanged() =>
        Assert.That(InputText.Escape("mem=4G"), Is.EqualTo("mem=4G"));

    [Test]
    public void Quote_puts_the_escaped_text_in_single_quotes() =>
        Assert.That(InputText.Quote("a\nb"), Is.EqualTo("'a\\nb'"));

    [Test]
    public void Lone_surrogate_is_escaped_so_the_message_stays_valid_text() =>
        Assert.That(InputText.Escape("a\ud800b"), Is.EqualTo("a\\ud800b"));

    [Test]
    public void Invisible_format_characters_and_line_separators_are_escaped() =>
        Assert.That(InputText.Escape("a\u202eb\u200bc\u2028d"), Is.EqualTo("a\\u202eb\\u200bc\\u2028d"));

    [Test]
    public void Quote_escapes_a_quote_inside() =>
        Assert.That(InputText.Quote("it's"), Is.EqualTo("'it\\'s'"));
}
