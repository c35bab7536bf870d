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
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) config.Error.WriteLine($"bootemu: {error.Message}");
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
