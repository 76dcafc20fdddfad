using System.Reflection;
using System.Text.Json.Nodes;
using Docket.Application.Configuration;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Deployment;

/// <summary>
/// infra/main.bicep compiles clean, and the app settings it writes are exactly the configuration names the app
/// reads (<see cref="DocketSettings"/>), identity-based. Nothing is deployed: these read the compiled ARM JSON.
/// </summary>
public sealed class BicepTemplateTests
{
    /// <summary>Written by the platform, not by a DocketSettings name.</summary>
    static readonly string[] ApplicationInsightsSettings =
        ["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];

    static readonly Lazy<BicepBuildResult> MainBuild =
        new(() => BicepCli.Build(Path.Combine(TestStorage.RepositoryRoot, "infra", "main.bicep")));

    [Fact]
    public void Main_template_compiles_without_errors_or_warnings()
    {
        var build = MainBuild.Value;

        Assert.True(build.ExitCode == 0, $"bicep build exited with {build.ExitCode}:\n{build.Diagnostics}");
        Assert.True(build.ErrorsAndWarnings.Count == 0,
            "bicep build reported:\n" + string.Join('\n', build.ErrorsAndWarnings));
    }

    [Fact]
    public void Function_app_settings_are_exactly_the_configuration_names_the_app_reads()
    {
        var written = AppSettings(FunctionApp()).Select(setting => setting.Name).ToList();
        var expected = ExpectedAppSettingNames();

        Assert.True(written.Count == written.Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            "settings written twice: " + string.Join(", ", written.GroupBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1).Select(g => g.Key)));
        var missing = expected.Except(written, StringComparer.Ordinal).ToList();
        var unexpected = written.Except(expected, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && unexpected.Count == 0,
            $"read by the app but not written: [{string.Join(", ", missing)}]; "
            + $"written but not read: [{string.Join(", ", unexpected)}]");
    }

