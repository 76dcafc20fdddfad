namespace Docket.Functions.Identity;

/// <summary>How callers may prove who they are besides API keys.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Docket:Auth";

    /// <summary>Trust App Service Authentication's principal header (only while App Service says it is on).</summary>
    public bool TrustEasyAuthHeader { get; set; }

    /// <summary>
    /// The Entra ID tenant whose principals may sign in through App Service Authentication: a principal of another
    /// tenant (a guest's home tenant, a multi-tenant app's other customers) is never bound to a Docket user.
    /// Required when <see cref="TrustEasyAuthHeader"/> is on.
    /// </summary>
    public string? TenantId { get; set; }

    public bool IsValid() => !TrustEasyAuthHeader || !string.IsNullOrWhiteSpace(TenantId);
}
