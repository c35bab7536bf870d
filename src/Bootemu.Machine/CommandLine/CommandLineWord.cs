namespace Bootemu.Machine.CommandLine;

/// <summary>One parameter of the kernel command line after next_arg has cut it out: a name and, when the word had an '=', a value.</summary>
public readonly record struct CommandLineWord(string Name, string? Value)
{
    /// <summary>The word as the kernel hands it to user space: <c>name=value</c> or <c>name</c>.</summary>
    public override string ToString() => Value is null ? Name : $"{Name}={Value}";

    /// <summary>
    /// The kernel's word splitter (next_arg in lib/cmdline.c, looped as parse_args does): words are
    /// separated by whitespace outside double quotes; the first '=' (not at position 0) splits name
    /// from value; quotes around the whole word or around the value are dropped. Splitting stops at
    /// a bare <c>--</c>: what follows is for init, not the kernel (<paramref name="afterDashes"/>).
    /// </summary>
    public static IReadOnlyList<CommandLineWord> Split(string commandLine, out string? afterDashes)
    {
        var words = new List<CommandLineWord>();
        afterDashes = null;
        int pos = SkipSpaces(commandLine, 0);
        while (pos < commandLine.Length)
        {
            var word = Next(commandLine, ref pos);
            if (word.Value is null && word.Name == "--")
            {
                afterDashes = commandLine[pos..];
                break;
            }
            words.Add(word);
        }
        return words;
    }

    private static CommandLineWord Next(string s, ref int pos)
    {
        int start = pos;
        bool inQuote = false, quoted = false;
        if (s[start] == '"')
        {
            start++;
            inQuote = quoted = true;
        }
        int i = start, equals = -1;
        for (; i < s.Length; i++)
        {
            if (char.IsWhiteSpace(s[i]) && !inQuote) break;
            // next_arg keeps "no '=' yet" as equals == 0, so an '=' in the first position never splits.
            if (equals <= 0 && s[i] == '=' && i > start) equals = i;
            if (s[i] == '"') inQuote = !inQuote;
        }
        int wordEnd = i; // exclusive
        bool endsWithQuote = wordEnd > start && s[wordEnd - 1] == '"';
        string name;
        string? value = null;
        if (equals < 0)
        {
            name = s[start..(quoted && endsWithQuote ? wordEnd - 1 : wordEnd)];
        }
        else
        {
            name = s[start..equals];
            int valueStart = equals + 1, valueEnd = wordEnd;
            if (valueStart < s.Length && valueStart < wordEnd && s[valueStart] == '"')
            {
                valueStart++;
                if (endsWithQuote) valueEnd--;
            }
            else if (quoted && endsWithQuote) valueEnd--;
            value = valueEnd > valueStart ? s[valueStart..valueEnd] : "";
        }
        pos = SkipSpaces(s, wordEnd < s.Length ? wordEnd + 1 : wordEnd);
        return new CommandLineWord(name, value);
    }

    private static int SkipSpaces(string s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
        return i;
    }
}
