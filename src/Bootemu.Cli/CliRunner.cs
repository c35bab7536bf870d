using System.CommandLine;
using Bootemu.Core;

namespace Bootemu.Cli;

/// <summary>
/// Runs the command tree and turns bad input into the one-line error and exit code 2 that every
/// bootemu verb promises (never a stack trace).
/// </summary>
internal static class CliRunner
{
    public const int ExitOk = 0;
    public const int ExitFindings = 1;
    public const int ExitBadInput = 2;

    /// <summary>
    /// The parser lists allowed values one per line ("Must be one of:\n\t'text'\n\t'dmesg'"); every bootemu error is
    /// one line, so the list is joined: "Must be one of: 'text', 'dmesg'".
    /// </summary>
    internal static string OneLine(string message)
    {
        var lines = message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length <= 1 ? message.Trim() : lines[0] + " " + string.Join(", ", lines[1..]);
    }

    /// <summary>"--a-kernel: " for an error about an option's value, so the line names the option it is about.</summary>
    private static string Where(System.CommandLine.Parsing.ParseError error) => error.SymbolResult switch
    {
        System.CommandLine.Parsing.OptionResult o => o.Option.Name + ": ",
        System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult o } => o.Option.Name + ": ",
        _ => "",
    };

    public static int Run(RootCommand root, string[] args)
    {
        var config = new InvocationConfiguration
        {
            Output = Console.Out,
            Error = Console.Error,
            EnableDefaultExceptionHandler = false,
            // No SIGINT/SIGTERM hook: every verb is a short synchronous computation, and the hook costs a
            // signal-handling thread at start-up (the default action of the signal already ends the process).
            ProcessTerminationTimeout = null,
        };
        if (MistypedTokens.Find(root, args) is { } mistyped)
        {
            config.Error.WriteLine($"bootemu: {mistyped}");
            return ExitBadInput;
        }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) config.Error.WriteLine($"bootemu: {Where(error)}{OneLine(error.Message)}");
            return ExitBadInput;
        }
        try
        {
            return parsed.Invoke(config);
        }
        catch (InputException e)
        {
            config.Error.WriteLine($"bootemu: {e.OneLine}");
            return ExitBadInput;
        }
        catch (IOException e)
        {
            config.Error.WriteLine($"bootemu: {e.Message}");
            return ExitBadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            config.Error.WriteLine($"bootemu: {e.Message}");
            return ExitBadInput;
        }
    }
}
