using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Hosting;

/// <summary>Worker middleware that runs every registered <see cref="IHttpFunctionFilter"/> before HTTP functions.</summary>
public sealed class HttpFunctionFilterMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var httpContext = context.GetHttpContext();
        if (httpContext is not null)
        {
            foreach (var filter in context.InstanceServices.GetServices<IHttpFunctionFilter>())
            {
                var shortCircuit = await filter.BeforeFunctionAsync(httpContext, context.FunctionDefinition.Name, context.CancellationToken);
                if (shortCircuit is not null)
                {
                    context.GetInvocationResult().Value = shortCircuit;
                    return;
                }
            }
        }
        await next(context);
    }
}
