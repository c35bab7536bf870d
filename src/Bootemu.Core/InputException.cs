namespace Bootemu.Core;

/// <summary>
/// Bad user input: a table, fixture, script or option bootemu cannot make sense of.
/// <see cref="Location"/> says where (a byte offset, or a file with YAML line and column),
/// so the CLI can print one line and exit with code 2.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string location, string message) : base(message) => Location = location;

    public string Location { get; }

    /// <summary>The one-line form the CLI prints: "where: what".</summary>
    public string OneLine => string.IsNullOrEmpty(Location) ? Message : $"{Location}: {Message}";

    public static InputException AtOffset(long offset, string message) => new($"offset 0x{offset:x} ({offset})", message);
}
