using Docket.Functions;
using Docket.Functions.Hosting;
using Docket.LocalHost;

// Runs the Docket Functions app locally without Azure Functions Core Tools (see README).
var app = await LocalFunctionsHost.BuildAsync(new LocalFunctionsHostOptions
{
    FunctionAssemblies = [typeof(DocketServiceCollectionExtensions).Assembly],
    ConfigureServices = (services, configuration) =>
    {
        services.AddDocketTelemetry(configuration);
        services.AddDocket(configuration);
    },
}, args);
await app.RunAsync();
