using Docket.Application.Stats;
using Docket.Domain.Projects;

namespace Docket.Application.Ports;

/// <summary>The project's statistics, kept by every task write: counts per stage, status and holder.</summary>
public interface ICounterStore
{
    /// <summary>The count of every cell of the project.</summary>
    Task<IReadOnlyDictionary<CounterKey, long>> ReadAsync(Project project, CancellationToken cancellationToken);

    /// <summary>Compacts the counts where they have grown many changes (the rebalancing pass calls it).</summary>
    /// <returns>How many compactions were done.</returns>
    Task<int> FoldIfDueAsync(Project project, CancellationToken cancellationToken);
}
