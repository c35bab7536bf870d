using System.Text;
using System.Text.Json;

namespace Bootemu.Core;

/// <summary>
/// How every JSON form of bootemu is written: by hand with Utf8JsonWriter (NativeAOT allows no reflection-based
/// serialisation), indented, as one document ending in a newline.
/// </summary>
public static class IndentedJson
{
    /// <summary>The document <paramref name="body"/> writes, as text.</summary>
    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            body(w);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
