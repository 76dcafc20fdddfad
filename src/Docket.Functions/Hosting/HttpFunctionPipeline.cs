using Docket.Application.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Docket.Functions.Hosting;

/// <summary>
/// The one loop both hosts run an HTTP function through: the request's storage budget starts, every filter runs
/// before the function (any may answer instead), then the function, and the filters map an exception from either
/// into an answer.
/// </summary>
public static class HttpFunctionPipeline
{
    /// <param name="invoke">Runs the function; returns what it returned.</param>
    /// <returns>What to answer: a filter's result, the function's result, or the mapped exception.</returns>
    public static async Task<object?> RunAsync(IServiceProvider services, HttpFunctionCall call,
        Func<Task<object?>> invoke, CancellationToken cancellationToken)
    {
        var budget = services.GetRequiredService<IOptions<HttpFunctionOptions>>().Value.RequestBudget;
        // Wall-clock time, as the storage policy that enforces it reads it (the app's clock may be a test's).
        RequestDeadline.Set(TimeProvider.System.GetUtcNow() + budget);
        var filters = services.GetServices<IHttpFunctionFilter>().ToList();
        try
        {
            foreach (var filter in filters)
            {
                if (await filter.BeforeFunctionAsync(call, cancellationToken) is { } shortCircuit)
                    return shortCircuit;
            }
            return await invoke();
        }
        catch (Exception exception)
        {
            foreach (var filter in filters)
            {
                if (filter.OnException(call, exception) is { } mapped)
                    return mapped;
            }
            throw;
        }
    }
}
