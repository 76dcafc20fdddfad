using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;

namespace Docket.Functions.Hosting;

/// <summary>
/// Everything the deployed worker registers, in one method that <c>Program.cs</c> calls and a test builds, so the
/// start-up path that ships is the one that is tested.
/// </summary>
public static class DocketWorker
{
    public static FunctionsApplicationBuilder AddDocketWorker(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<HttpFunctionFilterMiddleware>();
        // The worker's defaults add the invocation's resource attributes and its trace context from the host.
        builder.Services.AddDocketTelemetry(builder.Configuration).UseFunctionsWorkerDefaults();
        builder.Services.AddDocket(builder.Configuration);
        return builder;
    }
}
