using Docket.FaultHost;
using Docket.Functions;
using Docket.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

// Test-only: the local host, started as src/Docket.LocalHost/Program.cs starts it, with random storage faults
// injected into every storage client (settings from the environment, see FaultSettings), so a test can run a
// workload under faults against a process it can kill.
var settings = FaultSettings.FromEnvironment();
var faults = settings.CreateFaults();
Console.WriteLine($"Storage faults: {settings}");

var app = await LocalFunctionsHost.BuildAsync(new LocalFunctionsHostOptions
{
    FunctionAssemblies = [typeof(DocketServiceCollectionExtensions).Assembly],
    ConfigureServices = (services, configuration) =>
        services.AddDocket(configuration).AddSingleton(faults.AsStoragePolicy()),
}, args);
// A test switches the faults off to let the work drain, and on again.
app.MapPost("/faults/{state:regex(^(on|off)$)}", (string state) =>
{
    faults.Enabled = state == "on";
    return Results.Text($"{faults.Injected} faults injected; faults {state}");
});
// What was injected so far, by kind, so that a test can tell its faults really fired.
app.MapGet("/faults", () => Results.Json(faults.InjectedByKind.ToDictionary(k => k.Key.ToString(), k => k.Value)));
await app.RunAsync();
