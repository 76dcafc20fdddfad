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
    [InlineData("-0", 0L)]
    [InlineData("0.000000001", 1L)]
    public void Parses_numbers_exactly(string text, long billionths)
    {
        Assert.True(Priority.TryParse(text, out var priority, out var error), error);
        Assert.Equal(billionths, priority.Billionths);
    }

    [Theory]
    [InlineData("1.5", "between 0 and 1")]
    [InlineData("-0.1", "between 0 and 1")]
    [InlineData("1.000000001", "between 0 and 1")]
    [InlineData("0.1234567891", "more than 9 decimal places")]
    [InlineData("1e-10", "more than 9 decimal places")]
    [InlineData("0.10000000000000000000000000001", "more than 9 decimal places")]
    [InlineData("0.12345678900000000000000000000000000001", "more than 9 decimal places")]
    [InlineData("12345678901234567890", "between 0 and 1")]
    [InlineData("abc", "number")]
    public void Refuses_what_it_cannot_keep_exactly(string text, string reason)
    {
        Assert.False(Priority.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
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
