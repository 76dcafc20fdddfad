using System.Runtime.InteropServices;
using System.Text.Json;

namespace Docket.Domain.Validation;

/// <summary>
/// JSON may escape a lone surrogate (<c>"\ud800"</c>), which is no character: such a string cannot be read as text
/// or stored. Found up front, it is a 400 naming the field instead of an exception wherever the string is read.
/// </summary>
public static class JsonUnicode
{
    public const string LoneSurrogateMessage =
        "must be valid Unicode text: an unpaired surrogate escape (such as \\ud800) is not a character";

    /// <param name="path">How the element is named in errors: "$" for a whole body or entry.</param>
    /// <returns>The field holding the first string or property name that is not valid text, or null.</returns>
    public static string? FirstInvalidString(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return JsonMarshal.GetRawUtf8Value(element).IndexOf((byte)'\\') >= 0 && !IsText(element) ? path : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryName(property, out var name)) return path;
                    var child = path == "$" ? name : $"{path}.{name}";
                    if (FirstInvalidString(property.Value, child) is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstInvalidString(item, $"{(path == "$" ? "" : path)}[{index++}]") is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    static bool IsText(JsonElement element)
    {
        try
        {
            element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    static bool TryName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }
}
