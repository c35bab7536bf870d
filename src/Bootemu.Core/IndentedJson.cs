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

/// <summary>The small shapes the JSON writers repeat: arrays of plain values, and a string that may be null.</summary>
public static class JsonWriterShapes
{
    public static void WriteStringArray(this Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    public static void WriteNumberArray(this Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (int v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    public static void WriteStringOrNull(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }
}
