using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Docket.LocalHost.Triggers;

/// <summary>
/// A lock on one timer function across every instance of the app: a lease on the blob
/// "azure-webjobs-hosts/locks/{hostId}/{function}" in the host storage account, where the Functions host keeps its
/// singleton locks. The lease is renewed while it is held, so a run longer than the lease stays exclusive, and it
/// lapses within <see cref="LeaseDuration"/> when its holder dies.
/// </summary>
public sealed class ScheduleLock(BlobContainerClient hostContainer, string hostId, string functionName)
{
    public const string HostContainer = "azure-webjobs-hosts";
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    readonly BlobClient blob = hostContainer.GetBlobClient($"locks/{hostId}/{functionName}");

    /// <returns>The held lock, or null when another instance holds it.</returns>
    /// <remarks>
    /// One storage call when the lock blob exists (every run after the first): the blob and its container are
    /// created only when the lease attempt finds them missing.
    /// </remarks>
    public async Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var lease = blob.GetBlobLeaseClient();
        try
        {
            try
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                await CreateBlobAsync(cancellationToken);
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return null;
        }
        return new Held(lease);
    }

    async Task CreateBlobAsync(CancellationToken cancellationToken)
    {
        await hostContainer.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            await blob.UploadAsync(BinaryData.Empty,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // Another instance created it meanwhile (and may hold it): that is all the lock needs.
        }
    }

    sealed class Held : IAsyncDisposable
    {
        readonly BlobLeaseClient lease;
        readonly CancellationTokenSource stop = new();
        readonly Task renewing;

        public Held(BlobLeaseClient lease)
        {
            this.lease = lease;
            renewing = RenewAsync();
        }

        async Task RenewAsync()
        {
            try
            {
                while (true)
                {
                    await Task.Delay(LeaseDuration / 3, stop.Token);
                    await lease.RenewAsync(cancellationToken: stop.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or RequestFailedException)
            {
                // Stopped, or the lease was lost (the run outlived a storage outage): nothing left to renew.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await renewing;
            stop.Dispose();
            try
            {
                await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
            }
            catch (RequestFailedException)
            {
                // Already lapsed or taken over; it expires on its own either way.
            }
        }
    }
}
