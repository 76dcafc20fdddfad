using System.Net;
using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Docket.Functions.Tests.Identity;

/// <summary>
/// The deployment's secrets: a bootstrap key that is an unresolved Key Vault reference or short is refused at
/// start-up (the message names the setting, never the value); cursors are signed with a key of their own, shared by
/// every instance and rotated without breaking a walk.
/// </summary>
public sealed class SecretsTests
{
    const string UnresolvedReference =
        "@Microsoft.KeyVault(SecretUri=https://kv-docket-abc123.vault.azure.net/secrets/docket-bootstrap-admin-key/)";

    [Theory]
    [InlineData(UnresolvedReference, "unresolved Key Vault reference")]
    [InlineData("  @microsoft.keyvault(VaultName=kv;SecretName=s)", "unresolved Key Vault reference")]
    [InlineData("short-key-0123456789-0123456789", "shorter than 32 characters")]
    public async Task Start_up_refuses_a_bootstrap_key_that_is_unresolved_or_short(string key, string problem)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            DocketHost.StartAsync(new Dictionary<string, string?> { [DocketSettings.BootstrapAdminKey] = key }));

        Assert.Contains(DocketSettings.BootstrapAdminKey, failure.Message);
        Assert.Contains(problem, failure.Message);
        Assert.DoesNotContain(key.Trim(), failure.Message);
    }

    [Fact]
    public async Task Start_up_refuses_a_missing_or_unresolved_cursor_signing_key()
    {
        var missing = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            DocketHost.StartAsync(new Dictionary<string, string?> { [DocketSettings.CursorSigningKey] = "" }));
        Assert.Contains($"{DocketSettings.CursorSigningKey} is required", missing.Message);

        var unresolved = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            DocketHost.StartAsync(new Dictionary<string, string?>
            {
                [DocketSettings.CursorSigningKeyPrevious] = UnresolvedReference,
            }));
        Assert.Contains(DocketSettings.CursorSigningKeyPrevious, unresolved.Message);
        Assert.DoesNotContain(UnresolvedReference, unresolved.Message);
    }

    [Fact]
    public void The_local_hosts_development_secrets_are_valid()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(TestStorage.RepositoryRoot, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");
        var options = new SecretsOptions
        {
            BootstrapAdminEmail = values.GetProperty(DocketSettings.BootstrapAdminEmail).GetString(),
            BootstrapAdminKey = values.GetProperty(DocketSettings.BootstrapAdminKey).GetString(),
            CursorSigningKey = values.GetProperty(DocketSettings.CursorSigningKey).GetString(),
        };

        Assert.StartsWith("DEV-ONLY", options.BootstrapAdminKey);
        Assert.True(new SecretsOptionsValidation().Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task A_cursor_continues_on_another_instance_with_another_admin_key_and_across_a_rotation()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("cursor-key");
        await scenario.ProjectAsync(projectId);
        await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 6);
        var first = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks?limit=2"))!;
        var cursor = first["nextCursor"]!.GetValue<string>();
        var expected = (await DataPage.WalkAsync(scenario.OrgAdmin, projectId, "search=ALL", 6))
            .Skip(2).Take(2).Select(t => t["taskId"]!.GetValue<string>()).ToList();

        // Another instance, its bootstrap key rotated, its cursor key rotated with the old one as previous.
        const string rotatedAdminKey = "rotated-bootstrap-admin-key-0123456789";
        await using (var rotated = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            [DocketSettings.BootstrapAdminKey] = rotatedAdminKey,
            [DocketSettings.CursorSigningKey] = "rotated-cursor-signing-key-0123456789abcdef",
            [DocketSettings.CursorSigningKeyPrevious] = DocketHost.CursorSigningKey,
        }))
        {
            var admin = new ApiClient(rotated.CreateClient(), rotatedAdminKey);
            var second = (await admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{projectId}/tasks?limit=2&cursor={cursor}"))!;
            Assert.Equal(expected, second["tasks"]!.AsArray().Select(t => t!["taskId"]!.GetValue<string>()));
        }

        // Once the previous key is gone, its cursors are refused.
        await using var retired = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            [DocketSettings.CursorSigningKey] = "rotated-cursor-signing-key-0123456789abcdef",
        });
        var refused = await new ApiClient(retired.CreateClient(), DocketHost.AdminKey)
            .GetAsync($"api/projects/{projectId}/tasks?limit=2&cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }
}
