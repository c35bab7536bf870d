using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Bootemu.Fuzz.Engine;

/// <summary>A crash or a hang: the input and what happened, saved under the run's findings folder.</summary>
internal sealed record Finding(string Kind, string Signature, string File, string Description)
{
    /// <summary>
    /// What tells crashes apart: the exception type and the innermost frame in bootemu's own code (or YamlDotNet's),
    /// e.g. <c>IndexOutOfRangeException at Bootemu.Acpi.Srat.SratWalk.MoveNext</c>.
    /// </summary>
    public static string SignatureOf(Exception e)
    {
        string where = "?";
        foreach (var frame in new StackTrace(e, false).GetFrames())
        {
            var method = frame.GetMethod();
            string? type = method?.DeclaringType?.FullName;
            if (type is null || type.StartsWith("Bootemu.Fuzz", StringComparison.Ordinal)) continue;
            if (type.StartsWith("Bootemu.", StringComparison.Ordinal) || type.StartsWith("YamlDotNet.", StringComparison.Ordinal))
            {
                where = $"{type}.{method!.Name}";
                break;
            }
        }
        return $"{e.GetType().Name} at {where}";
    }

    /// <summary>The exception's type, message and first stack lines, as the findings list shows them.</summary>
    public static string Describe(Exception e, int frames = 12)
    {
        var lines = e.ToString().Split('\n').Select(l => l.TrimEnd('\r'));
        var head = lines.Take(frames + 1).ToList();
        return string.Join("\n", head);
    }

    /// <summary>Saves <paramref name="input"/> as <c>DIR/KIND-HASH</c> (content-named, so the same input is kept once).</summary>
    public static string Save(string directory, string kind, byte[] input)
    {
        Directory.CreateDirectory(directory);
        string path = PathFor(directory, kind, input);
        System.IO.File.WriteAllBytes(path, input);
        return path;
    }

    /// <summary>Where <see cref="Save"/> puts <paramref name="input"/>.</summary>
    public static string PathFor(string directory, string kind, byte[] input) =>
        Path.Combine(directory, $"{kind}-{Convert.ToHexStringLower(SHA1.HashData(input))[..16]}");

    /// <summary>The entry appended to findings.md.</summary>
    public string Markdown(string target) =>
        new StringBuilder()
            .Append("### ").Append(target).Append(": ").Append(Kind).Append(": ").Append(Signature).Append('\n')
            .Append("input: `").Append(File).Append("`\n\n```\n").Append(Description.TrimEnd()).Append("\n```\n\n")
            .ToString();
}
