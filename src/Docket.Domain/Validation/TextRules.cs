using System.Buffers;

namespace Docket.Domain.Validation;

/// <summary>
/// What any text Docket keeps or searches may contain. Control characters (Unicode's Cc: NUL, line breaks, escapes)
/// break the lists, logs, terminals and files text is shown in; bidirectional formatting characters make text read
/// otherwise than it is stored (a name that shows as "gpj.exe" but sorts as "exe.jpg"); U+FFFE and U+FFFF are not
/// characters and end no range.
/// </summary>
public static class TextRules
{
    /// <summary>Unicode's control characters (category Cc): C0, DEL and C1.</summary>
    static readonly SearchValues<char> ControlCharacters =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c)]);

    /// <summary>Marks, embeddings, overrides and isolates (Unicode's Bidi_Control) and the two noncharacters.</summary>
    static readonly SearchValues<char> FormattingCharacters = SearchValues.Create(
        "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFFFE\uFFFF");

    /// <returns>Why the text may not be kept, or null when it may.</returns>
    public static string? Problem(string text)
    {
        var control = text.AsSpan().IndexOfAny(ControlCharacters);
        if (control >= 0)
            return $"must not contain control characters (U+{(int)text[control]:X4} at position {control + 1})";
        var formatting = text.AsSpan().IndexOfAny(FormattingCharacters);
        if (formatting >= 0)
        {
            return "must not contain bidirectional formatting characters or noncharacters " +
                   $"(U+{(int)text[formatting]:X4} at position {formatting + 1})";
        }
        return null;
    }
}
