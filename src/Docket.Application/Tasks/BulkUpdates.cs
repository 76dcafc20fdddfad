using System.Collections.Concurrent;
using Docket.Application.Configuration;
using Docket.Application.Ports;

namespace Docket.Application.Tasks;

/// <summary>
/// Runs one update per task of a bulk request with bounded parallelism. A storage failure on one task becomes that
/// task's <see cref="TaskOutcomeKind.Failed"/> outcome while the others go on, so a caller learns exactly which
/// tasks changed; the request's own budget running out still fails them all alike.
/// </summary>
public sealed class BulkUpdates(IStorageFaults faults)
{
    public async Task<IReadOnlyList<(string TaskId, TaskOutcome Outcome)>> RunAsync<T>(IEnumerable<T> items,
        Func<T, string> taskIdOf,
        Func<T, CancellationToken, Task<TaskOutcome>> update, CancellationToken cancellationToken)
    {
        var outcomes = new ConcurrentBag<(string, TaskOutcome)>();
        await Parallel.ForEachAsync(items,
            StorageParallelism.Options(StorageParallelism.TaskUpdates, cancellationToken), async (item, ct) =>
            outcomes.Add((taskIdOf(item), await TryAsync(() => update(item, ct), cancellationToken))));
        return outcomes.ToList();
    }

    /// <summary>One update, with a storage failure turned into a failed outcome.</summary>
    public async Task<TaskOutcome> TryAsync(Func<Task<TaskOutcome>> update,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await update();
        }
        catch (Exception exception) when (!faults.IsTransient(exception) && faults.RefusalOf(exception) is { } refusal)
        {
            return TaskOutcome.Failed($"{refusal}; try again");
        }
        catch (Exception exception) when (faults.IsTransient(exception, cancellationToken))
        {
            return TaskOutcome.Failed("storage was unavailable or did not answer in time; try again");
        }
    }
}
