using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Docket.Domain.Tasks;

/// <summary>
/// A task priority in [0, 1] with up to nine decimal places, kept exactly as an integer count of billionths
/// (0.123456789 is 123456789). Never passes through a binary float.
/// </summary>
public readonly partial record struct Priority : IComparable<Priority>
{
    public const long Scale = 1_000_000_000;
    public const int MaxDecimals = 9;

    /// <summary>
    /// The largest exponent magnitude a priority may be written with: every binary float fits (they stop near
    /// ±324), and anything beyond is refused before it can overflow the arithmetic.
    /// </summary>
    public const int MaxExponent = 1000;

    const string NotANumber = "must be a number between 0 and 1";
    const string OutOfRange = "must be between 0 and 1";
    static readonly string AbsurdExponent = $"{NotANumber} with an exponent between -{MaxExponent} and {MaxExponent}";

    Priority(long billionths) => Billionths = billionths;

    public long Billionths { get; }

    public static Priority FromBillionths(long billionths) =>
        billionths is < 0 or > Scale
            ? throw new ArgumentOutOfRangeException(nameof(billionths))
            : new Priority(billionths);

    /// <summary>
    /// A priority as JSON gives it (an items file's entry, a bulk request): null or absent is none, a number is read
    /// from its own text (never through a double, so 0.1234567891 is seen to have ten decimals), anything else is
    /// refused.
    /// </summary>
    public static bool TryRead(JsonElement value, out Priority? priority, out string? error)
    {
        priority = null;
        error = null;
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return true;
        if (value.ValueKind != JsonValueKind.Number)
        {
            error = "must be a number";
            return false;
        }
        if (!TryParse(value.GetRawText(), out var parsed, out error)) return false;
        priority = parsed;
        return true;
    }

    /// <summary>
    /// Parses the literal text of a JSON number, e.g. "0.95" or "1e-9", from its digits: up to nine decimal
    /// places are kept exactly, more are rounded to the nearest billionth (ties to even), because clients send
    /// binary floats such as 0.3333333333333333. The exact value written decides the range, so 1.0000000001 is
    /// refused even though it would round to 1.
    /// </summary>
    public static bool TryParse(string text, out Priority priority, out string? error)
    {
        priority = default;
        var match = NumberText().Match(text);
        if (!match.Success)
            return Refuse(NotANumber, out error);

        var exponent = 0;
        var exponentText = match.Groups["exponent"];
        if (exponentText.Success
            && (!int.TryParse(exponentText.ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out exponent)
                || exponent is < -MaxExponent or > MaxExponent))
            return Refuse(AbsurdExponent, out error);

        var fraction = match.Groups["fraction"].Value;
        var digits = (match.Groups["integer"].Value + fraction).TrimStart('0');
        if (digits.Length == 0)
            return Accept(0, out priority, out error);
        if (match.Groups["sign"].Success)
            return Refuse(OutOfRange, out error);

        // The value is digits × 10^(exponent − decimals), so in billionths it is digits × 10^shift. The exponent is
        // bounded and the fraction is at most a string's length, so shift cannot overflow.
        var shift = (long)exponent - fraction.Length + MaxDecimals;
        var kept = digits.Length + shift;
        if (kept > 10)
            return Refuse(OutOfRange, out error); // at least 10^10 billionths, that is 10

        // Whole billionths, and the digits below a billionth that rounding drops.
        var whole = shift >= 0 ? digits + new string('0', (int)shift) : kept > 0 ? digits[..(int)kept] : "";
        var dropped = shift >= 0 ? "" : kept > 0 ? digits[(int)kept..] : digits;
        var billionths = whole.Length == 0 ? 0 : long.Parse(whole, CultureInfo.InvariantCulture);
        var droppedIsZero = !dropped.AsSpan().ContainsAnyExcept('0');
        if (billionths > Scale || (billionths == Scale && !droppedIsZero))
            return Refuse(OutOfRange, out error);

        // When digits start below the billionth (kept < 0), zeros come first and the rest is under half of one.
        if (kept >= 0 && RoundsUp(dropped, billionths))
            billionths++;
        return Accept(billionths, out priority, out error);
    }

    /// <summary>
    /// Round half to even: above half rounds up, below down, exactly half towards the even neighbour.
    /// </summary>
    static bool RoundsUp(string dropped, long billionths)
    {
        if (dropped.Length == 0)
            return false;
        return dropped[0] switch
        {
            > '5' => true,
            < '5' => false,
            _ => dropped.AsSpan(1).ContainsAnyExcept('0') || billionths % 2 == 1,
        };
    }

    static bool Accept(long billionths, out Priority priority, out string? error)
    {
        priority = new Priority(billionths);
        error = null;
        return true;
    }

    static bool Refuse(string reason, out string? error)
    {
        error = reason;
        return false;
    }

    public decimal ToDecimal() => Billionths / (decimal)Scale;

    public int CompareTo(Priority other) => Billionths.CompareTo(other.Billionths);

    public override string ToString() => ToDecimal().ToString("0.#########", CultureInfo.InvariantCulture);

    /// <summary>A JSON number: ASCII digits only (\d would also match other scripts' digits).</summary>
    [GeneratedRegex(@"^(?<sign>-)?(?<integer>[0-9]+)(?:\.(?<fraction>[0-9]+))?(?:[eE](?<exponent>[+-]?[0-9]+))?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex NumberText();
}
