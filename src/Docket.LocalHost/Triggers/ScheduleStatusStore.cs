using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace Docket.LocalHost.Triggers;

/// <summary>
/// The last and next occurrence of one timer function, kept where the timer extension's schedule monitor keeps
/// them ("azure-webjobs-hosts/timers/{hostId}/{function}/status" in the host storage account), so a run missed while
/// no instance was up is noticed at start-up and an occurrence one instance ran is not run again by another.
/// </summary>
public sealed class ScheduleStatusStore(BlobContainerClient hostContainer, string hostId, string functionName)
{
    readonly BlobClient blob = hostContainer.GetBlobClient($"timers/{hostId}/{functionName}/status");

    public async Task<ScheduleStatus?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<ScheduleStatus>();
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task WriteAsync(ScheduleStatus status, CancellationToken cancellationToken)
    {
        var content = BinaryData.FromObjectAsJson(status);
        try
        {
            await blob.UploadAsync(content, overwrite: true, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // The lock blob made the container already on every path but a deleted one: create it only then.
            await hostContainer.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await blob.UploadAsync(content, overwrite: true, cancellationToken);
        }
    }
}
