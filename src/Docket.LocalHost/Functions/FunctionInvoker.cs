using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.LocalHost.Functions;

/// <summary>
/// Invokes a function as the worker does: a new instance of its class per invocation, constructed from a fresh
/// DI scope, with each parameter supplied by the trigger's binder. The invocation's token is cancelled when the
/// host stops or host.json's functionTimeout elapses; at the timeout the invocation fails at once with
/// <see cref="FunctionTimeoutException"/>, whether or not the function notices, as the Functions host fails it.
/// </summary>
public static class FunctionInvoker
{
    public delegate object? ParameterBinder(ParameterInfo parameter, CancellationToken invocationToken);

    public static async Task<object?> InvokeAsync(FunctionDescriptor function, ParameterBinder bind,
        IServiceScopeFactory scopes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var invocation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = RunAsync(function, bind, scopes, invocation.Token);
        try
        {
            return await running.WaitAsync(timeout, CancellationToken.None);
        }
        catch (TimeoutException) when (!running.IsCompleted)
        {
            await invocation.CancelAsync();
            // The function may still finish or fail after it was given up on; nobody waits for it any more.
            _ = running.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw new FunctionTimeoutException(function.Name, timeout);
        }
    }

    static async Task<object?> RunAsync(FunctionDescriptor function, ParameterBinder bind, IServiceScopeFactory scopes,
        CancellationToken invocationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var instance = function.Method.IsStatic
            ? null
            : ActivatorUtilities.CreateInstance(services, function.FunctionClass);
        try
        {
            var arguments = function.Method.GetParameters().Select(p => bind(p, invocationToken)).ToArray();
            var returned = function.Method.Invoke(instance, arguments);
            return await UnwrapAsync(returned);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
    }

    static async Task<object?> UnwrapAsync(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType && type.GetProperty("Result") is { } result
                                          && result.PropertyType.Name != "VoidTaskResult"
                    ? result.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            case not null when returned.GetType() is { IsGenericType: true } t
                               && t.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)t.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
                return await UnwrapAsync(asTask);
            default:
                return returned;
        }
    }
}
