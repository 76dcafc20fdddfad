using System.Net.Sockets;
using Azure;

namespace Docket.Storage.Connection;

/// <summary>
/// Which exceptions mean "storage did not do it now" (down, throttling, slow, the connection lost, the request's
/// budget spent) rather than a bug or a refusal: one definition for the 503 an HTTP request answers, a bulk task's
/// failed outcome, and the clean-up steps that must not undo a committed write's answer.
/// </summary>
public static class StorageFailures
{
    /// <param name="callerCancelled">The caller's own token: a cancellation it asked for is not storage's failure.
    /// </param>
    public static bool IsTransient(Exception exception, CancellationToken callerCancelled = default) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
        HttpRequestException or SocketException or TimeoutException or IOException => true,
        OperationCanceledException => !callerCancelled.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.Any(e => IsTransient(e, callerCancelled)),
        _ => exception.InnerException is not null && IsTransient(exception.InnerException, callerCancelled),
    };
}
