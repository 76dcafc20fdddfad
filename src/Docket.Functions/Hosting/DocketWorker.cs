using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Docket.Functions.Hosting;

/// <summary>
/// Everything the deployed worker registers, in one method that <c>Program.cs</c> calls and a test builds, so the
/// start-up path that ships is the one that is tested.
/// </summary>
public static class DocketWorker
{
    /// <summary>Set by Azure (and the Bicep) when telemetry goes to Application Insights.</summary>
    public const string AppInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// "ClientId={id};Authorization=AAD": send telemetry with that managed identity instead of the key.
    /// </summary>
    public const string AppInsightsAuthenticationString = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static FunctionsApplicationBuilder AddDocketWorker(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<HttpFunctionFilterMiddleware>();
        builder.Services.AddDocketTelemetry(builder.Configuration);
        builder.Services.AddDocket(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// OpenTelemetry with the Functions worker's defaults; exported to Azure Monitor only where a connection string
    /// is configured (locally nothing is exported), authenticated with the managed identity the deployment names.
    /// </summary>
    public static IServiceCollection AddDocketTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        var connectionString = configuration[AppInsightsConnectionString];
        if (string.IsNullOrWhiteSpace(connectionString)) return services;

        var clientId = ManagedIdentityClientId(configuration[AppInsightsAuthenticationString]);
        telemetry.UseAzureMonitorExporter(options =>
        {
            options.ConnectionString = connectionString;
            if (clientId is not null)
                options.Credential = new ManagedIdentityCredential(
                    ManagedIdentityId.FromUserAssignedClientId(clientId));
        });
        return services;
    }

    /// <summary>The client id in an Application Insights authentication string, or null when there is none.</summary>
    public static string? ManagedIdentityClientId(string? authenticationString) =>
        (authenticationString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1])
            .FirstOrDefault(id => id.Length > 0);
}
