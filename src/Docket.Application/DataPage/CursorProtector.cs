using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Docket.Application.Configuration;
using Microsoft.Extensions.Configuration;

namespace Docket.Application.DataPage;

/// <summary>
/// Makes continuation cursors opaque and tamper-proof: the position, bound to the query it continues (project,
/// filters, whose view), signed with a key every instance derives from the deployment's secret. A cursor changed,
/// forged, or replayed against another query or project is refused.
/// </summary>
public sealed class CursorProtector
{
    readonly byte[] key;

    public CursorProtector(IConfiguration configuration)
    {
        // Every instance shares the bootstrap key (in Azure a Key Vault reference); without one, a process-local key
        // still protects cursors, which then only continue on the instance that made them.
        var secret = configuration[DocketSettings.BootstrapAdminKey];
        key = string.IsNullOrEmpty(secret)
            ? RandomNumberGenerator.GetBytes(32)
            : SHA256.HashData(Encoding.UTF8.GetBytes("docket-cursor-v1|" + secret));
    }

    /// <param name="scope">What the cursor may continue: the project and every parameter of the query but the page
    /// size.</param>
    public string Protect<T>(string scope, T position)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(position);
        return Base64Url(payload) + "." + Base64Url(Signature(scope, payload));
    }

    public bool TryUnprotect<T>(string scope, string cursor, out T? position)
    {
        position = default;
        var dot = cursor.IndexOf('.');
        if (dot <= 0 || !TryFromBase64Url(cursor[..dot], out var payload)
            || !TryFromBase64Url(cursor[(dot + 1)..], out var signature)) return false;
        if (!CryptographicOperations.FixedTimeEquals(signature, Signature(scope, payload))) return false;
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

    byte[] Signature(string scope, byte[] payload)
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
