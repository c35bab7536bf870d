using NUnit.Framework;

namespace Bootemu.Core.Tests;

public class IndentedJsonTests
{
    [Test]
    public void A_document_is_indented_by_two_spaces_and_ends_with_a_newline()
    {
        string text = IndentedJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("max_pfn", "0x140000");
            w.WriteStartArray("cpus");
            w.WriteNumberValue(0);
            w.WriteEndArray();
            w.WriteEndObject();
        });
        Assert.That(text, Is.EqualTo("{\n  \"max_pfn\": \"0x140000\",\n  \"cpus\": [\n    0\n  ]\n}\n"));
    }
}
