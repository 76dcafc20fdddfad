using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Docket.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Docket.LocalHost.Triggers;

/// <summary>Runs a [QueueTrigger] function on a decoded message, bound as the worker's queue extension does.
/// </summary>
public static class QueueTriggerBinding
{
    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static QueueMessageHandler Handler(FunctionDescriptor function, IServiceScopeFactory scopes,
        TimeSpan timeout) =>
        (message, cancellationToken) => FunctionInvoker.InvokeAsync(function,
            (parameter, invocationToken) => Bind(parameter, message, invocationToken), scopes, timeout,
            cancellationToken);

    static object? Bind(ParameterInfo parameter, QueueMessage message, CancellationToken invocationToken)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken)) return invocationToken;
        if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is null)
        {
            return parameter.Name switch
            {
                "dequeueCount" => Convert.ChangeType(message.DequeueCount, type),
                "id" => message.MessageId,
                _ => throw new InvalidOperationException(
                    $"Cannot bind parameter '{parameter.Name}' of a queue function."),
            };
        }
        if (type == typeof(string)) return message.Body.ToString();
        if (type == typeof(BinaryData)) return message.Body;
        if (type == typeof(byte[])) return message.Body.ToArray();
        if (type == typeof(QueueMessage)) return message;
        return JsonSerializer.Deserialize(message.Body, type, JsonOptions);
    }
}
