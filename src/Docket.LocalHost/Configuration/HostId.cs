using System.Text.RegularExpressions;

namespace Docket.LocalHost.Configuration;

/// <summary>
/// The Functions host id: it names the host's locks, timer status and blob trigger queue in the host storage
/// account, so instances of one app share them and other apps do not. The Functions host's own setting overrides
/// it; by default it is derived from the machine name, as the host does outside Azure.
/// </summary>
public static partial class HostId
{
    public const string Setting = "AzureFunctionsWebHost:hostid";

    public static string From(IConfiguration configuration)
    {
        var configured = configuration[Setting];
        var id = string.IsNullOrWhiteSpace(configured) ? Environment.MachineName : configured;
        id = Invalid().Replace(id.ToLowerInvariant(), "-").Trim('-');
        return id.Length > 32 ? id[..32].TrimEnd('-') : id;
    }

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex Invalid();
}
