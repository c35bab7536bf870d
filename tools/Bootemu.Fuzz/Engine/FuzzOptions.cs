using Bootemu.Fuzz.Targets;

namespace Bootemu.Fuzz.Engine;

/// <summary>What one fuzzing run of one target is told.</summary>
internal sealed record FuzzOptions
{
    public required FuzzTarget Target { get; init; }

    /// <summary>Folders whose files (searched recursively, in name order) are run first; those that add coverage start the corpus.</summary>
    public required IReadOnlyList<string> SeedDirectories { get; init; }

    /// <summary>Where the run keeps its corpus (queue/), crashes/, hangs/, findings.md and status.json.</summary>
    public required string OutDirectory { get; init; }

    /// <summary>Stop after this many runs of the target (seeds included).</summary>
    public long MaxExecs { get; init; } = long.MaxValue;

    /// <summary>Stop after this long.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.MaxValue;

    /// <summary>The seed of the mutator's random numbers: the same seed, seeds and build give the same inputs.</summary>
    public int RandomSeed { get; init; } = 1;

    /// <summary>A run of the target longer than this is a hang.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxLength { get; init; }

    public string QueueDirectory => Path.Combine(OutDirectory, "queue");
    public string CrashDirectory => Path.Combine(OutDirectory, "crashes");
    public string HangDirectory => Path.Combine(OutDirectory, "hangs");
    public string FindingsFile => Path.Combine(OutDirectory, "findings.md");
    public string SignaturesFile => Path.Combine(OutDirectory, "signatures.txt");
    public string StatusFile => Path.Combine(OutDirectory, "status.json");
    public string LastInputFile => Path.Combine(OutDirectory, "last-input");
    public string HangPendingFile => Path.Combine(OutDirectory, "hang-pending");
}