    [Fact]
    public void Connections_use_the_managed_identity_and_secrets_come_from_key_vault()
    {
        var site = FunctionApp();
        var settings = AppSettings(site).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

        foreach (var connection in new[] { DocketSettings.HostStorageConnection, DocketSettings.StorageConnection })
            Assert.Equal("managedidentity", settings[$"{AppSettingName(connection)}__credential"]);
        foreach (var (name, value) in settings)
        {
            Assert.False(value.Contains("AccountKey", StringComparison.OrdinalIgnoreCase),
                $"{name} carries an account key");
            Assert.False(value.Contains("listKeys", StringComparison.OrdinalIgnoreCase),
                $"{name} carries a listed key");
            Assert.False(value.Contains("SharedAccessSignature", StringComparison.OrdinalIgnoreCase),
                $"{name} carries a SAS");
        }

        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings[AppSettingName(DocketSettings.BootstrapAdminKey)]);
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings[AppSettingName(DocketSettings.CursorSigningKey)]);
        Assert.False(string.IsNullOrWhiteSpace(site["properties"]?["keyVaultReferenceIdentity"]?.GetValue<string>()),
            "the Key Vault reference needs keyVaultReferenceIdentity (the user-assigned identity)");

        var runtime = site["properties"]?["functionAppConfig"]?["runtime"];
        Assert.Equal("dotnet-isolated", runtime?["name"]?.GetValue<string>());
        Assert.Equal("10.0", runtime?["version"]?.GetValue<string>());
        Assert.Equal("functionapp,linux", site["kind"]?.GetValue<string>());
    }

    [Fact]
    public void Storage_accounts_accept_only_entra_id_over_tls_1_2_and_no_public_blobs()
    {
        var accounts = Resources(CompiledTemplate(), "Microsoft.Storage/storageAccounts").ToList();

        Assert.Equal(2, accounts.Count); // host storage and Docket's data
        foreach (var properties in accounts.Select(account => account["properties"]))
        {
            Assert.False(properties?["allowSharedKeyAccess"]?.GetValue<bool>() ?? true,
                "allowSharedKeyAccess must be false");
            Assert.False(properties?["allowBlobPublicAccess"]?.GetValue<bool>() ?? true,
                "allowBlobPublicAccess must be false");
            Assert.Equal("TLS1_2", properties?["minimumTlsVersion"]?.GetValue<string>());
        }
    }

    /// <summary>
    /// Every public const of <see cref="DocketSettings"/> as an app setting (":" written "__"), except the two
    /// storage connections, which are written as identity-based settings under their connection name.
    /// </summary>
    static IReadOnlyCollection<string> ExpectedAppSettingNames()
    {
        var names = new SortedSet<string>(ApplicationInsightsSettings, StringComparer.Ordinal);
        var constants = typeof(DocketSettings)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field is { IsLiteral: true, IsInitOnly: false } && field.FieldType == typeof(string));
        foreach (var field in constants)
        {
            var name = AppSettingName((string)field.GetRawConstantValue()!);
            switch (field.Name)
            {
                case nameof(DocketSettings.HostStorageConnection):
                    // Flex Consumption's host storage takes the account name (for all its services) and the identity.
                    var identity = DocketSettings.IdentityConnectionSuffixes.Where(
                        s => !s.EndsWith("ServiceUri", StringComparison.Ordinal));
                    names.UnionWith(identity.Prepend("accountName").Select(suffix => $"{name}__{suffix}"));
                    break;
                case nameof(DocketSettings.StorageConnection):
                    names.UnionWith(DocketSettings.IdentityConnectionSuffixes.Select(suffix => $"{name}__{suffix}"));
                    break;
                default:
                    names.Add(name);
                    break;
            }
        }
        return names;
    }

    static string AppSettingName(string configurationKey) =>
        configurationKey.Replace(":", "__", StringComparison.Ordinal);

    static JsonNode CompiledTemplate()
    {
        var build = MainBuild.Value;
        Assert.True(build.ExitCode == 0, $"bicep build exited with {build.ExitCode}:\n{build.Diagnostics}");
        return JsonNode.Parse(build.Template) ?? throw new InvalidOperationException("bicep build printed no template");
    }

    static JsonObject FunctionApp()
    {
        var sites = Resources(CompiledTemplate(), "Microsoft.Web/sites").ToList();
        Assert.True(sites.Count == 1, $"expected one function app in the template, found {sites.Count}");
        return sites[0];
    }

    /// <summary>The site's siteConfig.appSettings; names must be literals so that they can be checked here.</summary>
    static IEnumerable<(string Name, string Value)> AppSettings(JsonObject site)
    {
        var settings = site["properties"]?["siteConfig"]?["appSettings"]?.AsArray()
            ?? throw new InvalidOperationException("the function app has no siteConfig.appSettings");
        foreach (var setting in settings)
        {
            var name = setting?["name"]?.GetValue<string>() ?? "";
            Assert.False(name.StartsWith('['), $"app setting name {name} is an expression; write it literally");
            var value = setting?["value"] is JsonValue v && v.TryGetValue<string>(out var text)
                ? text
                : setting?["value"]?.ToJsonString() ?? "";
            yield return (name, value);
        }
    }

    /// <summary>
    /// Resources of a type anywhere in the template, nested module deployments included (their resources are an
    /// array, or an object keyed by symbolic name in languageVersion 2.0); "existing" references are skipped.
    /// </summary>
    static IEnumerable<JsonObject> Resources(JsonNode? node, string type)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue t && t.TryGetValue<string>(out var value) && value == type
                    && obj["existing"]?.GetValue<bool>() != true && obj["properties"] is not null)
                    yield return obj;
                foreach (var (_, child) in obj)
                    foreach (var found in Resources(child, type))
                        yield return found;
                break;
            case JsonArray array:
                foreach (var child in array)
                    foreach (var found in Resources(child, type))
                        yield return found;
                break;
        }
    }
}
