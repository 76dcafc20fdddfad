using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Docket.Application.Configuration;
using Docket.Application.Ports;
using Docket.Application.Upload;
using Docket.Domain.Validation;
using Docket.Storage.Connection;

namespace Docket.Storage.Uploads;

/// <summary>
/// Uploads (table "Uploads", partition = upload id: the record and, while it ingests, one row per chunk) and their
/// blobs: the chunks in "uploads", drop reports in "items-results", drops themselves in "items-drops".
/// </summary>
public sealed class UploadStore(DocketTables tables, StorageAccount account) : IUploadStore
{
    public const string UploadsContainer = UploadContainers.Uploads;
    public const string DropsContainer = UploadContainers.Drops;
    public const string ResultsContainer = UploadContainers.Results;
    const string RecordRow = "upload";
    const string ChunkRowPrefix = "chunk-";
    const int MaxBatchOperations = 100;
    const int MaxChangeAttempts = 20;
    const int MaxErrorLength = 2_000;
    const int DeleteParallelism = 8;
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    readonly CreatedOnce containers = new(ct =>
        Task.WhenAll(new[] { UploadsContainer, DropsContainer, ResultsContainer }
            .Select(c => account.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: ct))));

    public BlobContainerClient Container(string name) => account.Blobs.GetBlobContainerClient(name);

    /// <summary>
    /// Saves a new upload with a row for each of its chunks, in batches of one partition; the record goes first, so a
    /// crash part-way leaves an upload whose missing chunk rows the sweep treats as never sent.
    /// </summary>
    /// <returns>False when the upload exists already (nothing is written then).</returns>
    public async Task<bool> TryCreateAsync(UploadRecord upload, IEnumerable<UploadChunk> chunks,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        // Indexed as open first: an upload the sweep cannot find would be one nothing carries on. The project's list
        // row too: one whose record was never written is skipped by the list.
        if (upload.Status == UploadStatus.Ingesting || !upload.CleanedUp)
            await MarkOpenAsync(upload.UploadId, cancellationToken);
        await tables.Uploads.UpsertEntityAsync(new TableEntity(ProjectListPartition(upload.ProjectId),
            ProjectListRow(upload)), TableUpdateMode.Replace, cancellationToken);
        var rows = chunks.Select(c => ToEntity(upload.UploadId, c)).ToList();
        try
        {
            await tables.Uploads.SubmitTransactionAsync(rows.Take(MaxBatchOperations - 1)
                .Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e))
                .Prepend(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(upload))),
                cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
        await WriteRowsAsync(rows.Skip(MaxBatchOperations - 1), cancellationToken);
        return true;
    }

    /// <summary>Writes chunk rows as given, replacing what was there (an upload resumed after it failed).</summary>
    public Task WriteChunkRowsAsync(string uploadId, IEnumerable<UploadChunk> chunks,
        CancellationToken cancellationToken) =>
        WriteRowsAsync(chunks.Select(c => ToEntity(uploadId, c)), cancellationToken);

    async Task WriteRowsAsync(IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var batch in rows.Chunk(MaxBatchOperations))
        {
            await tables.Uploads.SubmitTransactionAsync(
                batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)),
                cancellationToken);
        }
    }

    public async Task<(UploadRecord Upload, string Version)?> GetAsync(string uploadId,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        if (uploadId.Length is 0 or > 64 || uploadId.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')) return null;
        var found = await tables.Uploads.GetEntityIfExistsAsync<TableEntity>(uploadId, RecordRow,
            cancellationToken: cancellationToken);
        return found.HasValue ? (ToRecord(found.Value!), Versions.Of(found.Value!.ETag)) : null;
    }

    /// <returns>False when the record changed since it was read (someone else moved it on first).</returns>
    public async Task<bool> TryReplaceAsync(UploadRecord upload, string version, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Uploads.UpdateEntityAsync(ToEntity(upload), Versions.ETagOf(version), TableUpdateMode.Replace,
                cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Notes that a finished upload's chunks are gone and its report written: it leaves the open index for the
    /// finished one, where it waits out the retention period.
    /// </summary>
    public async Task MarkCleanedUpAsync(UploadRecord finished, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Uploads.UpdateEntityAsync(
                new TableEntity(finished.UploadId, RecordRow) { ["CleanedUp"] = true },
                ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return;
        }
        await tables.Uploads.UpsertEntityAsync(
            new TableEntity(FinishedIndexPartition, FinishedIndexRow(finished)), TableUpdateMode.Replace,
            cancellationToken);
        await DeleteQuietlyAsync(OpenIndexPartition, finished.UploadId, cancellationToken);
    }

    /// <summary>Puts an upload in the open index (new, or resumed after it failed).</summary>
    public async Task MarkOpenAsync(string uploadId, CancellationToken cancellationToken) =>
        await tables.Uploads.UpsertEntityAsync(new TableEntity(OpenIndexPartition, uploadId), TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>
    /// Deletes the records of uploads that finished before <paramref name="before"/> (their chunks are gone
    /// already), oldest first, at most <paramref name="max"/> of them.
    /// </summary>
    /// <returns>How many were deleted.</returns>
    public async Task<int> ExpireFinishedAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var end = $"{before.UtcTicks:D19}";
        var expired = 0;
        await foreach (var row in tables.Uploads.QueryAsync<TableEntity>(
                           e => e.PartitionKey == FinishedIndexPartition && e.RowKey.CompareTo(end) < 0,
                           maxPerPage: max, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var uploadId = row.RowKey[(row.RowKey.IndexOf('|') + 1)..];
            // Only a record this row still describes: one resumed since (ingesting, or finished again later) has
            // outlived it, and only the stale index row goes.
            if (await GetAsync(uploadId, cancellationToken) is ({ } upload, var version)
                && upload.Status != UploadStatus.Ingesting && FinishedIndexRow(upload) == row.RowKey)
            {
                foreach (var chunk in await ReadChunksAsync(uploadId, cancellationToken))
                    await DeleteQuietlyAsync(uploadId, ChunkRow(chunk.Chunk.Chunk), cancellationToken);
                try
                {
                    await tables.Uploads.DeleteEntityAsync(uploadId, RecordRow, Versions.ETagOf(version),
                        cancellationToken);
                    await DeleteQuietlyAsync(ProjectListPartition(upload.ProjectId), ProjectListRow(upload),
                        cancellationToken);
                }
                catch (RequestFailedException exception) when (exception.Status is 404 or 412)
                {
                }
            }
            await DeleteQuietlyAsync(FinishedIndexPartition, row.RowKey, cancellationToken);
            if (++expired >= max) break;
        }
        return expired;
    }

    async Task DeleteQuietlyAsync(string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Uploads.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
    }

    /// <summary>
    /// The project's list of uploads ("list|{projectId}", newest first: the row key starts with the time until the
    /// end of the calendar, then the upload id).
    /// </summary>
    static string ProjectListPartition(string projectId) => $"list|{projectId}";

    static string ProjectListRow(UploadRecord upload) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - upload.CreatedAt.UtcTicks:D19}|{upload.UploadId}";

    public async Task<IReadOnlyList<(string Position, string UploadId)>> ListIdsAsync(string projectId,
        string? after, int limit, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = ProjectListPartition(projectId);
        var from = after ?? "";
        var ids = new List<(string, string)>();
        await foreach (var row in tables.Uploads.QueryAsync<TableEntity>(
                           e => e.PartitionKey == partition && e.RowKey.CompareTo(from) > 0,
                           maxPerPage: limit + 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add((row.RowKey, row.RowKey[(row.RowKey.IndexOf('|') + 1)..]));
            if (ids.Count > limit) break;
        }
        return ids;
    }

    /// <summary>The open index ("open", one row per upload id) and the finished one ("finished", by completion).</summary>
    const string OpenIndexPartition = "open";
    const string FinishedIndexPartition = "finished";

    static string FinishedIndexRow(UploadRecord finished) =>
        $"{(finished.CompletedAt ?? finished.CreatedAt).UtcTicks:D19}|{finished.UploadId}";

    public async Task<IReadOnlyList<(UploadChunk Chunk, string Version)>> ReadChunksAsync(string uploadId,
        CancellationToken cancellationToken)
    {
        var chunks = new List<(UploadChunk, string)>();
        await foreach (var row in tables.Uploads.QueryPrefixAsync(uploadId, ChunkRowPrefix,
                           cancellationToken: cancellationToken))
            chunks.Add((ToChunk(row), Versions.Of(row.ETag)));
        return chunks;
    }

    /// <returns>False when the row exists already (someone else wrote it first).</returns>
    /// <remarks>
    /// The row carries the id of this attempt, so a write whose reply was lost (the SDK's retry meeting it) is
    /// recognised as this caller's, and its chunk is sent now rather than after another stale period.
    /// </remarks>
    public async Task<bool> TryAddChunkAsync(string uploadId, UploadChunk chunk, CancellationToken cancellationToken)
    {
        var claimId = Guid.NewGuid().ToString("N");
        var entity = ToEntity(uploadId, chunk);
        entity[ClaimIdProperty] = claimId;
        try
        {
            await tables.Uploads.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var found = await tables.Uploads.GetEntityIfExistsAsync<TableEntity>(uploadId, ChunkRow(chunk.Chunk),
                select: [ClaimIdProperty], cancellationToken: cancellationToken);
            return found.HasValue && found.Value!.GetString(ClaimIdProperty) == claimId;
        }
    }

    const string ClaimIdProperty = "ClaimId";

    /// <returns>False when the row changed or went since it was read.</returns>
    public async Task<bool> TryReplaceChunkAsync(string uploadId, UploadChunk chunk, string version,
        CancellationToken cancellationToken)
    {
        try
        {
            await tables.Uploads.UpdateEntityAsync(ToEntity(uploadId, chunk), Versions.ETagOf(version),
                TableUpdateMode.Replace,
                cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Changes a chunk's row under its ETag, reading it again after a conflict (attempts of the same chunk run
    /// concurrently when its message is delivered twice).
    /// </summary>
    /// <param name="change">The new row, or null to leave it as it is.</param>
    /// <returns>The row as it now is, or null when there is none (the upload finished and was cleaned up).</returns>
    public async Task<UploadChunk?> ChangeChunkAsync(string uploadId, int chunk, Func<UploadChunk, UploadChunk?> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxChangeAttempts; attempt++)
        {
            var found = await tables.Uploads.GetEntityIfExistsAsync<TableEntity>(uploadId, ChunkRow(chunk),
                cancellationToken: cancellationToken);
            if (!found.HasValue) return null;
            var current = ToChunk(found.Value!);
            if (change(current) is not { } changed) return current;
            if (await TryReplaceChunkAsync(uploadId, changed, Versions.Of(found.Value!.ETag), cancellationToken))
                return changed;
        }
        throw new InvalidOperationException(
            $"Chunk {chunk} of upload {uploadId} changed {MaxChangeAttempts} times while being written.");
    }

    /// <summary>Deletes a finished upload's chunk rows and chunk blobs; what is gone already is skipped.</summary>
    public async Task DeleteChunksAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        await containers.EnsureAsync(cancellationToken);
        var blobs = new List<string>();
        await foreach (var blob in Container(UploadsContainer).GetBlobsAsync(BlobTraits.None, BlobStates.None,
                           upload.UploadId + "/", cancellationToken))
            blobs.Add(blob.Name);
        var parallel = StorageParallelism.Options(DeleteParallelism, cancellationToken);
        await Parallel.ForEachAsync(blobs, parallel, async (name, ct) =>
            await Container(UploadsContainer).DeleteBlobIfExistsAsync(name, cancellationToken: ct));
        await Parallel.ForEachAsync(Enumerable.Range(0, upload.ChunkCount), parallel,
            async (chunk, ct) => await DeleteQuietlyAsync(upload.UploadId, ChunkRow(chunk), ct));
    }

    /// <summary>
    /// Uploads the sweep looks after: those still ingesting, and finished ones whose chunks are not cleaned up yet —
    /// read from the open index (what it costs is what is open), each record by its id.
    /// </summary>
    public async Task<IReadOnlyList<UploadRecord>> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var ids = new List<string>();
        await foreach (var row in tables.Uploads.QueryAsync<TableEntity>(e => e.PartitionKey == OpenIndexPartition,
                           select: ["RowKey"], cancellationToken: cancellationToken))
            ids.Add(row.RowKey);
        var uploads = new List<UploadRecord>();
        foreach (var id in ids)
        {
            if (await GetAsync(id, cancellationToken) is not ({ } upload, _))
                await DeleteQuietlyAsync(OpenIndexPartition, id, cancellationToken);
            else if (upload.Status == UploadStatus.Ingesting || !upload.CleanedUp)
                uploads.Add(upload);
            else
                await MarkCleanedUpAsync(upload, cancellationToken); // its clean-up stopped between two steps
        }
        return uploads;
    }

    /// <summary>
    /// Indexes the records written before the open and finished indexes existed (a scan of every record: once per
    /// process, by the first sweep).
    /// </summary>
    /// <returns>How many records were indexed.</returns>
    public async Task<int> IndexLegacyRecordsAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var indexed = 0;
        await foreach (var row in tables.Uploads.QueryAsync<TableEntity>($"RowKey eq '{RecordRow}'",
                           cancellationToken: cancellationToken))
        {
            var upload = ToRecord(row);
            await tables.Uploads.UpsertEntityAsync(
                upload.Status == UploadStatus.Ingesting || !upload.CleanedUp
                    ? new TableEntity(OpenIndexPartition, upload.UploadId)
                    : new TableEntity(FinishedIndexPartition, FinishedIndexRow(upload)),
                TableUpdateMode.Replace, cancellationToken);
            await tables.Uploads.UpsertEntityAsync(new TableEntity(ProjectListPartition(upload.ProjectId),
                ProjectListRow(upload)), TableUpdateMode.Replace, cancellationToken);
            indexed++;
        }
        return indexed;
    }

    public async Task WriteBlobAsync(string container, string name, BinaryData content,
        CancellationToken cancellationToken)
    {
        await containers.EnsureAsync(cancellationToken);
        await Container(container).GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken);
    }

    public async Task<BinaryData?> ReadBlobAsync(string container, string name, CancellationToken cancellationToken)
    {
        await containers.EnsureAsync(cancellationToken);
        try
        {
            return (await Container(container).GetBlobClient(name).DownloadContentAsync(cancellationToken))
                .Value.Content;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    public Task WriteChunkAsync(string uploadId, int chunk, byte[] json, CancellationToken cancellationToken) =>
        WriteBlobAsync(UploadsContainer, ChunkBlob(uploadId, chunk), new BinaryData(json), cancellationToken);

    public async Task<byte[]?> ReadChunkAsync(string uploadId, int chunk, CancellationToken cancellationToken) =>
        (await ReadBlobAsync(UploadsContainer, ChunkBlob(uploadId, chunk), cancellationToken))?.ToArray();

    public Task WriteReportAsync(string reportBlob, byte[] json, CancellationToken cancellationToken) =>
        WriteBlobAsync(ResultsContainer, reportBlob, new BinaryData(json), cancellationToken);

    public async Task<bool> HasReportAsync(string reportBlob, CancellationToken cancellationToken) =>
        await ReadBlobAsync(ResultsContainer, reportBlob, cancellationToken) is not null;

    public async Task<DroppedFile> ReadDropAsync(string name, long limit, CancellationToken cancellationToken)
    {
        await containers.EnsureAsync(cancellationToken);
        var blob = Container(DropsContainer).GetBlobClient(name);
        try
        {
            var size = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
            if (size > limit) return new DroppedFile(true, size, null);
            var download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
            await using var content = download.Content;
            var file = await BoundedRead.ReadAsync(content, download.Details.ContentLength, limit, cancellationToken);
            return new DroppedFile(true, download.Details.ContentLength, file);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return new DroppedFile(false, 0, null);
        }
    }

    public static string ChunkBlob(string uploadId, int chunk) => $"{uploadId}/chunk-{chunk:D5}.json";
    static string ChunkRow(int chunk) => $"{ChunkRowPrefix}{chunk:D5}";

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
        ["Created"] = upload.Counts?.Created,
        ["Existing"] = upload.Counts?.Existing,
        ["ChunksDone"] = upload.Counts?.ChunksDone,
        ["Failure"] = upload.Failure,
        ["CleanedUp"] = upload.CleanedUp,
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
        entity.GetString("Errors") is { } errors
            ? JsonSerializer.Deserialize<List<ValidationError>>(errors, Json)!
            : [])
    {
        Counts = entity.GetInt32("Created") is { } created
            ? new UploadCounts(created, entity.GetInt32("Existing") ?? 0, entity.GetInt32("ChunksDone") ?? 0)
            : null,
        Failure = entity.GetString("Failure"),
        CleanedUp = entity.GetBoolean("CleanedUp") ?? false,
    };

    static TableEntity ToEntity(string uploadId, UploadChunk chunk) => new(uploadId, ChunkRow(chunk.Chunk))
    {
        ["SentAt"] = chunk.SentAt,
        ["AttemptedAt"] = chunk.AttemptedAt,
        ["Attempts"] = chunk.Attempts,
        ["LastError"] = chunk.LastError is { Length: > MaxErrorLength } e ? e[..MaxErrorLength] : chunk.LastError,
        ["Done"] = chunk.Done,
        ["Created"] = chunk.Created,
        ["Existing"] = chunk.Existing,
    };

    static UploadChunk ToChunk(TableEntity entity) => new(int.Parse(entity.RowKey[ChunkRowPrefix.Length..],
        CultureInfo.InvariantCulture))
    {
        SentAt = entity.GetDateTimeOffset("SentAt"),
        AttemptedAt = entity.GetDateTimeOffset("AttemptedAt"),
        Attempts = entity.GetInt32("Attempts") ?? 0,
        LastError = entity.GetString("LastError"),
        // Rows written before attempts were tracked exist only for finished chunks.
        Done = entity.GetBoolean("Done") ?? true,
        Created = entity.GetInt32("Created") ?? 0,
        Existing = entity.GetInt32("Existing") ?? 0,
    };
}
