using Microsoft.Extensions.Configuration;

namespace Docket.Storage.Connection;

/// <summary>
/// A Functions-style storage connection read from configuration, as the Functions host reads trigger connections:
/// either a connection string (the setting <c>Name</c> itself) or identity-based settings under it —
/// <c>Name__tableServiceUri</c>, <c>Name__queueServiceUri</c>, <c>Name__blobServiceUri</c> (or <c>Name__serviceUri</c>,
/// the blob extension's name for it), or <c>Name__accountName</c> for all three, with <c>Name__credential</c> and
/// <c>Name__clientId</c> choosing the identity. A connection other than AzureWebJobsStorage that is not configured
/// falls back to AzureWebJobsStorage.
/// </summary>
public sealed record StorageConnectionSettings(
    string ConnectionName,
    string? ConnectionString,
    Uri? TableServiceUri,
    Uri? QueueServiceUri,
    Uri? BlobServiceUri,
    IConfigurationSection Section)
{
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    /// <summary>"managedidentity" for a managed identity; otherwise the default Azure credential chain.</summary>
    public string? Credential => Section["credential"];

    /// <summary>The user-assigned managed identity's client id (none: the system-assigned identity).</summary>
    public string? ClientId => Section["clientId"];

    public bool IsIdentityBased => ConnectionString is null;

    public static StorageConnectionSettings Read(IConfiguration configuration, string connectionName)
    {
        var section = configuration.GetSection(connectionName);
        if (!IsConfigured(section))
        {
            if (connectionName == DefaultConnectionName)
                throw new InvalidOperationException($"Storage connection '{connectionName}' is not configured.");
            section = configuration.GetSection(DefaultConnectionName);
            if (!IsConfigured(section))
                throw new InvalidOperationException(
                    $"Neither storage connection '{connectionName}' nor '{DefaultConnectionName}' is configured.");
        }

        if (!string.IsNullOrWhiteSpace(section.Value))
            return new StorageConnectionSettings(section.Path, section.Value, null, null, null, section);
        return new StorageConnectionSettings(section.Path, null,
            ServiceUri(section, "table"), ServiceUri(section, "queue"),
            ServiceUri(section, "blob", alternativeKey: "serviceUri"), section);
    }

    static bool IsConfigured(IConfigurationSection section) =>
        !string.IsNullOrWhiteSpace(section.Value) || section.GetChildren().Any();

    static Uri ServiceUri(IConfigurationSection section, string service, string? alternativeKey = null)
    {
        var explicitUri = section[$"{service}ServiceUri"] ?? (alternativeKey is null ? null : section[alternativeKey]);
        if (!string.IsNullOrWhiteSpace(explicitUri))
            return new Uri(explicitUri);
        var accountName = section["accountName"];
        if (!string.IsNullOrWhiteSpace(accountName))
            return new Uri($"https://{accountName}.{service}.core.windows.net");
        throw new InvalidOperationException(
            $"Storage connection '{section.Path}' has neither a connection string " +
            $"nor '{service}ServiceUri'/'accountName'.");
    }
}
