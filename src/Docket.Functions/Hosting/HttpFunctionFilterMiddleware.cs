using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Hosting;

/// <summary>Worker middleware that runs every registered <see cref="IHttpFunctionFilter"/> around HTTP functions.</summary>
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

        var filters = context.InstanceServices.GetServices<IHttpFunctionFilter>().ToList();
        foreach (var filter in filters)
        {
            var shortCircuit = await filter.BeforeFunctionAsync(httpContext, context.FunctionDefinition.Name, context.CancellationToken);
            if (shortCircuit is not null)
            {
                context.GetInvocationResult().Value = shortCircuit;
                return;
            }
        }

        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            var mapped = Map(filters, httpContext, exception);
            if (mapped is null) throw;
            context.GetInvocationResult().Value = mapped;
        }
    }

    public static IResult? Map(IEnumerable<IHttpFunctionFilter> filters, HttpContext httpContext, Exception exception) =>
        filters.Select(f => f.OnException(httpContext, exception)).FirstOrDefault(r => r is not null);
}
