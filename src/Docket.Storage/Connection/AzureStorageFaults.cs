using Azure;
using Docket.Application.Ports;

namespace Docket.Storage.Connection;

/// <summary>What a storage exception means, for the use cases (see <see cref="StorageFailures"/>).</summary>
public sealed class AzureStorageFaults : IStorageFaults
{
    public bool IsTransient(Exception exception, CancellationToken callerCancelled = default) =>
        StorageFailures.IsTransient(exception, callerCancelled);

    public string? RefusalOf(Exception exception) => exception is RequestFailedException refused
        ? $"storage answered {refused.Status} ({refused.ErrorCode ?? "no code"})"
        : null;
}
