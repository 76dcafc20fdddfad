using System.Text;

namespace Docket.Storage.Keys;

/// <summary>
/// Makes any string safe inside a PartitionKey or RowKey, which may not hold '/', '\', '#', '?' or control
/// characters. Reversible, and ordinal order is preserved for the characters that need no escaping.
/// </summary>
public static class KeyEncoding
{
    public static string Escape(string value)
    {
        if (!value.Any(NeedsEscape)) return value;
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c)) builder.Append('%').Append(((int)c).ToString("X2"));
            else builder.Append(c);
        }
        return builder.ToString();
    }

    public static string Unescape(string value) => Uri.UnescapeDataString(value);

    /// <summary>
    /// Escapes a value that stands between '|' separators inside a key (and is matched as a range prefix), so that no
    /// value can read as another value followed by more of the key.
    /// </summary>
    public static string EscapeSegment(string value) => Escape(value).Replace("|", "%7C", StringComparison.Ordinal);

    static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
