using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Docket.Application.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Docket.Functions.Hosting;

/// <summary>
/// Docket's metrics and traces, the same in the deployed worker and the local host: meter <c>Docket</c>, the Azure
/// SDK's storage spans and outgoing HTTP (webhooks). Exported to Azure Monitor where an Application Insights
/// connection string is set and over OTLP where <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is; otherwise nowhere.
/// </summary>
public static class DocketTelemetry
{
    /// <summary>Set by Azure (and the Bicep) when telemetry goes to Application Insights.</summary>
    public const string AppInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// "ClientId={id};Authorization=AAD": send telemetry with that managed identity instead of the key.
    /// </summary>
    public const string AppInsightsAuthenticationString = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The OpenTelemetry SDK's own setting (with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and the rest).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ServiceName = "docket";

    /// <summary>The Azure SDK's activity sources (one per client, e.g. <c>Azure.Data.Tables.TableClient</c>).</summary>
    const string AzureSdkSources = "Azure.*";

    public static OpenTelemetryBuilder AddDocketTelemetry(this IServiceCollection services,
        IConfiguration configuration)
    {
        // The Azure SDK emits spans for its calls only with this switch on (it marks them experimental).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics.AddMeter(DocketMetrics.MeterName))
            .WithTracing(tracing => tracing
                .AddSource(AzureSdkSources)
                // A storage call is already the Azure SDK's span; HttpClient spans are kept for webhook calls.
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = _ =>
                    System.Diagnostics.Activity.Current?.Source.Name.StartsWith("Azure.", StringComparison.Ordinal)
                    != true));

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpoint])) telemetry.UseOtlpExporter();

        var connectionString = configuration[AppInsightsConnectionString];
        if (string.IsNullOrWhiteSpace(connectionString)) return telemetry;
        var clientId = ManagedIdentityClientId(configuration[AppInsightsAuthenticationString]);
        telemetry.UseAzureMonitorExporter(options =>
        {
            options.ConnectionString = connectionString;
            if (clientId is not null)
                options.Credential = new ManagedIdentityCredential(
                    ManagedIdentityId.FromUserAssignedClientId(clientId));
        });
        return telemetry;
    }

    /// <summary>The client id in an Application Insights authentication string, or null when there is none.</summary>
    public static string? ManagedIdentityClientId(string? authenticationString) =>
        (authenticationString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1])
            .FirstOrDefault(id => id.Length > 0);
}
