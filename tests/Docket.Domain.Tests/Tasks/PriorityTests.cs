using Docket.Domain.Tasks;

namespace Docket.Domain.Tests.Tasks;

public sealed class PriorityTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1", 1_000_000_000L)]
    [InlineData("1.000000000", 1_000_000_000L)]
    [InlineData("0.95", 950_000_000L)]
    [InlineData("0.123456789", 123_456_789L)]
    [InlineData("0.1234567890000", 123_456_789L)]
    [InlineData("1e-9", 1L)]
    [InlineData("5E-1", 500_000_000L)]
    [InlineData("100e-2", 1_000_000_000L)]
    [InlineData("0.0000000000000000000001e21", 100_000_000L)]
    [InlineData("-0", 0L)]
    [InlineData("0.000000001", 1L)]
    public void Parses_up_to_nine_decimals_exactly(string text, long billionths)
    {
        Assert.True(Priority.TryParse(text, out var priority, out var error), error);
        Assert.Equal(billionths, priority.Billionths);
    }

    [Theory]
    [InlineData("0.3333333333333333", 333_333_333L)]
    [InlineData("0.6666666666666666", 666_666_667L)]
    [InlineData("0.1234567891", 123_456_789L)]
    [InlineData("0.1234567896", 123_456_790L)]
    [InlineData("0.0000000005", 0L)]
    [InlineData("0.0000000015", 2L)]
    [InlineData("0.0000000025", 2L)]
    [InlineData("0.00000000250000000000000000000000001", 3L)]
    [InlineData("0.00000000049999999999999999999999999", 0L)]
    [InlineData("0.99999999950", 1_000_000_000L)]
    [InlineData("0.9999999994999", 999_999_999L)]
    [InlineData("0.99999999999999999999", 1_000_000_000L)]
    [InlineData("1e-10", 0L)]
    [InlineData("6e-10", 1L)]
    [InlineData("5e-324", 0L)]
    [InlineData("0.10000000000000000000000000001", 100_000_000L)]
    [InlineData("0.12345678900000000000000000000000000001", 123_456_789L)]
    [InlineData("1.0000000000000000000000000000", 1_000_000_000L)]
    public void Rounds_more_than_nine_decimals_to_the_nearest_billionth_ties_to_even(string text, long billionths)
    {
        Assert.True(Priority.TryParse(text, out var priority, out var error), error);
        Assert.Equal(billionths, priority.Billionths);
    }

    [Theory]
    [InlineData("1.5", "must be between 0 and 1")]
    [InlineData("-0.1", "must be between 0 and 1")]
    [InlineData("-0.0000000001", "must be between 0 and 1")]
    [InlineData("1.000000001", "must be between 0 and 1")]
    // Rounded these would be 1, but what was sent is above 1.
    [InlineData("1.0000000001", "must be between 0 and 1")]
    [InlineData("1.00000000000000000000000000001", "must be between 0 and 1")]
    [InlineData("12345678901234567890", "must be between 0 and 1")]
    [InlineData("1e400", "must be between 0 and 1")]
    [InlineData("abc", "must be a number between 0 and 1")]
    [InlineData("0x1", "must be a number between 0 and 1")]
    [InlineData("1.", "must be a number between 0 and 1")]
    [InlineData("\u0661", "must be a number between 0 and 1")]
    public void Refuses_what_is_outside_zero_to_one_or_not_a_number(string text, string message)
    {
        Assert.False(Priority.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("1.123456789e-2147483648")]
    [InlineData("1e2147483647")]
    [InlineData("1e-2147483649")]
    [InlineData("1e99999999999999999999")]
    [InlineData("0e1001")]
    [InlineData("5e-1001")]
    public void Refuses_absurd_exponents_before_any_arithmetic(string text)
    {
        Assert.False(Priority.TryParse(text, out _, out var error));
        Assert.Equal(
            $"must be a number between 0 and 1 with an exponent between -{Priority.MaxExponent} "
            + $"and {Priority.MaxExponent}", error);
    }

    [Fact]
    public void Accepts_the_largest_exponents_allowed()
    {
        Assert.True(Priority.TryParse($"5e-{Priority.MaxExponent}", out var tiny, out _));
        Assert.Equal(0L, tiny.Billionths);
        Assert.True(Priority.TryParse($"0e{Priority.MaxExponent}", out var zero, out _));
        Assert.Equal(0L, zero.Billionths);
    }

    [Fact]
    public void Prints_the_shortest_exact_decimal()
    {
        Assert.Equal("0.123456789", Priority.FromBillionths(123_456_789).ToString());
        Assert.Equal("0.95", Priority.FromBillionths(950_000_000).ToString());
        Assert.Equal("1", Priority.FromBillionths(1_000_000_000).ToString());
        Assert.Equal("0", Priority.FromBillionths(0).ToString());
    }

    [Fact]
    public void Orders_by_value()
    {
        Assert.True(Priority.FromBillionths(2).CompareTo(Priority.FromBillionths(1)) > 0);
    }
}
