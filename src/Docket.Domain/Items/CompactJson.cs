using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Docket.Domain.Items;

/// <summary>
/// The text of a JSON value without the whitespace between tokens. Tokens themselves (string escapes, number
/// spellings) are copied unchanged, unlike re-serializing, which would re-escape strings; the whitespace is dropped
/// because stored size is limited and indentation from a pretty-printed file would count against it.
/// </summary>
static class CompactJson
{
    static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n");

    public static string Of(JsonElement element)
    {
        var raw = element.GetRawText();
        if (raw.AsSpan().IndexOfAny(Whitespace) < 0)
            return raw;

        var compact = new StringBuilder(raw.Length);
        var inString = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (inString)
            {
                compact.Append(c);
                if (c == '\\')
                    compact.Append(raw[++i]);
                else if (c == '"')
                    inString = false;
            }
            else if (c == '"')
            {
                inString = true;
                compact.Append(c);
            }
            else if (!Whitespace.Contains(c))
            {
                compact.Append(c);
            }
        }
        return compact.ToString();
    }
}
