namespace Bootemu.Fuzz.Targets;

/// <summary>
/// One parser under fuzzing: <see cref="Run"/> feeds the bytes to the entry point the CLI uses for that input and
/// goes on as far as the CLI would (rendering included). Bad input must end in <c>Bootemu.Core.InputException</c>;
/// any other exception, or a run longer than the fuzzer's timeout, is a finding.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The target's name on the command line and its seed folder under tests/fuzz-seeds/.</summary>
    public abstract string Name { get; }

    /// <summary>One line: what the input is and which entry point it goes to.</summary>
    public abstract string What { get; }

    /// <summary>The longest input the mutator makes (seeds may be longer).</summary>
    public virtual int MaxLength => 4096;

    /// <summary>Whether the input holds binary ACPI tables, whose Length field the mutator may set to match.</summary>
    public virtual bool HasAcpiTables => false;

    /// <summary>Words of the input's language the mutator inserts (keys, option names, signatures).</summary>
    public virtual IReadOnlyList<string> Dictionary => Array.Empty<string>();

    public abstract void Run(byte[] input);
}
