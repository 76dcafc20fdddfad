using System.Collections.Concurrent;
using Azure;
using Docket.Storage.Connection;
using Docket.Storage.Tasks;

namespace Docket.Application.Tasks;

/// <summary>
/// Runs one update per task of a bulk request with bounded parallelism. A storage failure on one task becomes that
/// task's <see cref="TaskOutcomeKind.Failed"/> outcome while the others go on, so a caller learns exactly which
/// tasks changed; the request's own budget running out still fails them all alike.
/// </summary>
public static class BulkUpdates
{
    public static async Task<IReadOnlyList<(string TaskId, TaskOutcome Outcome)>> RunAsync<T>(IEnumerable<T> items,
        Func<T, string> taskIdOf,
        Func<T, CancellationToken, Task<TaskOutcome>> update, CancellationToken cancellationToken)
    {
        var outcomes = new ConcurrentBag<(string, TaskOutcome)>();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = StorageParallelism.TaskUpdates,
            CancellationToken = cancellationToken
        };
        await Parallel.ForEachAsync(items, parallel, async (item, ct) =>
            outcomes.Add((taskIdOf(item), await TryAsync(() => update(item, ct), cancellationToken))));
        return outcomes.ToList();
    }

    /// <summary>One update, with a storage failure turned into a failed outcome.</summary>
    public static async Task<TaskOutcome> TryAsync(Func<Task<TaskOutcome>> update,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await update();
        }
        catch (RequestFailedException exception) when (!StorageFailures.IsTransient(exception))
        {
            return TaskOutcome.Failed(
                $"storage answered {exception.Status} ({exception.ErrorCode ?? "no code"}); try again");
        }
        catch (Exception exception) when (StorageFailures.IsTransient(exception, cancellationToken))
        {
            return TaskOutcome.Failed("storage was unavailable or did not answer in time; try again");
        }
    }
}
