using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Docket.Domain.Validation;
using Docket.Storage.Connection;

namespace Docket.Storage.Uploads;

/// <summary>
/// Uploads (table "Uploads", partition = upload id: the record and one row per finished chunk) and their blobs:
/// the source file and its chunks in "uploads", drop reports in "items-results", drops themselves in "items-drops".
/// </summary>
public sealed class UploadStore(DocketTables tables, StorageAccount account)
{
    public const string UploadsContainer = "uploads";
    public const string DropsContainer = "items-drops";
    public const string ResultsContainer = "items-results";
    const string RecordRow = "upload";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly CreatedOnce containers = new(ct => Task.WhenAll(new[] { UploadsContainer, DropsContainer, ResultsContainer }
        .Select(c => account.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: ct))));

    public BlobContainerClient Container(string name) => account.Blobs.GetBlobContainerClient(name);

    public async Task SaveAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.Uploads.UpsertEntityAsync(ToEntity(upload), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<(UploadRecord Upload, ETag ETag)?> GetAsync(string uploadId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        if (uploadId.Length is 0 or > 64 || uploadId.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')) return null;
        var found = await tables.Uploads.GetEntityIfExistsAsync<TableEntity>(uploadId, RecordRow, cancellationToken: cancellationToken);
        return found.HasValue ? (ToRecord(found.Value!), found.Value!.ETag) : null;
    }

    /// <returns>False when the record changed since it was read (someone else moved it on first).</returns>
    public async Task<bool> TryReplaceAsync(UploadRecord upload, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Uploads.UpdateEntityAsync(ToEntity(upload), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Records a chunk's outcome; a redelivered chunk writes the same numbers again.</summary>
    public Task RecordChunkAsync(string uploadId, ChunkResult result, CancellationToken cancellationToken) =>
        tables.Uploads.UpsertEntityAsync(new TableEntity(uploadId, ChunkRow(result.Chunk))
        {
            ["Created"] = result.Created,
            ["Existing"] = result.Existing,
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<ChunkResult>> ReadChunksAsync(string uploadId, CancellationToken cancellationToken)
    {
        var results = new List<ChunkResult>();
        await foreach (var row in tables.Uploads.QueryAsync<TableEntity>(
                           e => e.PartitionKey == uploadId && e.RowKey.CompareTo("chunk-") >= 0 && e.RowKey.CompareTo("chunk-~") < 0,
                           cancellationToken: cancellationToken))
            results.Add(new ChunkResult(int.Parse(row.RowKey["chunk-".Length..]), row.GetInt32("Created") ?? 0, row.GetInt32("Existing") ?? 0));
        return results;
    }

    /// <summary>Uploads still ingesting that were started before <paramref name="before"/>.</summary>
    public async Task<IReadOnlyList<UploadRecord>> ListIngestingAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var uploads = new List<UploadRecord>();
        await foreach (var row in tables.Uploads.QueryAsync<TableEntity>(
                           $"RowKey eq '{RecordRow}' and Status eq '{nameof(UploadStatus.Ingesting)}'", cancellationToken: cancellationToken))
        {
            var upload = ToRecord(row);
            if (upload.CreatedAt < before) uploads.Add(upload);
        }
        return uploads;
    }

    public async Task WriteBlobAsync(string container, string name, BinaryData content, CancellationToken cancellationToken)
    {
        await containers.EnsureAsync(cancellationToken);
        await Container(container).GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken);
    }

    public async Task<BinaryData?> ReadBlobAsync(string container, string name, CancellationToken cancellationToken)
    {
        await containers.EnsureAsync(cancellationToken);
        try
        {
            return (await Container(container).GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    public static string ChunkBlob(string uploadId, int chunk) => $"{uploadId}/chunk-{chunk:D5}.json";
    static string ChunkRow(int chunk) => $"chunk-{chunk:D5}";


    static TableEntity ToEntity(UploadRecord upload) => new(upload.UploadId, RecordRow)
    {
        ["ProjectId"] = upload.ProjectId,
        ["Status"] = upload.Status.ToString(),
        ["Total"] = upload.Total,
        ["ChunkCount"] = upload.ChunkCount,
        ["Actor"] = upload.Actor,
        ["CreatedAt"] = upload.CreatedAt,
        ["CompletedAt"] = upload.CompletedAt,
        ["ReportBlob"] = upload.ReportBlob,
        // Errors are capped by the caller to fit a 64 KiB property.
        ["Errors"] = upload.Errors.Count == 0 ? null : JsonSerializer.Serialize(upload.Errors, Json),
    };

    static UploadRecord ToRecord(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetString("ProjectId"),
        Enum.Parse<UploadStatus>(entity.GetString("Status")),
        entity.GetInt32("Total") ?? 0,
        entity.GetInt32("ChunkCount") ?? 0,
        entity.GetString("Actor") ?? "",
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("CompletedAt"),
        entity.GetString("ReportBlob"),
        entity.GetString("Errors") is { } errors ? JsonSerializer.Deserialize<List<ValidationError>>(errors, Json)! : []);
}
