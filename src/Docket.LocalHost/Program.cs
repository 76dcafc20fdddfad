using Docket.Functions;
using Docket.Functions.Hosting;
using Docket.LocalHost;
using OpenTelemetry.Trace;

// Runs the Docket Functions app locally without Azure Functions Core Tools (see README).
var app = await LocalFunctionsHost.BuildAsync(new LocalFunctionsHostOptions
{
    FunctionAssemblies = [typeof(DocketServiceCollectionExtensions).Assembly],
    ConfigureServices = (services, configuration) =>
    {
        // The Functions host traces each invocation in Azure; here Kestrel's request span is the parent of the
        // storage spans beneath it.
        services.AddDocketTelemetry(configuration).WithTracing(tracing => tracing.AddAspNetCoreInstrumentation());
        services.AddDocket(configuration);
    },
}, args);
await app.RunAsync();
