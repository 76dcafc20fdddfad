namespace Docket.Application.Ports;

/// <summary>Who holds a job until when.</summary>
public sealed record JobLease(string Id, DateTimeOffset ExpiresAt);

/// <summary>
/// "One at a time per project" for work that runs inside a request: a lease per project and kind of work, which a
/// holder that died leaves to expire.
/// </summary>
public interface IJobLeases
{
    /// <returns>The lease taken (with <paramref name="id"/>), or the one someone else holds.</returns>
    Task<(bool Taken, JobLease Lease)> TryTakeAsync(string projectId, string kind, string id, TimeSpan duration,
        CancellationToken cancellationToken);

    /// <summary>Gives the lease back, if it is still this holder's.</summary>
    Task ReleaseAsync(string projectId, string kind, string id, CancellationToken cancellationToken);
}
