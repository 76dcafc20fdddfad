using Microsoft.AspNetCore.Http;

namespace Docket.Functions.Hosting;

/// <summary>
/// The one loop both hosts run an HTTP function through: every filter before it (any may answer instead), the
/// function, and the filters' mapping of an exception from either into an answer.
/// </summary>
public static class HttpFunctionPipeline
{
    /// <param name="invoke">Runs the function; returns what it returned.</param>
    /// <returns>What to answer: a filter's result, the function's result, or the mapped exception.</returns>
    public static async Task<object?> RunAsync(IReadOnlyList<IHttpFunctionFilter> filters, HttpFunctionCall call, Func<Task<object?>> invoke,
        CancellationToken cancellationToken)
    {
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
