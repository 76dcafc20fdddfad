using System.Text.Json;
using Docket.Domain.Items;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Domain.Validation;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
using Docket.Storage.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Docket.Application.Upload;

/// <summary>
/// One pipeline for every way an items file arrives (HTTP, blob drop, queue drop): validate the whole file, then
/// create its tasks — at once when small, otherwise in chunks through the "upload-chunks" queue so that several
/// instances share the work. Every step can run twice: task ids come from names, and a chunk counts the tasks its
/// own upload created before as created.
/// </summary>
public sealed class ItemsIngestion(
    ProjectStore projects,
    MemberStore members,
    TaskBatches batches,
    UploadStore uploads,
    ChunkMessages chunkMessages,
    UploadFinisher finisher,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<ItemsIngestion> logger)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="uploadId">A deterministic id for drops, so a redelivered drop continues the same upload.</param>
    public async Task<IngestionOutcome> IngestAsync(Project project, ReadOnlyMemory<byte> file, string actor,
        string? reportBlob, string? uploadId, CancellationToken cancellationToken)
    {
        var roster = await RosterAsync(project, cancellationToken);
        var parsed = ItemsFileParser.Parse(file, new ItemsFileRules
        {
            Workflow = project.Workflow,
            CheckAssignee = (email, stage) => !roster.TryGetValue(email, out var member) ? PreAssignCheck.NotMember
                : member.HasStageAccess(stage) ? PreAssignCheck.Ok : PreAssignCheck.NoStageAccess,
        });
        if (!parsed.IsValid)
        {
            var errors = parsed.Errors.Select(e => new ValidationError(e.Field, e.Message, e.Index, e.Name)).ToList();
            if (reportBlob is not null)
            {
                await WriteReportAsync(reportBlob, new
                {
                    status = nameof(UploadStatus.Failed),
                    total = 0,
                    created = 0,
                    existing = 0,
                    errorCount = parsed.ErrorCount,
                    errors,
                }, cancellationToken);
            }
            return new IngestionOutcome.Invalid(errors, parsed.ErrorCount);
        }

        var settings = options.Value;
        var now = clock.GetUtcNow();
        var mayBeRedelivered = uploadId is not null;
        uploadId ??= Guid.NewGuid().ToString("N");
        if (parsed.Entries.Count <= settings.LargeFileEntries && file.Length <= settings.LargeFileBytes)
        {
            // Created means created by this call: a file ingested in one go has no earlier attempt to continue.
            var result = await CreateAsync(project, parsed.Entries, now, uploadId, actor, roster, cancellationToken);
            var created = result.Created.Select(t => t.Task).ToList();
            var existing = result.Existing.ToList();
            if (reportBlob is not null)
                await WriteReportAsync(reportBlob,
                    new
                    {
                        status = nameof(UploadStatus.Completed),
                        total = parsed.Entries.Count,
                        created = created.Count,
                        existing = existing.Count,
                        errors = Array.Empty<object>()
                    },
                            cancellationToken);
            return new IngestionOutcome.Done(created, existing);
        }

        // A redelivered drop finds its upload under way or finished: its chunks are stored already, and the chunk
        // messages or the sweep carry it on.
        if (mayBeRedelivered && await uploads.GetAsync(uploadId, cancellationToken) is ({ } existingUpload, _))
            return new IngestionOutcome.Started(existingUpload);

        var chunks = parsed.Entries.Chunk(settings.ChunkSize).ToList();
        await Parallel.ForEachAsync(chunks.Select((entries, index) => (entries, index)), cancellationToken,
            async (chunk, ct) =>
            await uploads.WriteBlobAsync(UploadStore.UploadsContainer, UploadStore.ChunkBlob(uploadId, chunk.index),
                BinaryData.FromObjectAsJson(chunk.entries.Select(ChunkEntry.From).ToList(), Json), ct));

        var upload = new UploadRecord(uploadId, project.ProjectId, UploadStatus.Ingesting, parsed.Entries.Count,
            chunks.Count, actor, now, null, reportBlob, []);
        var chunkRows = Enumerable.Range(0, chunks.Count).Select(c => new UploadChunk(c) { SentAt = now });
        await uploads.CreateAsync(upload, chunkRows, cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, chunks.Count), cancellationToken, async (chunk, ct) =>
            await chunkMessages.SendAsync(uploadId, chunk, ct));
        logger.LogInformation("Upload {UploadId} for project {ProjectId}: {Total} entries in {Chunks} chunks", uploadId,
            project.ProjectId, upload.Total, chunks.Count);
        return new IngestionOutcome.Started(upload);
    }

    /// <summary>
    /// Ingests one chunk of a large upload (from the queue), then completes the upload when it was the last. Each
    /// attempt is counted on the chunk's row before it starts and its error noted when it fails; the error is thrown
    /// again so that the queue retries, until the chunk has used up <see cref="IngestionOptions.MaxChunkAttempts"/>
    /// and the upload fails.
    /// </summary>
    public async Task IngestChunkAsync(UploadChunkMessage message, CancellationToken cancellationToken)
    {
        var found = await uploads.GetAsync(message.UploadId, cancellationToken);
        if (found is not ({ } upload, _))
        {
            logger.LogWarning("Chunk {Chunk} names unknown upload {UploadId}; dropped", message.Chunk,
                message.UploadId);
            return;
        }
        if (upload.Status != UploadStatus.Ingesting) return; // a late duplicate: the upload has ended
        var attempt = await uploads.ChangeChunkAsync(upload.UploadId, message.Chunk,
            chunk => chunk.Done ? null : chunk with { Attempts = chunk.Attempts + 1, AttemptedAt = clock.GetUtcNow() },
            cancellationToken);
        if (attempt is null) return; // no row: the upload ended and was cleaned up since it was read
        if (attempt.Done)
        {
            // Done by an earlier delivery, which may have died before completing the upload.
            await finisher.CompleteIfFinishedAsync(upload.UploadId, cancellationToken);
            return;
        }

        (int Created, int Existing) counts;
        try
        {
            counts = await IngestChunkEntriesAsync(upload, message.Chunk, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException
                                          || !cancellationToken.IsCancellationRequested)
        {
            var error = $"{exception.GetType().Name}: {exception.Message}";
            var failed = await uploads.ChangeChunkAsync(upload.UploadId, message.Chunk,
                chunk => chunk with { LastError = error }, cancellationToken);
            if (failed is null || attempt.Attempts < options.Value.MaxChunkAttempts) throw;
            await finisher.FailAsync(upload.UploadId, failed, cancellationToken);
            return;
        }
        await uploads.ChangeChunkAsync(upload.UploadId, message.Chunk,
            chunk => chunk with { Done = true, Created = counts.Created, Existing = counts.Existing },
            cancellationToken);
        await finisher.CompleteIfFinishedAsync(upload.UploadId, cancellationToken);
    }

    /// <returns>What the chunk created (counting what this upload created in an earlier attempt) and found.</returns>
    async Task<(int Created, int Existing)> IngestChunkEntriesAsync(UploadRecord upload, int chunk,
        CancellationToken cancellationToken)
    {
        var project = await projects.GetAsync(upload.ProjectId, cancellationToken)
                      ?? throw new InvalidOperationException(
                          $"Project '{upload.ProjectId}' of upload {upload.UploadId} is gone.");
        var content = await uploads.ReadBlobAsync(UploadStore.UploadsContainer,
                          UploadStore.ChunkBlob(upload.UploadId, chunk), cancellationToken)
                      ?? throw new InvalidOperationException($"Chunk {chunk} of upload {upload.UploadId} is missing.");
        var entries = content.ToObjectFromJson<List<ChunkEntry>>(Json)!.Select(e => e.ToEntry()).ToList();

        var roster = await RosterAsync(project, cancellationToken);
        var result = await CreateAsync(project, entries, upload.CreatedAt, upload.UploadId, upload.Actor, roster,
            cancellationToken);
        var createdBefore = result.Existing.Count(t => t.UploadId == upload.UploadId);
        return (result.Created.Count + createdBefore, result.Existing.Count - createdBefore);
    }

    /// <summary>The upload as a client sees it: status and counts so far.</summary>
    public async Task<UploadView?> DescribeAsync(string projectId, string uploadId, CancellationToken cancellationToken)
    {
        var found = await uploads.GetAsync(uploadId, cancellationToken);
        if (found is not ({ } upload, _) || upload.ProjectId != projectId) return null;
        var counts = upload.Counts ?? UploadCounts.Of(
            (await uploads.ReadChunksAsync(uploadId, cancellationToken)).Select(c => c.Chunk));
        return UploadView.From(upload, counts);
    }

    async Task<TaskBatches.CreateResult> CreateAsync(Project project, IReadOnlyList<ItemsFileEntry> entries,
        DateTimeOffset createdAt, string uploadId,
        string actor, IReadOnlyDictionary<string, Membership> roster, CancellationToken cancellationToken)
    {
        var newTasks = entries.Select(entry => NewTask.FromEntry(entry, project.Workflow, createdAt,
            createdAt.AddTicks(entry.Index), uploadId, actor,
            (email, stage) => roster.TryGetValue(email, out var member) && member.HasStageAccess(stage))).ToList();
        return await batches.CreateAsync(project, newTasks, cancellationToken);
    }

    async Task<IReadOnlyDictionary<string, Membership>> RosterAsync(Project project,
        CancellationToken cancellationToken) =>
        (await members.ListAsync(project.ProjectId, cancellationToken)).ToDictionary(m => m.Email);

    Task WriteReportAsync(string reportBlob, object report, CancellationToken cancellationToken) =>
        uploads.WriteBlobAsync(UploadStore.ResultsContainer, reportBlob, BinaryData.FromObjectAsJson(report, Json),
            cancellationToken);
}
