using System.Text.Json;

namespace Bootemu.Fuzz.Engine;

/// <summary>A worker's figures, written to status.json every few seconds and at its end, read by the supervisor.</summary>
internal sealed record RunStatus
{
    public string Target { get; init; } = "";
    public long Execs { get; init; }
    public double Seconds { get; init; }
    public int Corpus { get; init; }
    public int Edges { get; init; }
    /// <summary>Crashing inputs seen, duplicates of a known signature included.</summary>
    public long CrashingRuns { get; init; }
    public List<string> NewCrashSignatures { get; init; } = new();
    public int Hangs { get; init; }
    public double SlowestMs { get; init; }
    public bool Finished { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public void Write(string path)
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, Json));
        File.Move(tmp, path, overwrite: true);
    }

    public static RunStatus? Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<RunStatus>(File.ReadAllText(path), Json) : null;
}
