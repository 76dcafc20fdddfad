using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Domain.Items;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Domain.Validation;
using Docket.Application.Ports;
using Docket.Application.Tasks;
using Docket.Application.Telemetry;
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
    IProjectStore projects,
    IMemberStore members,
    ITaskWriter writer,
    IUploadStore uploads,
    UploadFinisher finisher,
    StaleUploadSweep sweep,
    IOptions<IngestionOptions> options,
    DocketMetrics metrics,
    TimeProvider clock,
    ILogger<ItemsIngestion> logger)
{
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    /// <param name="uploadId">From the file and where it came from (<see cref="UploadIds"/>), so the same file sent
    /// again finds the upload it started: one still ingesting is carried on, a failed one resumed.</param>
    public async Task<IngestionOutcome> IngestAsync(Project project, ReadOnlyMemory<byte> file, string actor,
        string? reportBlob, string uploadId, CancellationToken cancellationToken)
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

        var chunks = parsed.Entries.Chunk(settings.ChunkSize).ToList();
        var upload = await OpenAsync(project, uploadId, parsed.Entries.Count, chunks.Count, actor, reportBlob, now,
            cancellationToken);
        if (upload.Status != UploadStatus.Ingesting) return new IngestionOutcome.Started(upload);

        // The chunks are stored under their record, never before it: a request that dies part-way leaves an upload
        // the sweep sees (its chunks unsent), never blobs nothing points to. Sent again, the file stores the same
        // chunks under the same names.
        await Parallel.ForEachAsync(chunks.Select((entries, index) => (entries, index)), cancellationToken,
            async (chunk, ct) =>
            await uploads.WriteChunkAsync(uploadId, chunk.index,
                JsonSerializer.SerializeToUtf8Bytes(chunk.entries.Select(ChunkEntry.From).ToList(), Json), ct));
        // Every chunk not done and not sent (or sent long ago) is asked for, each once even when two requests or
        // the sweep do this at once.
        var sent = await sweep.ResumeAsync(upload, now - settings.StaleUploadAge, cancellationToken);
        logger.UploadStarted(uploadId, project.ProjectId, upload.Total, chunks.Count, sent);
        return new IngestionOutcome.Started(upload);
    }

    /// <summary>
    /// The upload's record: a new one (with its chunk rows, none sent yet), the one this file started before, or
    /// that one resumed when it had failed (its chunk rows written anew: every chunk is tried again, and those done
    /// before find their tasks and count them as created by this upload).
    /// </summary>
    async Task<UploadRecord> OpenAsync(Project project, string uploadId, int total, int chunkCount, string actor,
        string? reportBlob, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var chunkRows = Enumerable.Range(0, chunkCount).Select(c => new UploadChunk(c)).ToList();
        while (true)
        {
            if (await uploads.GetAsync(uploadId, cancellationToken) is not ({ } found, var version))
            {
                var fresh = new UploadRecord(uploadId, project.ProjectId, UploadStatus.Ingesting, total, chunkCount,
                    actor, now, null, reportBlob, []);
                // False when it exists after all: another request made it, or ours did and its reply was lost.
                if (await uploads.TryCreateAsync(fresh, chunkRows, cancellationToken)) return fresh;
                continue;
            }
            if (found.Status != UploadStatus.Failed) return found;
            var resumed = found with
            {
                Status = UploadStatus.Ingesting,
                CompletedAt = null,
                Counts = null,
                Failure = null,
                CleanedUp = false,
            };
            if (!await uploads.TryReplaceAsync(resumed, version, cancellationToken)) continue;
            await uploads.MarkOpenAsync(uploadId, cancellationToken);
            await uploads.WriteChunkRowsAsync(uploadId, chunkRows, cancellationToken);
            logger.UploadResumed(uploadId, found.Failure);
            return resumed;
        }
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
            logger.ChunkOfUnknownUpload(message.Chunk, message.UploadId);
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
        var content = await uploads.ReadChunkAsync(upload.UploadId, chunk, cancellationToken)
                      ?? throw new InvalidOperationException($"Chunk {chunk} of upload {upload.UploadId} is missing: " +
                          "the request that posted the file ended before storing it; send the file again.");
        var entries = JsonSerializer.Deserialize<List<ChunkEntry>>(content, Json)!.Select(e => e.ToEntry()).ToList();

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

    async Task<CreatedTasks> CreateAsync(Project project, IReadOnlyList<ItemsFileEntry> entries,
        DateTimeOffset createdAt, string uploadId,
        string actor, IReadOnlyDictionary<string, Membership> roster, CancellationToken cancellationToken)
    {
        var newTasks = entries.Select(entry => NewTask.FromEntry(entry, project.Workflow, createdAt,
            createdAt.AddTicks(entry.Index), uploadId, actor,
            (email, stage) => roster.TryGetValue(email, out var member) && member.HasStageAccess(stage))).ToList();
        var created = await writer.CreateAsync(project, newTasks, cancellationToken);
        metrics.UploadTasksWritten(created.Created.Count);
        return created;
    }

    async Task<IReadOnlyDictionary<string, Membership>> RosterAsync(Project project,
        CancellationToken cancellationToken) =>
        (await members.ListAsync(project.ProjectId, cancellationToken)).ToDictionary(m => m.Email);

    Task WriteReportAsync(string reportBlob, object report, CancellationToken cancellationToken) =>
        uploads.WriteReportAsync(reportBlob, JsonSerializer.SerializeToUtf8Bytes(report, Json), cancellationToken);
}
