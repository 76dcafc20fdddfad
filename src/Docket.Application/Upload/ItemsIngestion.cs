using System.Text.Json;
using Docket.Domain.Items;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Domain.Validation;
using Docket.Storage.Messaging;
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
    DocketQueues queues,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<ItemsIngestion> logger)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="uploadId">A deterministic id for drops, so a redelivered drop continues the same upload.</param>
    public async Task<IngestionOutcome> IngestAsync(Project project, ReadOnlyMemory<byte> file, string actor, string? reportBlob, string? uploadId, CancellationToken cancellationToken)
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
                    status = nameof(UploadStatus.Failed), total = 0, created = 0, existing = 0, errorCount = parsed.ErrorCount, errors,
                }, cancellationToken);
            }
            return new IngestionOutcome.Invalid(errors, parsed.ErrorCount);
        }

        var settings = options.Value;
        var now = clock.GetUtcNow();
        uploadId ??= Guid.NewGuid().ToString("N");
        if (parsed.Entries.Count <= settings.LargeFileEntries && file.Length <= settings.LargeFileBytes)
        {
            // Created means created by this call: a file ingested in one go has no earlier attempt to continue.
            var result = await CreateAsync(project, parsed.Entries, now, uploadId, actor, roster, cancellationToken);
            var created = result.Created.Select(t => t.Task).ToList();
            var existing = result.Existing.ToList();
            if (reportBlob is not null)
                await WriteReportAsync(reportBlob, new { status = nameof(UploadStatus.Completed), total = parsed.Entries.Count, created = created.Count, existing = existing.Count, errors = Array.Empty<object>() }, cancellationToken);
            return new IngestionOutcome.Done(created, existing);
        }

        var chunks = parsed.Entries.Chunk(settings.ChunkSize).ToList();
        await Parallel.ForEachAsync(chunks.Select((entries, index) => (entries, index)), cancellationToken, async (chunk, ct) =>
            await uploads.WriteBlobAsync(UploadStore.UploadsContainer, UploadStore.ChunkBlob(uploadId, chunk.index),
                BinaryData.FromObjectAsJson(chunk.entries.Select(ChunkEntry.From).ToList(), Json), ct));

        // A redelivered drop finds its upload already under way: keep its clock so queuedAt stays the same.
        var existingUpload = await uploads.GetAsync(uploadId, cancellationToken);
        var upload = existingUpload?.Upload ?? new UploadRecord(uploadId, project.ProjectId, UploadStatus.Ingesting, parsed.Entries.Count, chunks.Count,
            actor, now, null, reportBlob, []);
        if (existingUpload is null) await uploads.SaveAsync(upload, cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, chunks.Count), cancellationToken, async (chunk, ct) =>
            await queues.SendAsync(DocketQueues.UploadChunks, JsonSerializer.Serialize(new UploadChunkMessage(uploadId, chunk), Json), ct));
        logger.LogInformation("Upload {UploadId} for project {ProjectId}: {Total} entries in {Chunks} chunks", uploadId, project.ProjectId, upload.Total, chunks.Count);
        return new IngestionOutcome.Started(upload);
    }

    /// <summary>Ingests one chunk of a large upload (from the queue); then completes the upload when it was the last.</summary>
    public async Task IngestChunkAsync(UploadChunkMessage message, CancellationToken cancellationToken)
    {
        var found = await uploads.GetAsync(message.UploadId, cancellationToken);
        if (found is null)
        {
            logger.LogWarning("Chunk {Chunk} names unknown upload {UploadId}; dropped", message.Chunk, message.UploadId);
            return;
        }
        var upload = found.Value.Upload;
        var project = await projects.GetAsync(upload.ProjectId, cancellationToken)
                      ?? throw new InvalidOperationException($"Project '{upload.ProjectId}' of upload {upload.UploadId} is gone.");
        var content = await uploads.ReadBlobAsync(UploadStore.UploadsContainer, UploadStore.ChunkBlob(upload.UploadId, message.Chunk), cancellationToken)
                      ?? throw new InvalidOperationException($"Chunk {message.Chunk} of upload {upload.UploadId} is missing.");
        var entries = content.ToObjectFromJson<List<ChunkEntry>>(Json)!.Select(e => e.ToEntry()).ToList();

        var roster = await RosterAsync(project, cancellationToken);
        var result = await CreateAsync(project, entries, upload.CreatedAt, upload.UploadId, upload.Actor, roster, cancellationToken);
        var createdBefore = result.Existing.Count(t => t.UploadId == upload.UploadId);
        await uploads.RecordChunkAsync(upload.UploadId,
            new ChunkResult(message.Chunk, result.Created.Count + createdBefore, result.Existing.Count - createdBefore), cancellationToken);
        await CompleteIfFinishedAsync(upload.UploadId, cancellationToken);
    }

    /// <summary>
    /// Asks again for the chunks of uploads that have been ingesting for too long: a process that died between
    /// saving an upload and sending all its chunk messages leaves chunks nobody will ask for. Chunks are idempotent,
    /// so asking for one still in progress costs only a repeat.
    /// </summary>
    public async Task<int> ResumeStaleUploadsAsync(CancellationToken cancellationToken)
    {
        var resent = 0;
        foreach (var upload in await uploads.ListIngestingAsync(clock.GetUtcNow() - options.Value.StaleUploadAge, cancellationToken))
        {
            var done = (await uploads.ReadChunksAsync(upload.UploadId, cancellationToken)).Select(c => c.Chunk).ToHashSet();
            foreach (var chunk in Enumerable.Range(0, upload.ChunkCount).Where(c => !done.Contains(c)))
            {
                await queues.SendAsync(DocketQueues.UploadChunks, JsonSerializer.Serialize(new UploadChunkMessage(upload.UploadId, chunk), Json), cancellationToken);
                resent++;
            }
            if (done.Count == upload.ChunkCount) await CompleteIfFinishedAsync(upload.UploadId, cancellationToken);
        }
        if (resent > 0) logger.LogWarning("Asked again for {Chunks} chunks of stale uploads", resent);
        return resent;
    }

    /// <summary>The upload as a client sees it: status and counts so far.</summary>
    public async Task<UploadView?> DescribeAsync(string projectId, string uploadId, CancellationToken cancellationToken)
    {
        var found = await uploads.GetAsync(uploadId, cancellationToken);
        if (found is null || found.Value.Upload.ProjectId != projectId) return null;
        var upload = found.Value.Upload;
        var chunks = await uploads.ReadChunksAsync(uploadId, cancellationToken);
        return Describe(upload, chunks);
    }

    static UploadView Describe(UploadRecord upload, IReadOnlyList<ChunkResult> chunks) => new(
        upload.UploadId, upload.Status.ToString(), upload.Total, chunks.Sum(c => c.Created), chunks.Sum(c => c.Existing),
        upload.ChunkCount, chunks.Count, upload.CreatedAt, upload.CompletedAt, upload.Errors);

    async Task CompleteIfFinishedAsync(string uploadId, CancellationToken cancellationToken)
    {
        var found = await uploads.GetAsync(uploadId, cancellationToken);
        if (found is null || found.Value.Upload.Status != UploadStatus.Ingesting) return;
        var chunks = await uploads.ReadChunksAsync(uploadId, cancellationToken);
        if (chunks.Count < found.Value.Upload.ChunkCount) return;

        var completed = found.Value.Upload with { Status = UploadStatus.Completed, CompletedAt = clock.GetUtcNow() };
        if (!await uploads.TryReplaceAsync(completed, found.Value.ETag, cancellationToken)) return;
        logger.LogInformation("Upload {UploadId} completed: {Created} created, {Existing} existing", uploadId, chunks.Sum(c => c.Created), chunks.Sum(c => c.Existing));
        if (completed.ReportBlob is not null)
            await WriteReportAsync(completed.ReportBlob, Describe(completed, chunks), cancellationToken);
    }

    async Task<TaskBatches.CreateResult> CreateAsync(Project project, IReadOnlyList<ItemsFileEntry> entries, DateTimeOffset createdAt, string uploadId,
        string actor, IReadOnlyDictionary<string, Membership> roster, CancellationToken cancellationToken)
    {
        var newTasks = entries.Select(entry => NewTask.FromEntry(entry, project.Workflow, createdAt,
            createdAt.AddTicks(entry.Index), uploadId, actor,
            (email, stage) => roster.TryGetValue(email, out var member) && member.HasStageAccess(stage))).ToList();
        return await batches.CreateAsync(project, newTasks, cancellationToken);
    }

    async Task<IReadOnlyDictionary<string, Membership>> RosterAsync(Project project, CancellationToken cancellationToken) =>
        (await members.ListAsync(project.ProjectId, cancellationToken)).ToDictionary(m => m.Email);

    Task WriteReportAsync(string reportBlob, object report, CancellationToken cancellationToken) =>
        uploads.WriteBlobAsync(UploadStore.ResultsContainer, reportBlob, BinaryData.FromObjectAsJson(report, Json), cancellationToken);
}
