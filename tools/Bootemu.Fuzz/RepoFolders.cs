namespace Bootemu.Fuzz;

/// <summary>The repository's folders the fuzzer uses by default, found from the working folder or the program's.</summary>
internal static class RepoFolders
{
    /// <summary>The folder holding Boot.sln, or null when run outside the repository.</summary>
    public static string? Root { get; } = Find(Environment.CurrentDirectory) ?? Find(AppContext.BaseDirectory);

    /// <summary>tests/fuzz-seeds/TARGET, when it exists.</summary>
    public static string? Seeds(string target) =>
        Root is { } root && Path.Combine(root, "tests", "fuzz-seeds", target) is var dir && Directory.Exists(dir) ? dir : null;

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Boot.sln"))) return dir.FullName;
        return null;
    }
}
