namespace Docket.Application.Configuration;

/// <summary>
/// Every configuration name the app reads, in one place: local.settings.json, app settings in Azure (where ":" is
/// written "__") and the Bicep templates all use exactly these.
/// </summary>
public static class DocketSettings
{
    /// <summary>
    /// The Functions host's own storage (triggers' leases, timers); a connection string or identity settings.
    /// </summary>
    public const string HostStorageConnection = "AzureWebJobsStorage";

    /// <summary>
    /// Docket's data (tables, queues, items blobs); falls back to <see cref="HostStorageConnection"/>.
    /// </summary>
    public const string StorageConnection = "Docket:Storage";

    public const string BootstrapAdminEmail = "Docket:BootstrapAdminEmail";
    public const string BootstrapAdminKey = "Docket:BootstrapAdminKey";

    /// <summary>The key that signs Data Page and queue cursors (required; at least 32 characters).</summary>
    public const string CursorSigningKey = "Docket:CursorSigningKey";

    /// <summary>The signing key before the last rotation: its cursors are still accepted.</summary>
    public const string CursorSigningKeyPrevious = "Docket:CursorSigningKeyPrevious";

    /// <summary>
    /// When "true", the App Service Authentication header X-MS-CLIENT-PRINCIPAL identifies the caller.
    /// </summary>
    public const string TrustEasyAuthHeader = "Docket:Auth:TrustEasyAuthHeader";

    /// <summary>The Entra ID tenant whose principals may sign in through App Service Authentication.</summary>
    public const string EasyAuthTenantId = "Docket:Auth:TenantId";

    /// <summary>NCRONTAB schedule of the rebalancing pass.</summary>
    public const string RebalanceSchedule = "Docket:RebalanceSchedule";

    /// <summary>
    /// NCRONTAB schedule of the sweeps that heal what a crash between a write and a send leaves behind: stage moves
    /// still pending, uploads whose chunks nobody asked for.
    /// </summary>
    public const string SweepSchedule = "Docket:SweepSchedule";

    /// <summary>NCRONTAB schedule of the webhook dispatch pass (deliveries and their retries); seconds apart.</summary>
    public const string WebhookDispatchSchedule = "Docket:Webhooks:DispatchSchedule";

    /// <summary>NCRONTAB schedule of the pruning of events and deliveries past their retention.</summary>
    public const string EventPruneSchedule = "Docket:Events:PruneSchedule";

    /// <summary>
    /// Identity-based connection settings the deployment gives a connection name: one URI per service, the
    /// credential and the managed identity's client id. Docket and the Functions host also accept
    /// <c>serviceUri</c> and <c>accountName</c> (see StorageConnectionSettings); the deployment does not use them.
    /// </summary>
    public static readonly IReadOnlyList<string> IdentityConnectionSuffixes =
        ["tableServiceUri", "queueServiceUri", "blobServiceUri", "credential", "clientId"];
}
