using System.Globalization;

namespace Docket.Domain.Tasks;

/// <summary>
/// A task priority in [0, 1] with up to nine decimal places, kept exactly as an integer count of billionths
/// (0.123456789 is 123456789). Never passes through a binary float.
/// </summary>
public readonly record struct Priority : IComparable<Priority>
{
    public const long Scale = 1_000_000_000;
    public const int MaxDecimals = 9;

    Priority(long billionths) => Billionths = billionths;

    public long Billionths { get; }

    public static Priority FromBillionths(long billionths) =>
        billionths is < 0 or > Scale ? throw new ArgumentOutOfRangeException(nameof(billionths)) : new Priority(billionths);

    /// <summary>
    /// Parses the literal text of a JSON number, e.g. "0.95" or "1e-9", exactly: the digits are counted as written,
    /// so a value with more than nine decimal places is refused however many digits it has (decimal parsing would
    /// round past 28 significant digits).
    /// </summary>
    public static bool TryParse(string text, out Priority priority, out string? error)
    {
        priority = default;
        error = "must be a number between 0 and 1";
        var match = System.Text.RegularExpressions.Regex.Match(text.Trim(), @"^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$");
        if (!match.Success || !int.TryParse(match.Groups[4].Success ? match.Groups[4].Value : "0", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent))
            return false;

        // value = digits × 10^(exponent − fraction length); in billionths that is digits × 10^(exponent − fraction length + 9).
        var digits = (match.Groups[2].Value + match.Groups[3].Value).TrimStart('0');
        var shift = exponent - match.Groups[3].Value.Length + MaxDecimals;
        var negative = match.Groups[1].Value == "-" && digits.Length > 0;
        if (digits.Length == 0)
            return Accept(0, out priority, out error);
        var trailingZeros = digits.Length - digits.TrimEnd('0').Length;
        if (shift < 0 && -shift > trailingZeros)
        {
            error = negative ? "must be between 0 and 1" : $"has more than {MaxDecimals} decimal places";
            return false;
        }
        if (digits.Length + shift > 10)
        {
            error = "must be a number between 0 and 1";
            return false;
        }
        if (negative)
        {
            error = "must be between 0 and 1";
            return false;
        }
        var billionths = shift >= 0
            ? long.Parse(digits, CultureInfo.InvariantCulture) * (long)Math.Pow(10, shift)
            : long.Parse(digits[..^(-shift)], CultureInfo.InvariantCulture);
        if (billionths > Scale)
        {
            error = "must be between 0 and 1";
            return false;
        }
        return Accept(billionths, out priority, out error);
    }

    static bool Accept(long billionths, out Priority priority, out string? error)
    {
        priority = new Priority(billionths);
        error = null;
        return true;
    }

    public static bool TryFromDecimal(decimal value, out Priority priority, out string? error)
    {
        priority = default;
        if (value < 0m || value > 1m)
        {
            error = "must be between 0 and 1";
            return false;
        }
        var scaled = value * Scale;
        if (scaled != decimal.Truncate(scaled))
        {
            error = $"has more than {MaxDecimals} decimal places";
            return false;
        }
        priority = new Priority((long)scaled);
        error = null;
        return true;
    }

    public decimal ToDecimal() => Billionths / (decimal)Scale;

    public int CompareTo(Priority other) => Billionths.CompareTo(other.Billionths);

    public override string ToString() => ToDecimal().ToString("0.#########", CultureInfo.InvariantCulture);
}
