using System.Security.Cryptography;
using System.Text;

namespace Docket.Domain.Identity;

/// <summary>
/// API keys look like "dk_{keyId}_{secret}". Only the key id and a SHA-256 hash of the secret are stored; a
/// presented key is checked by recomputing the hash and comparing in constant time.
/// </summary>
public static class ApiKey
{
    const string Prefix = "dk_";

    public sealed record Issued(string KeyId, string Key, byte[] SecretHash);

    public static Issued Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new Issued(keyId, $"{Prefix}{keyId}_{secret}", Hash(secret));
    }

    /// <summary>Splits a presented key into its id and secret; false when it is not shaped like a Docket key.</summary>
    public static bool TryParse(string presented, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var separator = presented.IndexOf('_', Prefix.Length);
        if (separator != Prefix.Length + 16) return false;
        keyId = presented[Prefix.Length..separator];
        secret = presented[(separator + 1)..];
        return secret.Length > 0 && keyId.All(char.IsAsciiHexDigitLower);
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
