namespace Docket.Application.Ports;

/// <summary>What a storage exception means, for the use cases that turn one into an outcome.</summary>
public interface IStorageFaults
{
    /// <summary>
    /// Storage did not do it now (down, throttling, slow, the connection lost, the request's budget spent): trying
    /// again later may succeed. <paramref name="callerCancelled"/>: a cancellation the caller asked for is not one.
    /// </summary>
    bool IsTransient(Exception exception, CancellationToken callerCancelled = default);

    /// <summary>What storage refused, in words, when the exception is a refusal by storage; null otherwise.</summary>
    string? RefusalOf(Exception exception);
}
