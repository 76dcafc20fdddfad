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

    /// <summary>Parses the literal text of a JSON number, e.g. "0.95" or "1e-9".</summary>
    public static bool TryParse(string text, out Priority priority, out string? error)
    {
        priority = default;
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            error = "must be a number between 0 and 1";
            return false;
        }
        return TryFromDecimal(value, out priority, out error);
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
