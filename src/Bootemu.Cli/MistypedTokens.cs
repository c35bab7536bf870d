using System.CommandLine;

namespace Bootemu.Cli;

/// <summary>
/// Finds the first option or verb on a command line that the command tree does not know, and the known name it was
/// most likely meant to be.
/// Why: System.CommandLine takes an unknown `--cmdlin x` as the FIXTURE argument `--cmdlin` followed by a stray `x`,
/// so its own message ("Unrecognized command or argument 'x'") points at the wrong word, and it never suggests.
/// How: walks the tokens as the parser would (verbs first, then options, skipping each option's value), before the
/// parser runs; a token after `--` is never an option.
/// </summary>
internal static class MistypedTokens
{
    /// <summary>The one-line complaint about the first unknown option or verb in <paramref name="args"/>, or null.</summary>
    public static string? Find(RootCommand root, IReadOnlyList<string> args)
    {
        Command command = root;
        int i = 0;
        // [suggest:N] "boot --cm" asks for completions of a partial line: partial words are its point.
        if (args.Count > 0 && args[0].StartsWith("[suggest", StringComparison.Ordinal)) return null;
        while (i < args.Count && args[i].StartsWith('[')) i++;   // other directives, such as [diagram]
        for (; i < args.Count; i++)
        {
            string token = args[i];
            if (token == "--") return null;
            if (command.Subcommands.FirstOrDefault(c => c.Name == token || c.Aliases.Contains(token)) is { } sub)
            {
                command = sub;
                continue;
            }
            if (IsOptionLike(token))
            {
                string name = OptionName(token);
                if (KnownOption(command, root, name) is not { } option)
                    return $"{Where(root, command)}unknown option '{name}'" + Suggestion(name, OptionNames(command, root));
                if (name.Length == token.Length && i + 1 < args.Count && TakesNext(option, args[i + 1], command, root)) i++;
                continue;
            }
            // A bare word where only verbs may stand (a command with verbs and no arguments of its own).
            if (command.Subcommands.Count > 0 && command.Arguments.Count == 0)
                return $"{Where(root, command)}unknown command '{token}'" + Suggestion(token, command.Subcommands.Select(c => c.Name));
        }
        return null;
    }

    /// <summary>
    /// Whether the token after an option is its value: never a known option; for a switch (bool), only true/false.
    /// </summary>
    private static bool TakesNext(Option option, string next, Command command, RootCommand root)
    {
        if (option.Arity.MaximumNumberOfValues == 0 || KnownOption(command, root, OptionName(next)) is not null) return false;
        return option.ValueType != typeof(bool) || bool.TryParse(next, out _);
    }

    private static bool IsOptionLike(string token) =>
        token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]) || token is "/?" or "/h";

    /// <summary>`--format=json` and `--format:json` name `--format`, as the parser reads them.</summary>
    private static string OptionName(string token)
    {
        int cut = token.IndexOfAny(['=', ':']);
        return cut > 0 ? token[..cut] : token;
    }

    private static Option? KnownOption(Command command, RootCommand root, string name) =>
        OptionsInScope(command, root).FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));

    private static IEnumerable<string> OptionNames(Command command, RootCommand root) =>
        OptionsInScope(command, root).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name));

    /// <summary>The command's own options and the recursive ones (help) of the commands above it.</summary>
    private static IEnumerable<Option> OptionsInScope(Command command, RootCommand root)
    {
        foreach (var o in command.Options) yield return o;
        for (var parent = Parent(root, command); parent is not null; parent = Parent(root, parent))
            foreach (var o in parent.Options.Where(o => o.Recursive)) yield return o;
    }

    private static Command? Parent(Command from, Command target)
    {
        foreach (var sub in from.Subcommands)
        {
            if (ReferenceEquals(sub, target)) return from;
            if (Parent(sub, target) is { } found) return found;
        }
        return null;
    }

    /// <summary>"unknown ..." at the top, "srat decode: unknown ..." below it.</summary>
    private static string Where(RootCommand root, Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null && c is not RootCommand; c = Parent(root, c)) names.Insert(0, c.Name);
        return names.Count == 0 ? "" : string.Join(' ', names) + ": ";
    }

    /// <summary>"; did you mean '--cmdline'?" for the nearest known name, or nothing when none is near.</summary>
    internal static string Suggestion(string typed, IEnumerable<string> known)
    {
        var candidates = known.Distinct().ToList();
        var prefixed = candidates.Where(k => typed.Length >= 3 && k.StartsWith(typed, StringComparison.Ordinal)).ToList();
        if (prefixed.Count == 1) return $"; did you mean '{prefixed[0]}'?";
        int limit = Math.Max(1, typed.TrimStart('-').Length / 3);
        var nearest = candidates
            .Select(k => (Name: k, Distance: EditDistance(typed, k)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return nearest.Name is null ? "" : $"; did you mean '{nearest.Name}'?";
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) that turn one word into the other.</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
