using System.Globalization;
using System.Text;

namespace Docket.Domain.Tasks;

/// <summary>
/// A task's metaData as it is stored: a compact JSON object escaping only what JSON requires (quotes, backslashes,
/// control characters, each in its shortest form), so never longer than the JSON it was read from. System.Text.Json escapes every character outside the Basic Multilingual Plane as two
/// <c>\uXXXX</c> escapes (12 characters for one emoji) whatever its encoder, so text that fit the limit when checked
/// could outgrow the 64 KiB property once stored; written here, what is checked is exactly what is stored.
/// </summary>
public static class MetaDataJson
{
    public static string Write(IReadOnlyDictionary<string, string> values)
    {
        var json = new StringBuilder("{");
        foreach (var (key, value) in values)
        {
            if (json.Length > 1) json.Append(',');
            AppendString(json, key);
            json.Append(':');
            AppendString(json, value);
        }
        return json.Append('}').ToString();
    }

    static void AppendString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case < ' ':
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }
}
