using System.Net;
using System.Net.Sockets;

namespace Docket.Domain.Webhooks;

/// <summary>
/// Where a webhook may send. Docket calls URLs an admin typed, from inside the deployment, so by default only
/// https to public addresses: never loopback, private, link-local (the cloud metadata endpoint), shared-address or
/// multicast ranges, which would let a webhook reach services that trust the deployment's network.
/// </summary>
public static class WebhookTargets
{
    /// <summary>What is wrong with the URL as a target, or null when it may be used.</summary>
    /// <param name="allowInsecure">A developer's machine: http and loopback or private addresses are allowed.</param>
    public static string? Problem(string url, bool allowInsecure)
    {
        if (url.Length > Webhook.MaxUrlLength) return $"must be at most {Webhook.MaxUrlLength} characters";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "must be an absolute http(s) URL";
        if (uri.UserInfo.Length > 0) return "must not carry a user name or password";
        if (allowInsecure) return null;
        if (uri.Scheme != Uri.UriSchemeHttps) return "must use https";
        if (uri.IsLoopback) return "must not point at this machine (loopback)";
        if (IPAddress.TryParse(uri.DnsSafeHost, out var address) && ForbiddenRange(address) is { } range)
            return $"must not point at a {range} address";
        return null;
    }

    /// <summary>The kind of range a resolved address lies in when it may not be called, or null.</summary>
    public static string? ForbiddenRange(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return "loopback";
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return "unspecified";
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) return "link-local";
            if (address.IsIPv6Multicast) return "multicast";
            if ((address.GetAddressBytes()[0] & 0xFE) == 0xFC) return "private"; // fc00::/7, unique local
            return null;
        }
        var b = address.GetAddressBytes();
        return b switch
        {
            [0, ..] => "unspecified",
            [10, ..] => "private",
            [172, >= 16 and <= 31, ..] => "private",
            [192, 168, ..] => "private",
            [169, 254, ..] => "link-local", // the cloud instance metadata endpoint lives here
            [100, >= 64 and <= 127, ..] => "shared-address",
            [>= 224, ..] => "multicast or reserved",
            _ => null,
        };
    }
}
