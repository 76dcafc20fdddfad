using Docket.Domain.Identity;

namespace Docket.Domain.Tests.Identity;

public sealed class ApiKeyTests
{
    [Fact]
    public void A_generated_key_is_shaped_dk_keyId_secret()
    {
        var issued = ApiKey.Generate();

        Assert.Matches("^[0-9a-f]{16}$", issued.KeyId);
        Assert.StartsWith($"dk_{issued.KeyId}_", issued.Key);
        Assert.Matches("^dk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", issued.Key);
    }

    [Fact]
    public void A_generated_key_parses_back_and_matches_its_stored_hash()
    {
        var issued = ApiKey.Generate();

        Assert.True(ApiKey.TryParse(issued.Key, out var keyId, out var secret));
        Assert.Equal(issued.KeyId, keyId);
        Assert.Equal(issued.Key, $"dk_{keyId}_{secret}");
        Assert.True(ApiKey.Matches(secret, issued.SecretHash));
    }

    [Fact]
    public void Only_a_hash_of_the_secret_is_kept()
    {
        var issued = ApiKey.Generate();
        ApiKey.TryParse(issued.Key, out _, out var secret);

        Assert.Equal(32, issued.SecretHash.Length);
        Assert.Equal(ApiKey.Hash(secret), issued.SecretHash);
        Assert.DoesNotContain(secret, Convert.ToBase64String(issued.SecretHash));
    }

    [Fact]
    public void Every_key_is_different()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKey.Generate()).ToList();

        Assert.Equal(100, keys.Select(k => k.KeyId).Distinct().Count());
        Assert.Equal(100, keys.Select(k => k.Key).Distinct().Count());
    }

    [Fact]
    public void A_wrong_secret_does_not_match()
    {
        var issued = ApiKey.Generate();
        var other = ApiKey.Generate();
        ApiKey.TryParse(issued.Key, out _, out var secret);
        ApiKey.TryParse(other.Key, out _, out var otherSecret);
        var oneCharOff = (secret[0] == 'A' ? 'B' : 'A') + secret[1..];

        Assert.False(ApiKey.Matches(otherSecret, issued.SecretHash));
        Assert.False(ApiKey.Matches(oneCharOff, issued.SecretHash));
        Assert.False(ApiKey.Matches(secret + "x", issued.SecretHash));
        Assert.False(ApiKey.Matches(secret[..^1], issued.SecretHash));
        Assert.False(ApiKey.Matches(
            secret.ToUpperInvariant() == secret ? secret.ToLowerInvariant() : secret.ToUpperInvariant(),
            issued.SecretHash));
        Assert.False(ApiKey.Matches("", issued.SecretHash));
    }

    [Fact]
    public void A_stored_hash_of_the_wrong_length_never_matches()
    {
        Assert.False(ApiKey.Matches("secret", ApiKey.Hash("secret")[..16]));
        Assert.False(ApiKey.Matches("secret", []));
    }

    [Fact]
    public void The_secret_may_contain_underscores()
    {
        Assert.True(ApiKey.TryParse("dk_0123456789abcdef_ab_cd-ef", out var keyId, out var secret));
        Assert.Equal(("0123456789abcdef", "ab_cd-ef"), (keyId, secret));
    }

    [Theory]
    [InlineData("")]
    [InlineData("dk_")]
    [InlineData("dk_0123456789abcdef")]
    [InlineData("dk_0123456789abcdef_")]
    [InlineData("Bearer dk_0123456789abcdef_secret")]
    [InlineData(" dk_0123456789abcdef_secret")]
    [InlineData("DK_0123456789abcdef_secret")]
    [InlineData("xx_0123456789abcdef_secret")]
    [InlineData("dk-0123456789abcdef_secret")]
    [InlineData("dk_0123456789abcde_secret")]
    [InlineData("dk_0123456789abcdef0_secret")]
    [InlineData("dk_0123456789ABCDEF_secret")]
    [InlineData("dk_0123456789abcdeg_secret")]
    [InlineData("dk__0123456789abcdef_secret")]
    [InlineData("dk_0123456789abcdef-secret")]
    [InlineData("some-other-token")]
    public void Malformed_keys_are_refused(string presented)
    {
        Assert.False(ApiKey.TryParse(presented, out _, out _));
    }
}
