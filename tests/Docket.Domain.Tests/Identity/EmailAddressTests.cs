using Docket.Domain.Identity;

namespace Docket.Domain.Tests.Identity;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("lena@example.com", "lena@example.com")]
    [InlineData(" Lena@Example.COM ", "lena@example.com")]
    [InlineData("\tRAMI@EXAMPLE.ORG\n", "rami@example.org")]
    [InlineData("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk")]
    [InlineData("o'neil@example.com", "o'neil@example.com")]
    [InlineData("a@b.c", "a@b.c")]
    [InlineData("José@Exämple.com", "josé@exämple.com")]
    public void Valid_addresses_are_trimmed_and_lower_cased(string text, string normalized)
    {
        Assert.True(EmailAddress.TryNormalize(text, out var result));
        Assert.Equal(normalized, result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("lena")]
    [InlineData("lena@")]
    [InlineData("@example.com")]
    [InlineData("lena@example")]
    [InlineData("lena@example.")]
    [InlineData("lena@.com")]
    [InlineData("lena@@example.com")]
    [InlineData("le@na@example.com")]
    [InlineData("le na@example.com")]
    [InlineData("lena@exa mple.com")]
    [InlineData("lena\t@example.com")]
    [InlineData("lena\u0000@example.com")]
    [InlineData("lena\u200B@example.com")]
    [InlineData("lena@example.com\u0007")]
    public void Invalid_addresses_are_refused(string? text)
    {
        Assert.False(EmailAddress.TryNormalize(text, out _));
    }

    [Fact]
    public void Addresses_up_to_254_characters_are_accepted()
    {
        var longest = new string('a', 254 - "@example.com".Length) + "@example.com";

        Assert.Equal(EmailAddress.MaxLength, longest.Length);
        Assert.True(EmailAddress.TryNormalize(longest, out var normalized));
        Assert.Equal(longest, normalized);
        Assert.True(EmailAddress.TryNormalize("  " + longest + "  ", out _));
        Assert.False(EmailAddress.TryNormalize("a" + longest, out _));
    }

    [Fact]
    public void Differently_cased_spellings_normalize_to_the_same_address()
    {
        EmailAddress.TryNormalize("Lena@Example.com", out var a);
        EmailAddress.TryNormalize("LENA@EXAMPLE.COM", out var b);

        Assert.Equal(a, b);
    }
}
