using Microsoft.Azure.Functions.Worker.Middleware;

namespace Docket.Functions.Hosting;

/// <summary>Worker middleware that runs HTTP functions through <see cref="HttpFunctionPipeline"/>.</summary>
public sealed class HttpFunctionFilterMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var httpContext = context.GetHttpContext();
        if (httpContext is null)
        {
            await next(context);
            return;
        }

        var call = new HttpFunctionCall(httpContext, context.FunctionDefinition.Name, RouteValues(context));
        var result = await HttpFunctionPipeline.RunAsync(context.InstanceServices, call, async () =>
        {
            await next(context);
            return context.GetInvocationResult().Value;
        }, context.CancellationToken);
        context.GetInvocationResult().Value = result;
    }

    /// <summary>
    /// The route parameters the host matched, from the trigger's binding data (where the host puts them), else from
    /// ASP.NET Core's route values.
    /// </summary>
    static Dictionary<string, string?> RouteValues(FunctionContext context)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in context.GetHttpContext()!.Request.RouteValues)
            values[name] = value?.ToString();
        foreach (var parameter in context.FunctionDefinition.Parameters)
        {
            if (parameter.Type == typeof(string)
                && context.BindingContext.BindingData.TryGetValue(parameter.Name, out var bound) && bound is not null)
                values[parameter.Name] = bound.ToString();
        }
        return values;
    }
}
