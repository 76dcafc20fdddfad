using System.ComponentModel;
using System.Reflection;
using Docket.Functions.Hosting;
using Docket.LocalHost.Configuration;
using Docket.LocalHost.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Docket.LocalHost.Triggers;

/// <summary>
/// Serves HTTP-triggered functions on Kestrel: route template and methods from [HttpTrigger], the routePrefix from
/// host.json, route parameters bound by name. Functions return <see cref="IResult"/>, which ASP.NET Core executes
/// itself, as the Functions ASP.NET Core integration does. An invocation that outlives host.json's functionTimeout
/// is answered 500 at the timeout, as the Functions host fails it, and its token is cancelled.
/// </summary>
public static class HttpTriggerRoutes
{
    public static void Map(WebApplication app, IEnumerable<FunctionDescriptor> functions, HostJsonSettings hostJson)
    {
        var routePrefix = hostJson.RoutePrefix;
        foreach (var function in functions)
        {
            if (function.Trigger is not HttpTriggerAttribute trigger) continue;
            EnsureSupported(function);

            var route = trigger.Route ?? function.Name;
            var template = "/" + string.Join('/',
                new[] { routePrefix.Trim('/'), route.Trim('/') }.Where(s => s.Length > 0));
            var methods = trigger.Methods is { Length: > 0 } listed
                ? listed.Select(m => m.ToUpperInvariant()).ToArray()
                : ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

            app.MapMethods(template, methods, context => InvokeAsync(context, function, hostJson.FunctionTimeout))
                .WithName(function.Name);
        }
    }

    static async Task InvokeAsync(HttpContext context, FunctionDescriptor function, TimeSpan timeout)
    {
        var routeValues = context.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value?.ToString(),
            StringComparer.OrdinalIgnoreCase);
        var call = new HttpFunctionCall(context, function.Name, routeValues);
        var scopes = context.RequestServices.GetRequiredService<IServiceScopeFactory>();
        var result = await HttpFunctionPipeline.RunAsync(context.RequestServices, call, async () =>
        {
            // What the host itself answers, whatever the function's filters would make of it.
            try
            {
                return await FunctionInvoker.InvokeAsync(function,
                    (parameter, invocationToken) => Bind(parameter, context, invocationToken),
                    scopes, timeout, context.RequestAborted);
            }
            catch (FunctionTimeoutException exception)
            {
                return Results.Problem(title: "Function timeout", detail: exception.Message,
                    statusCode: StatusCodes.Status500InternalServerError);
            }
            catch (BadHttpRequestException exception)
                when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return RequestBodyLimit.TooLarge(
                    context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()
                    ?.MaxRequestBodySize ?? 0);
            }
        }, context.RequestAborted);
        switch (result)
        {
            case IResult httpResult: await httpResult.ExecuteAsync(context); break;
            case null: context.Response.StatusCode = StatusCodes.Status204NoContent; break;
            default:
                throw new InvalidOperationException(
                    $"Function '{function.Name}' returned {result.GetType().Name}; return IResult.");
        }
    }

    static object? Bind(ParameterInfo parameter, HttpContext context, CancellationToken invocationToken)
    {
        if (parameter.ParameterType == typeof(HttpRequest)) return context.Request;
        if (parameter.ParameterType == typeof(CancellationToken)) return invocationToken;
        var raw = context.Request.RouteValues.TryGetValue(parameter.Name!, out var value) ? value?.ToString() : null;
        if (raw is null) return parameter.HasDefaultValue ? parameter.DefaultValue : null;
        if (parameter.ParameterType == typeof(string)) return raw;
        var converter = TypeDescriptor.GetConverter(parameter.ParameterType);
        return converter.ConvertFromInvariantString(raw);
    }

    static void EnsureSupported(FunctionDescriptor function)
    {
        var returnType = function.Method.ReturnType;
        var unwrapped = returnType.IsGenericType
            && (returnType.GetGenericTypeDefinition() == typeof(Task<>)
                || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? returnType.GetGenericArguments()[0]
            : returnType;
        if (!typeof(IResult).IsAssignableFrom(unwrapped))
            throw new InvalidOperationException(
                $"HTTP function '{function.Name}' must return IResult (or a Task of it).");
    }
}
