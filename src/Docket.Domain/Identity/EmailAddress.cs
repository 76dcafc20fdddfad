using System.Text.RegularExpressions;

namespace Docket.Domain.Identity;

/// <summary>
/// Email addresses identify users; they are compared case-insensitively, so they are kept lower-cased.
/// </summary>
public static partial class EmailAddress
{
    public const int MaxLength = 254;

    [GeneratedRegex(@"^[^@\s\p{C}]+@[^@\s\p{C}]+\.[^@\s\p{C}]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool TryNormalize(string? text, out string normalized)
    {
        normalized = (text ?? "").Trim().ToLowerInvariant();
        return normalized.Length is > 0 and <= MaxLength && Shape().IsMatch(normalized);
    }
}
