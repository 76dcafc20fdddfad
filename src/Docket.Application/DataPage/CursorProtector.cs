using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Docket.Application.Configuration;
using Microsoft.Extensions.Options;

namespace Docket.Application.DataPage;

/// <summary>
/// Makes continuation cursors opaque and tamper-proof: the position, bound to the query it continues (project,
/// filters, whose view), signed with the deployment's cursor signing key, which every instance shares. A cursor
/// changed, forged, or replayed against another query or project is refused. After a rotation the previous key's
/// cursors are still accepted, so walks in progress go on.
/// </summary>
public sealed class CursorProtector
{
    readonly byte[] key;
    readonly byte[]? previousKey;

    public CursorProtector(IOptions<SecretsOptions> options)
    {
        // A key of its own, not the bootstrap admin's: rotating that must not break cursors, and a cursor must offer
        // nothing to test guesses of an admin key against. Required at start-up (SecretsOptionsValidation).
        var secrets = options.Value;
        key = Derive(secrets.CursorSigningKey
                     ?? throw new InvalidOperationException($"{DocketSettings.CursorSigningKey} is not set."));
        previousKey = string.IsNullOrEmpty(secrets.CursorSigningKeyPrevious)
            ? null
            : Derive(secrets.CursorSigningKeyPrevious);
    }

    /// <param name="scope">What the cursor may continue: the project and every parameter of the query but the page
    /// size.</param>
    public string Protect<T>(string scope, T position)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(position);
        return Base64Url(payload) + "." + Base64Url(Signature(key, scope, payload));
    }

    public bool TryUnprotect<T>(string scope, string cursor, out T? position)
    {
        position = default;
        var dot = cursor.IndexOf('.');
        if (dot <= 0 || !TryFromBase64Url(cursor[..dot], out var payload)
            || !TryFromBase64Url(cursor[(dot + 1)..], out var signature)) return false;
        if (!CryptographicOperations.FixedTimeEquals(signature, Signature(key, scope, payload))
            && (previousKey is null
                || !CryptographicOperations.FixedTimeEquals(signature, Signature(previousKey, scope, payload))))
            return false;
        try
        {
            position = JsonSerializer.Deserialize<T>(payload);
            return position is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static byte[] Derive(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes("docket-cursor-v2|" + secret));

    static byte[] Signature(byte[] key, string scope, byte[] payload)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes(scope), 0, .. payload];
        return HMACSHA256.HashData(key, signed)[..16];
    }

    static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written)) return false;
        bytes = bytes[..written];
        return true;
    }
}
