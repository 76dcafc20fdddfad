using Docket.Application.Indexing;

namespace Docket.Application.Ports;

/// <summary>Each project's reindex run, one at a time, changed under its version.</summary>
public interface IReindexRuns
{
    Task<(ReindexRun Run, string Version)?> GetAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>Writes the run as it was read (a new one when <paramref name="version"/> is null); false when it
    /// changed (or was created) since.</summary>
    Task<bool> TryWriteAsync(ReindexRun run, string? version, CancellationToken cancellationToken);
}
